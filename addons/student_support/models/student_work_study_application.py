from odoo import api, fields, models
from odoo.exceptions import UserError

from .student_aid_grant import action_write, check_action_fields

APPLICATION_STATES = [("applied", "Waiting"), ("assigned", "Assigned"), ("declined", "Not assigned")]


class StudentWorkStudyApplication(models.Model):
    """A student's application for a work-study post, until he is assigned or declined.

    Students in difficulty come first: while one of them waits for a post, a student who is
    not in difficulty cannot be assigned to it. Refused rather than warned, because a warning
    is clicked past and leaves nothing behind; the school decides on the waiting student
    first (assigns him, or declines him with a reason that stays on the application)."""

    _name = "student.work.study.application"
    _description = "Work-study application"
    _inherit = ["mail.thread"]
    _order = "post_id, id"
    _check_company_auto = True

    # no check_company: the school follows this field (its domain would read the new record's empty school)
    post_id = fields.Many2one("student.work.study.post", required=True, index=True,
                              ondelete="cascade", tracking=True)
    company_id = fields.Many2one(related="post_id.company_id", store=True, index=True, precompute=True)
    student_id = fields.Many2one("student.student", required=True, index=True, check_company=True, tracking=True)
    date = fields.Date(string="Applied on", required=True, default=fields.Date.context_today)
    state = fields.Selection(APPLICATION_STATES, string="Status", required=True, default="applied",
                             readonly=True, tracking=True)
    decline_reason = fields.Text(string="Reason declined", tracking=True)
    in_difficulty = fields.Boolean(string="In difficulty", compute="_compute_in_difficulty",
                                   help="Identified as disadvantaged for the post's school year, or in a hardship "
                                        "category: comes first.")

    _student_post_uniq = models.UniqueIndex("(post_id, student_id)", "The student has already applied for this post.")

    @api.depends("student_id.hardship_category_ids", "post_id.school_year")
    def _compute_in_difficulty(self):
        identified = self._identified_students()
        for application in self:
            value = bool(application.student_id.hardship_category_ids) or (
                (application.student_id.id, application.post_id.school_year) in identified)
            application.in_difficulty = value

    def _identified_students(self):
        """{(student id, school year)} of the applicants approved as disadvantaged in the posts' years."""
        rows = self.env["student.identification"]._read_group(
            [("student_id", "in", self.student_id.ids), ("school_year", "in", self.post_id.mapped("school_year")),
             ("workflow_state", "=", "approved")], ["student_id", "school_year"])
        return {(student.id, year) for student, year in rows}

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_action_fields(self, vals, ("state",))
        applications = super().create(vals_list)
        closed = applications.filtered(lambda a: a.post_id.state != "open")
        if closed:
            raise UserError(self.env._("%(post)s is not open to applications.", post=closed[0].post_id.name))
        return applications

    def write(self, vals):
        check_action_fields(self, vals, ("state",))
        # the school follows the post (no check_company on it): moved onto another school's post, the school's
        # application and student would land in that school; the student applies for the other post instead
        moved = self.filtered(lambda a: "post_id" in vals and a.post_id.id != vals["post_id"])
        if moved:
            raise UserError(self.env._(
                "%(student)s's application stays on its post %(post)s: apply for the other post instead.",
                student=moved[0].student_id.name, post=moved[0].post_id.name))
        return super().write(vals)

    def action_assign(self):
        """Assign the students to their posts: within the places, and students in difficulty first."""
        self.check_access("write")
        for application in self:
            post = application.post_id
            if application.state != "applied" or post.state != "open":
                raise UserError(self.env._("%(student)s: only a waiting application to an open post can be "
                                           "assigned.", student=application.student_id.name))
            if post.assigned_count >= post.places:
                raise UserError(self.env._("%(post)s has no free place (%(places)s).", post=post.name,
                                           places=post.places))
            waiting = post.application_ids.filtered(lambda a: a.state == "applied") - application
            if not application.in_difficulty and any(waiting.mapped("in_difficulty")):
                raise UserError(self.env._(
                    "%(student)s is not in difficulty while students in difficulty wait for %(post)s: assign "
                    "or decline them first (students in difficulty come first).",
                    student=application.student_id.name, post=post.name))
            action_write(application, {"state": "assigned"})
        return True

    def action_decline(self):
        """Decline the applications, with the reason written on each."""
        self.check_access("write")
        for application in self:
            if not (application.decline_reason or "").strip():
                raise UserError(self.env._("%(student)s: write the reason before declining.",
                                           student=application.student_id.name))
        action_write(self.filtered(lambda a: a.state != "declined"), {"state": "declined"})
        return True

    def action_reset(self):
        """Put a declined or assigned application back on the waiting list."""
        self.check_access("write")
        action_write(self, {"state": "applied"})
        return True
