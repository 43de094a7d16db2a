from odoo import api, fields, models


class StudentHomeVisit(models.Model):
    """A home visit (家访) to the family of a student, with the school's own form fields."""

    _name = "student.home.visit"
    _description = "Home visit"
    _inherit = ["mail.thread", "student.form.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # no check_company: the school follows this field (its domain would read the new record's empty school)
    student_id = fields.Many2one("student.student", required=True, index=True, tracking=True)
    company_id = fields.Many2one(related="student_id.company_id", store=True, index=True, precompute=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    # seed 003: field visits and phone contact; seed 001: online or in person
    mode = fields.Selection([("in_person", "In person"), ("online", "Online"), ("phone", "By phone")],
                            required=True, default="in_person")
    visitor_ids = fields.Many2many("res.users", string="Visitors", default=lambda self: self.env.user,
                                   check_company=True, domain="[('share', '=', False)]")
    findings = fields.Text(groups="student_support.group_class_teacher")

    @api.model
    def _get_school_from_vals(self, vals):
        return self.env["student.student"].browse(vals.get("student_id")).company_id

    @api.depends("student_id", "date")
    def _compute_display_name(self):
        for visit in self:
            visit.display_name = f"{visit.student_id.name or ''} · {visit.date or ''}"
