from odoo import api, fields, models
from odoo.exceptions import UserError

VOTES = [("approve", "Approved"), ("against", "Voted against"), ("none", "Did not vote")]


class StudentReviewVote(models.Model):
    """One member's vote at a concluded collective review, kept as the panel sat."""

    _name = "student.review.vote"
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

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(self.env._("Collective reviews are recorded by the workflow's decisions only."))
        return super().create(vals_list)

    def write(self, vals):
        if self:
            raise UserError(self.env._("A collective review, its panel and its votes cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A collective review cannot be deleted."))
