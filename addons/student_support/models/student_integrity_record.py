from odoo import fields, models


class StudentIntegrityRecord(models.Model):
    """An integrity record (诚信记录): false information found in an application (seed 003)."""

    _name = "student.integrity.record"
    _description = "Integrity record"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # no check_company: the school follows this field (its domain would read the new record's empty school)
    student_id = fields.Many2one("student.student", required=True, index=True)
    company_id = fields.Many2one(related="student_id.company_id", store=True, index=True, precompute=True)
    identification_id = fields.Many2one("student.identification", check_company=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    description = fields.Text(required=True, help="What was false, how it was found, what followed.")
    user_id = fields.Many2one("res.users", string="Recorded by", required=True, default=lambda self: self.env.user,
                              check_company=True)
