from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval

from .student_identification import current_school_year

SEVERITIES = [("low", "Low"), ("medium", "Medium"), ("high", "High")]
WATCHED_MODELS = [("student.student", "Student"), ("student.case", "Key-support case")]


def domain_context(record):
    """What a domain written by an admin may use: relative dates of today in the user's time zone."""
    today = fields.Date.context_today(record)
    return {
        "context_today": lambda: today, "relativedelta": relativedelta, "datetime": safe_datetime,
        "month_start": today.replace(day=1), "year_start": today.replace(month=1, day=1),
        "school_year": current_school_year(today),
    }


class StudentWarningRule(models.Model):
    """What is watched (预警规则): a condition on students or cases, built with the
    domain editor, its severity, who is alerted and how often it is checked."""

    _name = "student.warning.rule"
    _description = "Warning rule"
    _order = "sequence, id"

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
    active = fields.Boolean(default=True)

    @api.constrains("domain", "model_name")
    def _check_domain(self):
        for rule in self:
            try:
                rule._get_domain()
                self.env[rule.model_name].sudo().search_count(rule._get_domain(), limit=1)
            except Exception as error:  # the condition is the admin's input: any failure is a wrong condition
                raise ValidationError(self.env._("Rule %(rule)s: the condition is not valid (%(error)s).",
                                                 rule=rule.name, error=error)) from error

    def _get_domain(self):
        self.ensure_one()
        return safe_eval(self.domain or "[]", domain_context(self))

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

    def _responsibles(self, record):
        if self.responsible_type == "field":
            return record[self.responsible_field] if self.responsible_field in record._fields else \
                self.env["res.users"]
        return self.responsible_group_id.sudo().all_user_ids.filtered(lambda u: record.company_id in u.company_ids)

    def action_run(self):
        """Check the rules now (also what the scheduled job does when they are due)."""
        self.env["student.warning"]._evaluate(self)
        return True

    @api.model
    def _cron_evaluate(self):
        now = fields.Datetime.now()
        rules = self.sudo().search([("active", "=", True)]).filtered(lambda r: r._is_due(now))
        self.env["student.warning"].sudo()._evaluate(rules)


class StudentWarning(models.Model):
    """A warning raised by a rule for one student or case: open until acknowledged or
    until the condition no longer holds, when it resolves itself. One open warning
    per rule and record, whatever the number of runs."""

    _name = "student.warning"
    _description = "Warning"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "severity_rank desc, date_open desc, id desc"

    rule_id = fields.Many2one("student.warning.rule", required=True, ondelete="cascade", index=True)
    name = fields.Char(related="rule_id.name")
    severity = fields.Selection(related="rule_id.severity", store=True)
    severity_rank = fields.Integer(string="Severity order", compute="_compute_severity_rank", store=True)
    res_model = fields.Char(string="Document model", required=True, index=True)
    res_id = fields.Many2oneReference(string="Document", model_field="res_model", required=True, index=True)
    record_name = fields.Char(string="Concerns")
    company_id = fields.Many2one("res.company", string="School", required=True, index=True)
    user_ids = fields.Many2many("res.users", string="Alerted")
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
        """Raise the warnings of ``rules`` for the records meeting their condition and
        resolve those whose record no longer does. Runs as superuser (a job)."""
        Warning = self.sudo()
        now = fields.Datetime.now()
        for rule in rules.sudo():
            Model = self.env[rule.model_name].sudo().with_context(active_test=True)
            matching = Model.search([*rule._get_domain(), ("company_id", "in", rule._schools().ids)])
            current = Warning.search([("rule_id", "=", rule.id), ("state", "!=", "resolved")])
            by_record = {warning.res_id: warning for warning in current}
            gone = current.filtered(lambda w, ids=set(matching.ids): w.res_id not in ids)
            gone.write({"state": "resolved", "date_resolved": now})
            gone.activity_unlink(["mail.mail_activity_data_todo"])
            new_records = matching.filtered(lambda r, known=by_record: r.id not in known)
            created = Warning.create([{
                "rule_id": rule.id, "res_model": rule.model_name, "res_id": record.id,
                "record_name": record.display_name, "company_id": record.company_id.id,
                "user_ids": [fields.Command.set(rule._responsibles(record).ids)],
            } for record in new_records])
            for warning in created:
                summary = warning.with_context(lang=warning.company_id._school_lang()).name
                for user in warning.user_ids:
                    warning.activity_schedule("mail.mail_activity_data_todo", user_id=user.id,
                                              summary=summary, note=warning.record_name)
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
