from odoo import api, fields, models
from odoo.exceptions import UserError

SITTING_STATES = [("open", "Under review"), ("approved", "Approved"), ("rejected", "Rejected"),
                  ("closed", "Not concluded")]
SITTING_WRITE_KEY = "student_review_sitting_write"


class StudentReviewRecord(models.AbstractModel):
    """What a collective review keeps (the sitting and its votes): created by the workflow engine only
    (as superuser, after its own checks), never changed nor deleted by anyone, through the UI or RPC."""

    _name = "student.review.record"
    _description = "Collective review record"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(self.env._("Collective reviews are recorded by the workflow's decisions only."))
        return super().create(vals_list)

    def write(self, vals):
        if self and not self._review_write_allowed():
            raise UserError(self.env._("A collective review, its panel and its votes cannot be changed."))
        return super().write(vals)

    def _review_write_allowed(self):
        """Whether this write is the engine's own (none but the sitting's closing, see there)."""
        return False

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A collective review cannot be deleted."))


class StudentReviewSitting(models.Model):
    """One collective review of one record (a round of a stage decided by the school's panel),
    with the panel as it sat: its members and the approvals needed, fixed when the review opens;
    when it ends, each member's vote and comment (``vote_ids``) and the result.

    Written by the workflow engine only (``student.workflow.mixin``, as superuser after its own
    checks); nobody edits or deletes it, through the UI or RPC."""

    _name = "student.review.sitting"
    _inherit = ["student.review.record"]
    _description = "Collective review"
    _order = "date_start desc, id desc"
    _check_company_auto = True

    res_model = fields.Char(string="Document model", required=True, readonly=True, index=True)
    res_id = fields.Many2oneReference(string="Document", model_field="res_model", required=True, readonly=True,
                                      index=True)
    company_id = fields.Many2one("res.company", string="School", required=True, readonly=True, index=True)
    stage_id = fields.Many2one("student.workflow.stage", readonly=True, ondelete="restrict", check_company=True)
    round = fields.Integer(readonly=True)
    member_ids = fields.Many2many("res.users", "student_review_sitting_member_rel", "sitting_id", "user_id",
                                  string="Members", readonly=True, check_company=True)
    member_count = fields.Integer(string="Number of members", readonly=True)
    votes_required = fields.Integer(string="Approvals needed", readonly=True)
    state = fields.Selection(SITTING_STATES, string="Result", required=True, readonly=True, default="open")
    date_start = fields.Datetime(string="Opened on", readonly=True, default=fields.Datetime.now)
    date_end = fields.Datetime(string="Concluded on", readonly=True)
    approve_count = fields.Integer(string="Approvals", readonly=True)
    against_count = fields.Integer(string="Votes against", readonly=True)
    vote_ids = fields.One2many("student.review.vote", "sitting_id", string="Votes", readonly=True)
    result = fields.Char(compute="_compute_result", string="Outcome")

    _one_per_round = models.UniqueIndex("(res_model, res_id, round)",
                                        "A record has one collective review per round.")

    @api.depends("state", "approve_count", "against_count", "member_count", "votes_required")
    def _compute_result(self):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for sitting in self:
            sitting.result = self.env._(
                "%(approved)s of %(members)s approved, %(against)s against (%(needed)s needed): %(state)s",
                approved=sitting.approve_count, members=sitting.member_count, against=sitting.against_count,
                needed=sitting.votes_required, state=labels.get(sitting.state, ""))

    @api.depends("stage_id.name", "date_start")
    def _compute_display_name(self):
        for sitting in self:
            sitting.display_name = self.env._("%(stage)s of %(date)s", stage=sitting.stage_id.name or "",
                                              date=fields.Date.to_string(sitting.date_start) or "")

    def _review_write_allowed(self):
        # the engine keeps and closes a review through _workflow_update_sitting; the context value is a
        # Python object, which a client cannot send
        token = self.env.context.get(SITTING_WRITE_KEY)
        return self.env.su and isinstance(token, SittingWrite)


class SittingWrite:
    """The context value with which the workflow engine closes a review (see ``write``)."""

    __slots__ = ()
