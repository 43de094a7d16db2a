from odoo import fields, models

from ..models.student_workflow_approval import DECISIONS


class StudentWorkflowDecision(models.TransientModel):
    _name = "student.workflow.decision"
    _description = "Workflow decision dialog"

    res_model = fields.Char(string="Document model", required=True)
    res_id = fields.Integer(string="Document", required=True)
    decision = fields.Selection([d for d in DECISIONS if d[0] not in ("move", "vote_against")], required=True,
                                default="approve")
    comment = fields.Text(string="Comment or reason")
    stage_id = fields.Many2one("student.workflow.stage", readonly=True)

    def action_confirm(self):
        self.ensure_one()
        record = self.env[self.res_model].browse(self.res_id)
        method = {
            "approve": record.action_workflow_approve,
            "send_back": record.action_workflow_send_back,
            "reject": record.action_workflow_reject,
            "withdraw": record.action_workflow_withdraw,
        }[self.decision]
        method(comment=self.comment, stage_id=self.stage_id.id)
        return {"type": "ir.actions.act_window_close"}
