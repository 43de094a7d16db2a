from odoo import fields, models


class StudentReportReturn(models.TransientModel):
    """The county says why a school's submission goes back (the comment is required)."""

    _name = "student.report.return"
    _description = "Return a submission to the school"

    submission_id = fields.Many2one("student.report.submission", required=True,
                                    ondelete="cascade", readonly=True)
    comment = fields.Text(string="Why it goes back", required=True)

    def action_return(self):
        self.ensure_one()
        self.submission_id.action_return(comment=self.comment)
        return {"type": "ir.actions.act_window_close"}
