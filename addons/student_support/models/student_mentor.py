from odoo import api, fields, models
from odoo.exceptions import UserError

from .elevated import count as count_records
from .elevated import elevated

# cases a mentor carries: not ended, not exited
OPEN_CASE_DOMAIN = [("workflow_state", "in", ("in_progress", "approved")), ("exit_date", "=", False)]


class StudentMentor(models.Model):
    """A teacher on the school's mentor roster (育人导师名册): specialities,
    appointment and the largest caseload he may carry."""

    _name = "student.mentor"
    _description = "Mentor"
    _inherit = ["mail.thread", "student.fixed.owner.mixin"]
    _order = "company_id, user_id"
    _rec_name = "user_id"
    _check_company_auto = True

    user_id = fields.Many2one("res.users", string="Teacher", required=True, check_company=True, index=True,
                              domain="[('share', '=', False)]", tracking=True)
    company_id = fields.Many2one("res.company", string="School", required=True, index=True,
                                 default=lambda self: self.env.company)
    speciality_ids = fields.Many2many("student.service.category", string="Specialities", check_company=True)
    appointment_date = fields.Date(string="Appointment date", tracking=True)
    letter_number = fields.Char(string="Appointment letter number", tracking=True)
    max_cases = fields.Integer(string="Maximum caseload", default=5, required=True, tracking=True)
    case_count = fields.Integer(string="Current cases", readonly=True, copy=False,
                                help="Open key-support cases naming this mentor, kept up to date by the cases.")
    free_count = fields.Integer(string="Free places", compute="_compute_free_count")
    active = fields.Boolean(default=True, tracking=True)

    _user_school_uniq = models.UniqueIndex("(user_id, company_id)", "This teacher is already on the school's roster.")
    _max_cases_positive = models.Constraint("CHECK (max_cases > 0)", "The maximum caseload must be at least 1.")

    @api.depends("max_cases", "case_count")
    def _compute_free_count(self):
        for mentor in self:
            mentor.free_count = max(mentor.max_cases - mentor.case_count, 0)

    def write(self, vals):
        leaving = self.filtered("active") if vals.get("active") is False else self.browse()
        result = super().write(vals)
        if leaving:
            for case in leaving._open_cases_to_hand_over():
                mentor = case.mentor_id
                if case.company_id in leaving.filtered(lambda m, mentor=mentor: m.user_id == mentor).company_id:
                    case._schedule_handover(self.env._("Mentor %(mentor)s has left the roster.",
                                                       mentor=case.mentor_id.name))
        return result

    @elevated("the cases of the mentors leaving the roster, for the handover to-do the school admin gets "
              "(``_schedule_handover`` addresses only users who may read the case)")
    def _open_cases_to_hand_over(self):
        """The open cases of these roster entries' users (in any school, filtered by the caller)."""
        return self.env["student.case"].sudo().search([*OPEN_CASE_DOMAIN, ("mentor_id", "in", self.user_id.ids)])

    @api.model
    @elevated("the school's mentor roster (names, specialities, free places) to suggest mentors, read by "
              "whoever handles a case of that school")
    def _get_roster(self, company):
        """The roster entries of ``company``."""
        return self.sudo().search([("company_id", "=", company.id)])

    @elevated("writes the recount of a roster entry's open cases, a number, whoever assigns the mentor")
    def _write_case_count(self, count):
        """Store ``count`` as the entry's caseload."""
        self.sudo().case_count = count

    def _update_caseload(self, requested=None):
        """Recount the open cases of these roster entries; refuse more than the maximum
        for the entries in ``requested`` (the mentors just given a case).

        Writing the count on the roster row also makes two assignments of the same
        mentor at the same moment conflict: the later one is retried on fresh data.
        """
        if not self:
            return
        self.env["student.case"].flush_model(["mentor_id", "workflow_state", "exit_date", "company_id", "active"])
        for mentor in self:
            count = count_records(self.env, "student.case", [*OPEN_CASE_DOMAIN, ("mentor_id", "=", mentor.user_id.id),
                                                              ("company_id", "=", mentor.company_id.id)])
            mentor._write_case_count(count)
            if requested and mentor in requested and count > mentor.max_cases:
                raise UserError(
                    self.env._("%(mentor)s already carries %(max)s cases, the most allowed: choose another mentor "
                               "or raise the maximum caseload on the mentor roster.",
                               mentor=mentor.user_id.name, max=mentor.max_cases)
                )
