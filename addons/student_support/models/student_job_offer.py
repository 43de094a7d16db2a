from odoo import fields, models


class StudentJobOffer(models.Model):
    """A targeted job offer (针对性岗位信息) passed to a graduate in difficulty, and what came of it."""

    _name = "student.job.offer"
    _description = "Job offer to a graduate"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # no check_company: the school follows this field (its domain would read the new record's empty school)
    graduate_id = fields.Many2one("student.graduate", required=True, ondelete="cascade", index=True)
    student_id = fields.Many2one(related="graduate_id.student_id", store=True, index=True)
    company_id = fields.Many2one(related="graduate_id.company_id", store=True, index=True, precompute=True)
    employer = fields.Char(required=True, tracking=True)
    post = fields.Char(required=True, tracking=True)
    date = fields.Date(string="Offered on", required=True, default=fields.Date.context_today, tracking=True)
    outcome = fields.Selection(
        [("offered", "Offered"), ("applied", "Applied"), ("interview", "Interview"), ("accepted", "Accepted"),
         ("declined", "Declined by the graduate"), ("rejected", "Not retained")],
        string="Offer outcome", required=True, default="offered", tracking=True,
    )
    user_id = fields.Many2one("res.users", string="Recorded by", required=True, default=lambda self: self.env.user,
                              check_company=True, domain="[('share', '=', False)]")
