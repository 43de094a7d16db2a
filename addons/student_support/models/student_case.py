from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .elevated import elevated, group_users, next_sequence
from .recipients import schedule_todos, school_readers
from .school_lang import in_school_lang
from .student_mentor import OPEN_CASE_DOMAIN
from .student_workflow_mixin import WORKFLOW_PROTECTED_FIELDS

ORIGINS = [("application", "Application"), ("auto", "Auto-entitlement (免申即享)")]
CASELOAD_FIELDS = {"mentor_id", "stage_id", "exit_date", "active", "company_id"}


class StudentCase(models.Model):
    """A key-support case (重点帮扶对象): a disadvantaged student with an added
    growth difficulty, confirmed after collective review. Runs on the school's
    workflow and form; never listed publicly (seed 002: 无需公示、禁止公布)."""

    _name = "student.case"
    _description = "Key-support case"
    _inherit = ["student.workflow.mixin", "student.form.mixin"]
    _order = "id desc"
    _check_company_auto = True
    # set by the confirmation (entering the approved stage), the exit and the reopening
    _workflow_protected_fields = (*WORKFLOW_PROTECTED_FIELDS, "confirmed_date", "exit_date", "exit_reason")

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    student_id = fields.Many2one("student.student", required=True, check_company=True, index=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", string="School", required=True, default=lambda self: self.env.company, index=True
    )
    origin = fields.Selection(
        ORIGINS, required=True, default="application", tracking=True,
        help="Auto-entitlement: opened from data the county or province sent, without an application.",
    )
    applicant_role = fields.Selection(
        [("student", "Student"), ("parent", "Parent"), ("teacher", "Teacher")], string="Applied as", tracking=True,
    )
    applicant_name = fields.Char(string="Applied by", tracking=True)
    need_category_ids = fields.Many2many(
        "student.service.category", string="Growth difficulties", check_company=True,
        help="The areas in which the student needs care; mentors are suggested by matching specialities.",
    )
    mentor_id = fields.Many2one(
        "res.users", check_company=True, domain="[('share', '=', False)]", tracking=True, index=True
    )
    suggested_mentor_ids = fields.Many2many(
        "student.mentor", string="Suggested mentors", compute="_compute_suggested_mentor_ids",
        help="Mentors of the roster with a free place, those whose specialities match the difficulties first.",
    )
    description = fields.Text(string="Facts and reasons")
    wish_item_ids = fields.One2many("student.wish.item", "case_id", string="Wish list")
    support_record_ids = fields.One2many("student.support.record", "case_id", string="Support records")
    note_ids = fields.One2many("student.case.note", "case_id", string="Sensitive notes")
    goal_ids = fields.One2many("student.case.goal", "case_id", string="Individual plan")
    talk_count_month = fields.Integer(string="Talks this month", compute="_compute_talks")
    last_talk_date = fields.Date(string="Last talk", compute="_compute_talks")
    confirmed_date = fields.Date(string="Confirmed on", readonly=True, copy=False, tracking=True)
    review_interval_months = fields.Integer(
        string="Review every (months)", default=lambda self: self.env.company.case_review_months or 3,
        tracking=True,
    )
    last_review_date = fields.Date(string="Last reviewed on", tracking=True)
    next_review_date = fields.Date(string="Next review", compute="_compute_next_review_date", store=True, index=True)
    exit_date = fields.Date(string="Exited on", readonly=True, copy=False, tracking=True)
    exit_reason = fields.Char(string="Exit reason", readonly=True, copy=False, tracking=True)
    exit_ids = fields.One2many("student.case.exit", "case_id", string="Exit requests")
    active = fields.Boolean(default=True)
    exit_review_sitting_ids = fields.Many2many(
        "student.review.sitting", compute="_compute_exit_review_sitting_ids", string="Exit reviews",
        groups="student_support.group_caseworker,student_support.group_counsellor",
        help="The collective reviews of the case's exit requests, with the panel as it sat.",
    )
    review_summary = fields.Char(
        string="Collective review result", compute="_compute_review_summary",
        groups="student_support.group_caseworker,student_support.group_counsellor",
        help="The last concluded collective review: its date and result (the tab Collective review has its votes).",
    )

    # ------------------------------------------------------------------ computes

    @api.depends("exit_ids.review_sitting_ids")
    def _compute_exit_review_sitting_ids(self):
        for case in self:
            case.exit_review_sitting_ids = case.exit_ids.review_sitting_ids

    @api.depends("review_sitting_ids.state")
    def _compute_review_summary(self):
        for case in self:
            done = case.review_sitting_ids.filtered(lambda s: s.state in ("approved", "rejected"))[:1]
            case.review_summary = self.env._(
                "%(date)s: %(result)s", date=fields.Date.to_string(done.date_end), result=done.result,
            ) if done else False

    @api.depends("need_category_ids", "company_id", "mentor_id")
    def _compute_suggested_mentor_ids(self):
        for case in self:
            roster = self.env["student.mentor"]._get_roster(case.company_id).filtered(lambda m: m.free_count > 0)
            needs = case.need_category_ids
            ranked = roster.sorted(lambda m, needs=needs: (-len(m.speciality_ids & needs), -m.free_count))
            case.suggested_mentor_ids = ranked[:5].sudo(False)

    @api.depends("support_record_ids.date", "support_record_ids.kind")
    @elevated("two figures per case, the talks of this month and the date of the last one, from support records "
              "the reader may not open: no record leaves the compute")
    def _compute_talks(self):
        first = fields.Date.context_today(self).replace(day=1)
        for case in self:
            talks = case.sudo().support_record_ids.filtered(lambda r: r.kind == "talk")
            case.talk_count_month = len(talks.filtered(lambda r: r.date >= first))
            case.last_talk_date = max(talks.mapped("date"), default=False)

    @api.depends("confirmed_date", "last_review_date", "review_interval_months", "exit_date")
    def _compute_next_review_date(self):
        for case in self:
            start = case.last_review_date or case.confirmed_date
            case.next_review_date = (
                start + relativedelta(months=case.review_interval_months)
                if start and case.review_interval_months > 0 and not case.exit_date else False
            )

    # ------------------------------------------------------------------ CRUD and checks

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = next_sequence(self.env, "student.case") or "/"
        cases = super().create(vals_list)
        cases._update_caseloads(self.env["res.users"], cases.mentor_id)
        return cases

    def write(self, vals):
        before = self.mentor_id
        result = super().write(vals)
        if CASELOAD_FIELDS & set(vals):
            given = self.mentor_id if "mentor_id" in vals or "exit_date" in vals else self.env["res.users"]
            self._update_caseloads(before, given)
        return result

    @elevated("the roster entries of the cases' mentors, read to check they are on the school's roster and to "
              "recount their caseload, by whoever assigns the mentor: nothing is returned, a refusal names the "
              "case's own mentor and school")
    def _update_caseloads(self, before, given):
        """Check the mentors given a case are on the roster and below their caseload; recount."""
        roster = self.env["student.mentor"].sudo().search(
            [("user_id", "in", (before | self.mentor_id).ids), ("company_id", "in", self.company_id.ids)])
        on_roster = {(entry.user_id, entry.company_id) for entry in roster}
        for case in self.filtered(lambda c: c.mentor_id in given):
            if (case.mentor_id, case.company_id) not in on_roster:
                raise UserError(self.env._("%(mentor)s is not on the mentor roster of %(school)s.",
                                           mentor=case.mentor_id.name, school=case.company_id.name))
        open_cases = self.filtered_domain(OPEN_CASE_DOMAIN)
        requested = roster.filtered(lambda m: m.user_id in given & open_cases.mentor_id)
        roster._update_caseload(requested)

    @api.onchange("student_id")
    def _onchange_student_id(self):
        if self.student_id:
            self.company_id = self.student_id.company_id
            self.mentor_id = self.mentor_id or self.student_id.mentor_id

    # ------------------------------------------------------------------ workflow hooks

    def _workflow_on_enter(self):
        confirmed = self.filtered(lambda c: c.stage_id.final_state == "approved" and not c.confirmed_date)
        for case in confirmed:
            if not case.mentor_id:
                raise UserError(self.env._("%(case)s cannot be confirmed without a mentor: assign one first.",
                                           case=case.display_name))
        confirmed._workflow_write_protected({"confirmed_date": fields.Date.context_today(self)})
        return super()._workflow_on_enter()

    # ------------------------------------------------------------------ actions

    def action_record_review(self):
        """Record today's periodic review (dynamic management)."""
        for case in self:
            if case.workflow_state != "approved" or case.exit_date:
                raise UserError(self.env._("Only confirmed cases that have not exited are reviewed."))
        self.write({"last_review_date": fields.Date.context_today(self)})

    def action_request_exit(self):
        """Open an exit request, which runs on the school's exit workflow (collective review)."""
        self.ensure_one()
        if self.workflow_state != "approved" or self.exit_date:
            raise UserError(self.env._("Only a confirmed case that has not exited can exit."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "student.case.exit",
            "view_mode": "form",
            "context": {"default_case_id": self.id},
        }

    def action_reopen(self):
        """Bring an exited case back under support (caseworkers); its history stays."""
        self.check_access("write")
        if not self.env.user.has_group("student_support.group_caseworker"):
            raise AccessError(self.env._("Only caseworkers reopen a case."))
        for case in self:
            if not case.exit_date:
                raise UserError(self.env._("%(case)s has not exited.", case=case.display_name))
            case._post_reopened()
        self._workflow_write_protected({"exit_date": False, "exit_reason": False,
                                        "last_review_date": fields.Date.context_today(self)})
        self._update_caseloads(self.env["res.users"], self.mentor_id)

    @in_school_lang
    def _post_reopened(self):
        self._message_post_decision(self.env._("Case reopened after its exit of %(date)s (%(reason)s).",
                                               date=self.exit_date, reason=self.exit_reason))

    @in_school_lang
    def _schedule_handover(self, reason):
        """Ask the school admins (those who read the case) to hand the case over to another mentor."""
        admins = group_users(self.env.ref("student_support.group_school_admin"))
        schedule_todos(self, "mail.mail_activity_data_todo", admins, note=reason,
                       summary=self.env._("Hand over %(case)s to another mentor", case=self.display_name))

    @api.model
    @elevated("the open cases with a mentor that ``domain`` finds (its student moving, its mentor leaving) get the "
              "handover to-do, which _schedule_handover gives only to school admins who read the case; nothing "
              "is returned")
    def _schedule_handovers(self, domain, reason):
        """Ask for the handover of every open case with a mentor matching ``domain``, ``reason`` saying why."""
        for case in self.sudo().search([*OPEN_CASE_DOMAIN, ("mentor_id", "!=", False), *domain]):
            case._schedule_handover(reason)

    @api.model
    @elevated("the scheduled job reads every case whose review is due; a mentor is told only about a case he "
              "still reads (school_readers)")
    def _cron_review_due(self):
        """A to-do for the mentor of each case whose review date has come (once per date)."""
        today = fields.Date.context_today(self)
        for found in self.sudo().search([("next_review_date", "<=", today), ("mentor_id", "!=", False)]):
            if not school_readers(found, found.mentor_id):
                continue  # a mentor who no longer reads the case is told nothing about it
            case = found.with_context(lang=found.company_id._school_lang())
            summary = case.env._("Review due: %(case)s", case=case.display_name)
            if not case.activity_ids.filtered(lambda a, s=summary: a.summary == s):
                case.activity_schedule("mail.mail_activity_data_todo", date_deadline=case.next_review_date,
                                       user_id=case.mentor_id.id, summary=summary)
