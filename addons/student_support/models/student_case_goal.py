from odoo import fields, models


class StudentCaseGoal(models.Model):
    """One goal of a case's individual plan (一人一案), with the service planned for it."""

    _name = "student.case.goal"
    _description = "Individual plan goal"
    _order = "case_id, sequence, id"
    _check_company_auto = True

    # no check_company: the school follows this field (its domain would read the new record's empty school)
    case_id = fields.Many2one("student.case", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True, precompute=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Goal", required=True)
    service_id = fields.Many2one("student.service", string="Planned service", check_company=True)
    target_date = fields.Date(string="Target date")
    state = fields.Selection([("planned", "Planned"), ("achieved", "Achieved"), ("dropped", "Dropped")],
                             string="Status", default="planned", required=True)
    note = fields.Text()
