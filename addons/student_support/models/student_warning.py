import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from .recipients import readers_by_record

_logger = logging.getLogger(__name__)

SEVERITIES = [("low", "Low"), ("medium", "Medium"), ("high", "High")]
WATCHED_MODELS = [("student.student", "Student"), ("student.case", "Key-support case"),
                  ("student.graduate", "Graduate in difficulty")]
# what decides what a rule finds and whose rights it runs with
DEFINITION_FIELDS = {"domain", "model_name", "company_id"}
COUNTY_OFFICER = "student_support.group_county_officer"


class StudentWarningRule(models.Model):
    """What is watched (预警规则): a condition on students or cases, built with the
    domain editor, its severity, who is alerted and how often it is checked."""

    _name = "student.warning.rule"
    _inherit = ["student.fixed.owner.mixin"]
    _description = "Warning rule"
    _order = "sequence, id"
    _check_company_auto = True
    # a school's warning may come from the county's rule or a general one
    _check_company_domain = models.check_company_domain_parent_of

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    model_name = fields.Selection(WATCHED_MODELS, string="Watches", required=True, default="student.case")
    domain = fields.Char(
        string="Condition", required=True, default="[]",
        help="Records meeting it raise a warning; relative dates may use context_today() and relativedelta.",
    )
    severity = fields.Selection(SEVERITIES, required=True, default="medium")
    responsible_type = fields.Selection(
        [("field", "Person on the record"), ("group", "Members of a group")], string="Alert",
        required=True, default="field",
    )
    responsible_field = fields.Selection(
        [("mentor_id", "Mentor"), ("class_teacher_id", "Class teacher")], string="Person", default="mentor_id",
    )
    responsible_group_id = fields.Many2one("res.groups", string="Group")
    interval = fields.Selection([("daily", "Daily"), ("weekly", "Weekly"), ("monthly", "Monthly")],
                                string="Checked", required=True, default="daily")
    last_run = fields.Datetime(string="Last checked", readonly=True)
    company_id = fields.Many2one("res.company", string="Owner", index=True,
                                 help="Empty: every school; a county: its schools; a school: itself.")
    owner_id = fields.Many2one(
        "res.users", string="Runs as", readonly=True, index=True, ondelete="set null", check_company=True,
        default=lambda self: self.env.user,
        help="The rule is checked with this user's rights: the last one who changed its condition, what it "
             "watches or its owner. The seeded rules run as the system.")
    active = fields.Boolean(default=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                vals["owner_id"] = self.env.uid
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and vals.get("owner_id", self.env.uid) != self.env.uid:
            raise UserError(self.env._("A rule runs as the last user who changed its condition: it cannot be "
                                       "given to another user."))
        if DEFINITION_FIELDS & set(vals):
            vals = {**vals, "owner_id": self.env.uid}
        return super().write(vals)

    @api.constrains("domain", "model_name", "company_id")
    def _check_domain(self):
        """The condition passes the checker of user-written domains, for the user writing it."""
        user = self.env.user
        for rule in self:
            county = rule._is_county_rule(user)
            if county and not self.env[rule.model_name].with_user(user).has_access("read"):
                raise ValidationError(self.env._(
                    "Rule %(rule)s: a county rule cannot watch %(records)s, which county officers do not read; "
                    "each school's own rules watch them.", rule=rule.name,
                    records=self.env[rule.model_name]._description))
            try:
                domain = rule._get_domain()
                Checker = self.env["student.user.domain"]
                Checker._check_user_domain(rule.model_name, domain, user, county=county)
                # the condition runs: with the writer's rights, as it will run with the owner's
                self.env[rule.model_name].with_user(user).search_count(domain, limit=1)
            except ValidationError as error:
                raise ValidationError(self.env._("Rule %(rule)s: %(error)s", rule=rule.name,
                                                 error=error.args[0])) from None
            except (AccessError, ValueError, TypeError, KeyError) as error:
                raise ValidationError(self.env._("Rule %(rule)s: the condition is not valid (%(error)s).",
                                                 rule=rule.name, error=error)) from None

    def _get_domain(self):
        self.ensure_one()
        return self.env["student.user.domain"]._parse(self.domain, self)

    def _is_county_rule(self, user):
        """Whether the rule is checked in county mode: a county's rule, or written by a county officer."""
        self.ensure_one()
        # sudo: the kind of the owner company only (a school user may not read its county's company)
        return self.company_id.sudo().org_type == "county_bureau" or user.has_group(COUNTY_OFFICER)

    def _is_due(self, now):
        self.ensure_one()
        if not self.last_run:
            return True
        step = {"daily": relativedelta(days=1), "weekly": relativedelta(weeks=1),
                "monthly": relativedelta(months=1)}[self.interval]
        return self.last_run + step <= now + relativedelta(minutes=5)

    def _schools(self):
        """The schools this rule watches."""
        Company = self.env["res.company"].sudo()
        if not self.company_id:
            return Company.search([("org_type", "!=", "county_bureau")])
        if self.company_id.org_type == "county_bureau":
            return self.company_id._county_schools()
        return self.company_id

    def _alerted(self, records):
        """{record id: the users alerted about it}: the person on the record or the group's
        members, kept to the school's staff who can read the record (never a county officer)."""
        if self.responsible_type == "field":
            field = self.responsible_field if self.responsible_field in records._fields else None
            candidates = {record.id: record[field] if field else self.env["res.users"] for record in records}
        else:
            # sudo: the group's members are only candidates, kept below to those reading each record
            members = self.responsible_group_id.sudo().all_user_ids
            candidates = {record.id: members for record in records}
        return readers_by_record(records, candidates)

    def _matching_records(self):
        """The records meeting the condition, found with the owner's rights in the schools the
        rule watches and the owner works in (the seeded rules: as the system, every school)."""
        self.ensure_one()
        owner = self.owner_id
        if not owner or not (owner.active or owner._is_superuser()):
            raise UserError(self.env._("Rule %(rule)s has no active user to run as: save its condition again.",
                                       rule=self.name))
        domain = self._get_domain()
        # the owner's rights may have changed since the condition was written: checked again
        Checker = self.env["student.user.domain"]
        Checker._check_user_domain(self.model_name, domain, owner, county=self._is_county_rule(owner))
        return Checker._search_as_user(self.model_name, domain, owner, self._schools())

    def _check_may_run(self):
        """Who checks a rule by hand: an administrator any rule; the school admins of the rule's
        school, or the county officers of its county, that school's or county's rules. General
        rules (every school) are checked by the scheduled job."""
        self.check_access("read")
        user = self.env.user
        if self.env.su or user.has_group("base.group_system"):
            return
        for rule in self:
            company = rule.company_id
            if not company:
                raise AccessError(self.env._(
                    "Rule %(rule)s watches every school: the scheduled job or an administrator checks it.",
                    rule=rule.name))
            group = COUNTY_OFFICER if company.org_type == "county_bureau" else "student_support.group_school_admin"
            if not user.has_group(group) or company not in user.company_ids:
                raise AccessError(self.env._(
                    "Rule %(rule)s is checked by the managers of %(owner)s.", rule=rule.name, owner=company.name))

    def action_run(self):
        """Check the rules now (also what the scheduled job does when they are due)."""
        self._check_may_run()
        self.env["student.warning"]._evaluate(self)
        return True

    @api.model
    def _cron_evaluate(self):
        """Check the rules that are due, each with its owner's rights; a rule whose owner may no
        longer run it is skipped (and logged), the others run."""
        now = fields.Datetime.now()
        # sudo: the job reads every rule; each is then evaluated with its owner's rights
        rules = self.sudo().search([("active", "=", True)]).filtered(lambda r: r._is_due(now))
        for rule in rules:
            try:
                with self.env.cr.savepoint():
                    self.env["student.warning"]._evaluate(rule)
            except UserError as error:
                _logger.warning("Warning rule %s (%s) not checked: %s", rule.id, rule.name, error)


class StudentWarning(models.Model):
    """A warning raised by a rule for one student or case: open until acknowledged or
    until the condition no longer holds, when it resolves itself. One open warning
    per rule and record, whatever the number of runs."""

    _name = "student.warning"
    _description = "Warning"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "severity_rank desc, date_open desc, id desc"
    _check_company_auto = True

    rule_id = fields.Many2one("student.warning.rule", required=True, ondelete="cascade", index=True,
                              check_company=True)
    name = fields.Char(related="rule_id.name")
    severity = fields.Selection(related="rule_id.severity", store=True)
    severity_rank = fields.Integer(string="Severity order", compute="_compute_severity_rank", store=True)
    res_model = fields.Char(string="Document model", required=True, index=True)
    res_id = fields.Many2oneReference(string="Document", model_field="res_model", required=True, index=True)
    # computed for each reader with his own rights: the name of a record he may not read never shows
    record_name = fields.Char(string="Concerns", compute="_compute_record_name", search="_search_record_name",
                              compute_sudo=False)
    company_id = fields.Many2one("res.company", string="School", required=True, index=True,
                                 default=lambda self: self.env.company)
    user_ids = fields.Many2many("res.users", string="Alerted", check_company=True)
    state = fields.Selection([("open", "Open"), ("acknowledged", "Acknowledged"), ("resolved", "Resolved")],
                             string="Status", required=True, default="open", tracking=True, index=True)
    date_open = fields.Datetime(string="Raised on", required=True, default=fields.Datetime.now)
    date_resolved = fields.Datetime(string="Resolved on", tracking=True)

    _one_open_per_rule_record = models.UniqueIndex(
        "(rule_id, res_id) WHERE state != 'resolved'", "This record already has an open warning for this rule.")

    @api.depends("severity")
    def _compute_severity_rank(self):
        ranks = {"low": 1, "medium": 2, "high": 3}
        for warning in self:
            warning.severity_rank = ranks.get(warning.severity, 0)

    @api.depends("res_model", "res_id")
    @api.depends_context("uid")
    def _compute_record_name(self):
        hidden = self.env._("(a record you may not read)")
        for model_name, warnings in self.grouped("res_model").items():
            if model_name not in self.env:
                warnings.record_name = hidden
                continue
            records = self.env[model_name].browse(warnings.mapped("res_id")).exists()
            names = {record.id: record.display_name for record in records._filtered_access("read")}
            for warning in warnings:
                warning.record_name = names.get(warning.res_id, hidden)

    def _search_record_name(self, operator, value):
        """Warnings whose record the user reads and whose name matches."""
        if operator not in ("in", "ilike", "like", "=ilike", "=like"):
            return NotImplemented
        conditions = []
        for model_name, _label in WATCHED_MODELS:
            records = self.env[model_name]._search([("display_name", operator, value)])
            conditions.append(Domain("res_model", "=", model_name) & Domain("res_id", "in", records))
        return Domain.OR(conditions)

    def write(self, vals):
        if not self.env.su and set(vals) - {"state"}:
            raise UserError(self.env._("Warnings are raised and resolved by their rules; you may acknowledge them."))
        if not self.env.su and vals.get("state") not in (None, "acknowledged"):
            raise UserError(self.env._("A warning resolves itself when its condition no longer holds."))
        return super().write(vals)

    def action_acknowledge(self):
        self.filtered(lambda w: w.state == "open").write({"state": "acknowledged"})

    def action_open_record(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": self.res_model, "res_id": self.res_id,
                "view_mode": "form"}

    @api.model
    def _evaluate(self, rules):
        """Raise the warnings of ``rules`` for the records meeting their condition, found with
        each rule's owner's rights, and resolve those whose record no longer does. Only the
        school's staff who can read a record are alerted, and only they get its name."""
        # sudo: warnings are raised and resolved by the rules only; nobody is made a follower
        Warning = self.sudo().with_context(mail_create_nosubscribe=True)
        now = fields.Datetime.now()
        for rule in rules.sudo():
            matching = rule._matching_records()
            current = Warning.search([("rule_id", "=", rule.id), ("state", "!=", "resolved")])
            by_record = {warning.res_id: warning for warning in current}
            gone = current.filtered(lambda w, ids=set(matching.ids): w.res_id not in ids)
            gone.write({"state": "resolved", "date_resolved": now})
            gone.activity_unlink(["mail.mail_activity_data_todo"])
            new_records = matching.filtered(lambda r, known=by_record: r.id not in known)
            alerted = rule._alerted(new_records)
            created = Warning.create([{
                "rule_id": rule.id, "res_model": rule.model_name, "res_id": record.id,
                "company_id": record.company_id.id, "user_ids": [fields.Command.set(alerted[record.id].ids)],
            } for record in new_records])
            names = {record.id: record.display_name for record in new_records}
            for warning in created:
                summary = warning.with_context(lang=warning.company_id._school_lang()).name
                for user in warning.user_ids:
                    # the alerted users read the record (school_readers): its name may go in the to-do
                    warning.activity_schedule("mail.mail_activity_data_todo", user_id=user.id,
                                              summary=summary, note=names[warning.res_id])
            rule.last_run = now


class StudentWarningStat(models.Model):
    """Counts of warnings per school, rule, severity and status, for the county: no
    record, no name."""

    _name = "student.warning.stat"
    _description = "Warning figures"
    _auto = False

    company_id = fields.Many2one("res.company", string="School", readonly=True)
    county_id = fields.Many2one("res.company", readonly=True)
    rule_id = fields.Many2one("student.warning.rule", readonly=True)
    severity = fields.Selection(SEVERITIES, readonly=True)
    state = fields.Selection([("open", "Open"), ("acknowledged", "Acknowledged"), ("resolved", "Resolved")],
                             string="Status", readonly=True)
    warning_count = fields.Integer(string="Warnings", aggregator="sum", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL(
            """CREATE VIEW %s AS (
                SELECT min(w.id) AS id, w.company_id, co.county_id, w.rule_id, w.severity, w.state,
                       count(*) AS warning_count
                  FROM student_warning w JOIN res_company co ON co.id = w.company_id
              GROUP BY w.company_id, co.county_id, w.rule_id, w.severity, w.state)""",
            SQL.identifier(self._table)))
