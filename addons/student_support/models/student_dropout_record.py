from odoo import fields, models


class StudentDropoutRecord(models.Model):
    """One line of the semester roll ledger (控辍保学): a student who did not report at
    term start, why, the follow-up, and the day he came back."""

    _name = "student.dropout.record"
    _description = "Dropout-prevention ledger line"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # no check_company: the school follows this field (its domain would read the new record's empty school)
    student_id = fields.Many2one("student.student", required=True, index=True, tracking=True)
    company_id = fields.Many2one(related="student_id.company_id", store=True, index=True, precompute=True)
    date = fields.Date(string="Missing since", required=True, default=fields.Date.context_today)
    reason = fields.Text(tracking=True)
    follow_up = fields.Text(string="Follow-up", tracking=True)
    return_date = fields.Date(string="Returned on", tracking=True)
