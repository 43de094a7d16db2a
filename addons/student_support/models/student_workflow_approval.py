from odoo import api, fields, models
from odoo.exceptions import UserError

DECISIONS = [
    ("approve", "Approved"),
    ("vote_against", "Voted against"),
    ("move", "Moved on"),
    ("send_back", "Sent back"),
    ("reject", "Rejected"),
    ("withdraw", "Withdrawn"),
]


class StudentWorkflowApproval(models.Model):
    """The immutable history of votes and moves of workflow records.

    Rows are written only by the workflow mixin (as superuser, after its own
    checks); nobody edits or deletes them, through the UI or RPC.
    """

    _name = "student.workflow.approval"
    _description = "Workflow decision"
    _order = "id desc"
    _check_company_auto = True

    res_model = fields.Char(string="Document model", required=True, readonly=True, index=True)
    res_id = fields.Many2oneReference(string="Document", model_field="res_model", required=True, readonly=True,
                                      index=True)
    company_id = fields.Many2one("res.company", string="School", readonly=True, index=True)
    stage_id = fields.Many2one("student.workflow.stage", readonly=True, ondelete="restrict", check_company=True)
    to_stage_id = fields.Many2one("student.workflow.stage", string="New stage", readonly=True,
                                  ondelete="restrict", check_company=True)
    round = fields.Integer(readonly=True, help="Counts the entries into stages; votes count within one round.")
    user_id = fields.Many2one("res.users", string="By", required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    decision = fields.Selection(DECISIONS, required=True, readonly=True)
    comment = fields.Text(readonly=True)

    _one_vote_per_round = models.UniqueIndex(
        "(res_model, res_id, round, user_id) WHERE decision = 'approve'",
        "You have already approved this record at this stage.",
    )
    # at a stage decided by the school's collective review panel, a member votes once: for or against
    _one_panel_vote_per_round = models.UniqueIndex(
        "(res_model, res_id, round, user_id) WHERE decision IN ('approve', 'vote_against')",
        "You have already voted on this record at this stage.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(self.env._("Workflow history is written by the workflow actions only."))
        return super().create(vals_list)

    def write(self, vals):
        if self:
            raise UserError(self.env._("Workflow history cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Workflow history cannot be deleted."))
