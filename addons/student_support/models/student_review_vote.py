from odoo import fields, models

VOTES = [("approve", "Approved"), ("against", "Voted against"), ("none", "Did not vote")]


class StudentReviewVote(models.Model):
    """One member's vote at a concluded collective review, kept as the panel sat."""

    _name = "student.review.vote"
    _inherit = ["student.review.record"]
    _description = "Collective review vote"
    _order = "sitting_id, sequence, id"
    _check_company_auto = True

    sitting_id = fields.Many2one("student.review.sitting", required=True, readonly=True, ondelete="cascade",
                                 index=True, check_company=True)
    company_id = fields.Many2one(related="sitting_id.company_id", store=True, index=True)
    sequence = fields.Integer(readonly=True)
    user_id = fields.Many2one("res.users", string="Member", required=True, readonly=True)
    vote = fields.Selection(VOTES, required=True, readonly=True)
    comment = fields.Text(readonly=True)
    date = fields.Datetime(readonly=True)
