from odoo import fields, models


class StudentScreeningReturn(models.TransientModel):
    """The county's return of a submitted screening: the reason is required and kept in the chatter."""

    _name = "student.screening.return"
    _description = "Return a screening to the school"

    screening_id = fields.Many2one("student.screening", required=True, readonly=True, ondelete="cascade")
    reason = fields.Text(required=True, help="What the school is to correct; posted in the screening's chatter.")

    def action_confirm(self):
        self.ensure_one()
        self.screening_id.action_return(self.reason)
        return {"type": "ir.actions.act_window_close"}
