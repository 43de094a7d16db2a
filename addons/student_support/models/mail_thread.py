from odoo import models

from .elevated import elevated


class MailThread(models.AbstractModel):
    """Decision messages: posted by the decisions, never edited (see mail.message)."""

    _inherit = "mail.thread"

    @elevated("posts the decision just taken, called by the decision actions after their own checks (a decision "
              "may be taken by a user without write access, e.g. an approver named by a field); the author stays "
              "the current user (or the partner the engine names for a collective decision), and the message is "
              "returned in the caller's environment")
    def _message_post_decision(self, body, author=None, **kwargs):
        """Post ``body`` in the chatter of ``self`` as a decision of the current user, or of ``author``
        (a partner: a collective review's result is the panel's, not its last voter's); kept as posted."""
        self.ensure_one()
        author = author or self.env.user.partner_id
        return self.sudo().message_post(body=body, author_id=author.id,
                                        subtype_xmlid="mail.mt_note", is_decision=True, **kwargs).sudo(False)

    def _get_message_create_valid_field_names(self):
        # set by _message_post_decision; refused to anyone but the superuser (see mail.message)
        return super()._get_message_create_valid_field_names() | {"is_decision"}

    def _message_update_content(self, message, /, **kwargs):
        # the chatter's edit and delete (an emptied body) both come here, as superuser for the author
        message._check_not_decision()
        return super()._message_update_content(message, **kwargs)
