from odoo import api, fields, models
from odoo.exceptions import UserError

from .elevated import count
from .school_lang import in_school_lang
from .student_workflow_mixin import content_fields

EXIT_REASONS = [
    ("normal_development", "Normal development reached"),
    ("graduated", "Graduated"),
    ("transferred", "Transferred"),
    ("other", "Other"),
]
# the outcomes after which a request is the record of its decision (see _check_undecided)
DECIDED_STATES = ("approved", "rejected", "withdrawn")


class StudentCaseExit(models.Model):
    """A request that a key-support case exit (动态管理 / 退出), decided by the
    school's exit workflow (a collective review by default)."""

    _name = "student.case.exit"
    _description = "Case exit request"
    _inherit = ["student.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True

    # no check_company: the school follows this field (its domain would read the new record's empty school)
    case_id = fields.Many2one("student.case", required=True, ondelete="cascade", index=True)
    student_id = fields.Many2one(related="case_id.student_id")
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True, precompute=True)
    reason = fields.Selection(EXIT_REASONS, required=True, default="normal_development", tracking=True)
    explanation = fields.Text(required=True, help="How the student reached normal development, or why the case ends.")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            case = self.env["student.case"].browse(vals.get("case_id"))
            case.check_access("write")
            if case.workflow_state != "approved" or case.exit_date:
                raise UserError(self.env._("Only a confirmed case that has not exited can exit."))
            # one request at a time: a second (or a copy) would be a second review of the same exit
            open_requests = [("case_id", "=", case.id), ("workflow_state", "=", "in_progress")]
            if count(self.env, "student.case.exit", open_requests):
                raise UserError(self.env._("%(case)s already has an exit request under way: decide that one first.",
                                           case=case.display_name))
        return super().create(vals_list)

    def write(self, vals):
        if "case_id" in vals and any(request.case_id.id != vals["case_id"] for request in self):
            raise UserError(self.env._("An exit request cannot move to another case: request the exit there."))
        if not self.env.su:  # the workflow's engine writes as superuser (_workflow_write_protected)
            self._check_undecided(vals)
        return super().write(vals)

    def _check_undecided(self, vals):
        """Refuse ``vals`` on a decided request (approved, rejected, withdrawn): its reason and explanation
        are the record of the decision; only the fields that are not its content stay writable."""
        decided = self.filtered(lambda r: r.workflow_state in DECIDED_STATES) if content_fields(vals) else self.browse()
        if decided:
            raise UserError(self.env._(
                "%(request)s has been decided: it stays as it was decided and cannot be changed.",
                request=decided[0].display_name))

    @api.ondelete(at_uninstall=False)
    def _unlink_undecided(self):
        """A decided request is the record of its decision (its review refers to it): never deleted."""
        decided = self.filtered(lambda r: r.workflow_state in DECIDED_STATES)
        if decided:
            raise UserError(self.env._(
                "%(request)s has been decided: it stays as it was decided and cannot be changed.",
                request=decided[0].display_name))

    @api.model
    def _get_school_from_vals(self, vals):
        return self.env["student.case"].browse(vals.get("case_id")).company_id

    @api.depends("case_id", "reason")
    def _compute_display_name(self):
        labels = dict(self._fields["reason"]._description_selection(self.env))
        for request in self:
            request.display_name = f"{request.case_id.name or ''} · {labels.get(request.reason, '')}"

    @in_school_lang
    def _workflow_on_enter(self):
        result = super()._workflow_on_enter()
        labels = dict(self._fields["reason"]._description_selection(self.env))
        for request in self.filtered(lambda r: r.stage_id.final_state == "approved"):
            case = request.case_id
            case._workflow_write_protected({"exit_date": fields.Date.context_today(self),
                                            "exit_reason": labels[request.reason]})
            case._message_post_decision(self.env._("The case exits: %(reason)s. %(explanation)s",
                                                   reason=labels[request.reason], explanation=request.explanation))
        return result
