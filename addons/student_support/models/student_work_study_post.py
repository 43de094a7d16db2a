from odoo import api, fields, models
from odoo.exceptions import UserError

from .elevated import figures
from .student_aid_grant import TERMS, action_write, check_action_fields, current_term
from .student_identification import default_school_year

POST_STATES = [("draft", "Draft"), ("open", "Accepting applications"), ("closed", "Closed")]


class StudentWorkStudyPost(models.Model):
    """A work-study post (勤工助学岗位) of a school: where, how many hours a week, the pay per hour,
    how many students; students apply and are assigned, students in difficulty first (seed 004,
    seed 001's 勤工助学). What they earn is paid as work-study grants (hours × pay)."""

    _name = "student.work.study.post"
    _description = "Work-study post"
    _inherit = ["mail.thread", "student.fixed.owner.mixin"]
    _order = "school_year desc, name"
    _check_company_auto = True

    name = fields.Char(string="Post", required=True, tracking=True)
    company_id = fields.Many2one("res.company", string="School", required=True, index=True,
                                 default=lambda self: self.env.company)
    department = fields.Char(string="Department or employer", required=True, tracking=True,
                             help="Where the student works: the library, the canteen, a partner employer.")
    hours_per_week = fields.Float(string="Hours per week", required=True, tracking=True)
    hourly_pay = fields.Float(string="Pay per hour (yuan)", required=True, tracking=True)
    places = fields.Integer(required=True, default=1, tracking=True)
    school_year = fields.Char(string="School year", required=True, index=True, default=default_school_year)
    term = fields.Selection(TERMS, required=True, default=lambda self: current_term(fields.Date.context_today(self)))
    description = fields.Text(string="Duties")
    state = fields.Selection(POST_STATES, string="Status", required=True, default="draft", readonly=True,
                             tracking=True)
    application_ids = fields.One2many("student.work.study.application", "post_id", string="Applications")
    assigned_count = fields.Integer(string="Assigned", compute="_compute_counts")
    waiting_count = fields.Integer(string="Waiting", compute="_compute_counts")

    @api.depends("application_ids.state")
    def _compute_counts(self):
        # counts only: the school's staff who read the posts but not the applications (class teachers) see them
        rows = figures(self.env, "student.work.study.application", [("post_id", "in", self._origin.ids)],
                       ["post_id", "state"])
        counts = {(post.id, state): number for post, state, number in rows}
        for post in self:
            post.assigned_count = counts.get((post._origin.id, "assigned"), 0)
            post.waiting_count = counts.get((post._origin.id, "applied"), 0)

    @api.constrains("hours_per_week", "hourly_pay", "places")
    def _check_figures(self):
        for post in self:
            if post.hours_per_week <= 0 or post.hourly_pay <= 0 or post.places <= 0:
                raise UserError(self.env._(
                    "%(post)s: the hours per week, the pay per hour and the places must be above zero.",
                    post=post.name))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_action_fields(self, vals, ("state",))
        return super().create(vals_list)

    def write(self, vals):
        check_action_fields(self, vals, ("state",))
        return super().write(vals)

    def action_open(self):
        """Open the posts to applications."""
        self.check_access("write")
        action_write(self.filtered(lambda p: p.state != "open"), {"state": "open"})

    def action_close(self):
        """Close the posts: no more applications nor assignments."""
        self.check_access("write")
        action_write(self.filtered(lambda p: p.state != "closed"), {"state": "closed"})

    def _assigned_students(self):
        """The students assigned to these posts."""
        return self.application_ids.filtered(lambda a: a.state == "assigned").student_id
