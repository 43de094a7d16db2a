from odoo import fields, models


class StudentGrowthReward(models.Model):
    """A growth reward (成长奖励) given to a disadvantaged student: a scholarship,
    public recognition, a job, study or research opportunity."""

    _name = "student.growth.reward"
    _description = "Growth reward"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # no check_company: the school follows this field (its domain would read the new record's empty school)
    student_id = fields.Many2one("student.student", required=True, index=True, tracking=True)
    company_id = fields.Many2one(related="student_id.company_id", store=True, index=True, precompute=True)
    kind = fields.Selection(
        [("scholarship", "Scholarship"), ("recognition", "Public recognition"), ("job", "Job opportunity"),
         ("study", "Study opportunity"), ("research", "Research opportunity")],
        required=True, default="scholarship", tracking=True,
    )
    name = fields.Char(string="Reward", required=True, tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    amount = fields.Float(string="Amount (yuan)", tracking=True)
    description = fields.Text()
