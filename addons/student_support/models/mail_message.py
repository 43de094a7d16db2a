from odoo import api, fields, models
from odoo.exceptions import UserError

# What a decision message says and where it sits: never changed once posted, even as superuser.
DECISION_CONTENT = frozenset({
    "body", "attachment_ids", "author_id", "author_guest_id", "email_from", "model", "res_id", "subtype_id",
    "message_type", "date", "subject", "tracking_value_ids", "partner_ids", "is_decision",
})


class MailMessage(models.Model):
    """Decision messages (approvals, refusals, returns, exits) are kept as posted.

    Only the platform's actions post them, as superuser after their own checks
    (see ``mail.thread._message_post_decision``); nobody marks a message as a
    decision, edits or deletes one through the UI or RPC. Odoo deletes a
    record's whole thread with the record, as superuser: that path stays open
    (the decisions themselves are kept in ``student.workflow.approval``).
    """

    _inherit = "mail.message"

    is_decision = fields.Boolean(
        string="Decision", readonly=True, copy=False,
        help="Posted by a decision (approval, refusal, return, exit): it cannot be edited or deleted.")

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("is_decision") for vals in vals_list):
            raise UserError(self.env._("Decision messages are posted by the decisions themselves."))
        return super().create(vals_list)

    def write(self, vals):
        if "is_decision" in vals and not self.env.su:
            raise UserError(self.env._("Decision messages are posted by the decisions themselves."))
        if DECISION_CONTENT.intersection(vals):
            self._check_not_decision()
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            self._check_not_decision()
        return super().unlink()

    def _check_not_decision(self):
        """Refuse to change ``self`` if it holds a decision message."""
        # sudo: whether a message records a decision is not a secret; nothing is returned
        if self.sudo().filtered("is_decision"):
            raise UserError(self.env._(
                "This message records a decision: it stays as posted. Add a new note to correct or complete it."))
