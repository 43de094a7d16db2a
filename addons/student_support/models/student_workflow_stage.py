import collections

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .elevated import elevated, figures

# what a stage means to the records in it: the outcome it stands for and the approvals it asks
# for; fixed while records are in it (name, order, deadline and notifications stay editable)
OUTCOME_FIELDS = ("final_state", "approver_type", "approver_user_ids", "approver_group_id", "approver_field_id",
                  "votes_required", "comment_required", "required_field_ids", "required_form_field_ids")


class StudentWorkflowStage(models.Model):
    """One stage of a workflow. Its outcome and approval settings (``OUTCOME_FIELDS``)
    cannot change while records are in it: the school copies the stage or the
    workflow and changes the copy."""

    _name = "student.workflow.stage"
    _inherit = ["student.fixed.owner.mixin"]
    _description = "Workflow stage"
    _order = "workflow_id, sequence, id"
    _check_company_auto = True
    # a school's record may sit in a stage of its county's workflow or of the default one
    _check_company_domain = models.check_company_domain_parent_of
    _owner_fixed_fields = ("company_id", "workflow_id", "res_model")

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    workflow_id = fields.Many2one("student.workflow", required=True, ondelete="cascade", index=True,
                                  check_company=True)
    res_model = fields.Selection(related="workflow_id.res_model", store=True)
    company_id = fields.Many2one(related="workflow_id.company_id", store=True, index=True)
    active = fields.Boolean(default=True)
    fold = fields.Boolean(string="Folded in kanban")

    approver_type = fields.Selection(
        [("users", "Named users"), ("group", "Members of a group"), ("field", "Person on the record"),
         ("panel", "The school's collective review panel")],
        string="Who moves it on",
        default="group",
        required=True,
    )
    approver_user_ids = fields.Many2many(
        "res.users", "student_workflow_stage_approver_rel", string="Approvers", check_company=True,
        help="The named approvers, e.g. the members of the collective review committee.",
    )
    approver_group_id = fields.Many2one("res.groups", string="Approver group")
    approver_field_id = fields.Many2one(
        "ir.model.fields",
        string="Approver field",
        domain="[('model', '=', res_model), ('ttype', '=', 'many2one'), ('relation', '=', 'res.users')]",
        ondelete="cascade",
        help="A user field of the record, such as the mentor or the class teacher.",
    )
    votes_required = fields.Integer(
        string="Approvals needed", default=1,
        help="How many approvers must approve before the record moves on (N of the committee). At a stage "
             "decided by the school's collective review panel, the panel's own number applies instead.",
    )
    comment_required = fields.Boolean(string="Comment required")
    required_field_ids = fields.Many2many(
        "ir.model.fields",
        "student_workflow_stage_required_field_rel",
        string="Fields required to leave",
        domain="[('model', '=', res_model), ('store', '=', True)]",
        help="Fields that must be filled before the record leaves this stage.",
    )
    required_form_field_ids = fields.Many2many(
        "student.form.field",
        "student_workflow_stage_required_form_field_rel",
        string="Custom fields required to leave",
        check_company=True,
        domain="[('template_id.res_model', '=', res_model), ('field_type', '!=', 'separator')]",
        help="Fields of the school's form (Configuration → Forms) that must be filled before the record leaves "
             "this stage; matched by technical name, so a field copied from the county's form counts too.",
    )
    deadline_days = fields.Integer(
        string="Deadline (days)", help="Days after entry before the record is overdue; 0 for none."
    )
    final_state = fields.Selection(
        [("approved", "Approved"), ("rejected", "Rejected"), ("withdrawn", "Withdrawn")],
        string="Final outcome",
        help="Set on the stages that end the process.",
    )
    notify_approvers = fields.Boolean(
        string="Give approvers a to-do", default=True,
        help="On entry, each approver gets an activity due on the deadline.",
    )
    notify_user_ids = fields.Many2many(
        "res.users", "student_workflow_stage_notify_rel", string="Notify on entry", check_company=True
    )
    notify_group_id = fields.Many2one("res.groups", string="Notify group on entry")

    @api.depends("name", "workflow_id.name")
    @api.depends_context("company")
    def _compute_display_name(self):
        """A stage of another workflow than the one the current school runs for its process names that
        workflow: the kanban columns of a template (older records) and of the school's copy (same stage
        names) tell apart."""
        current = {}
        for stage in self:
            if stage.res_model not in current:
                current[stage.res_model] = self.env["student.workflow"]._get_for(stage.res_model, self.env.company)
            if stage.workflow_id and stage.workflow_id != current[stage.res_model]:
                stage.display_name = self.env._("%(stage)s · %(workflow)s", stage=stage.name,
                                                workflow=stage.workflow_id.name)
            else:
                stage.display_name = stage.name

    @api.constrains("votes_required", "approver_type", "approver_user_ids", "final_state")
    def _check_votes(self):
        for stage in self:
            if stage.final_state or stage.approver_type == "panel":
                continue  # a panel's approvals needed are the school's (student.review.panel)
            if stage.votes_required < 1:
                raise ValidationError(
                    self.env._("Stage %(stage)s: at least one approval is needed.", stage=stage.name)
                )
            if stage.approver_type == "users" and stage.votes_required > len(stage.approver_user_ids):
                raise ValidationError(
                    self.env._(
                        "Stage %(stage)s needs %(votes)s approvals but names only %(count)s approvers.",
                        stage=stage.name,
                        votes=stage.votes_required,
                        count=len(stage.approver_user_ids),
                    )
                )

    @api.constrains("approver_type", "approver_group_id", "approver_field_id")
    def _check_approver_source(self):
        for stage in self.filtered(lambda s: not s.final_state):
            if stage.approver_type == "group" and not stage.approver_group_id:
                raise ValidationError(self.env._("Stage %(stage)s: choose the approver group.", stage=stage.name))
            if stage.approver_type == "field" and not stage.approver_field_id:
                raise ValidationError(self.env._("Stage %(stage)s: choose the approver field.", stage=stage.name))

    def write(self, vals):
        guarded = [name for name in OUTCOME_FIELDS if name in vals]
        counts = self._get_record_counts() if guarded else {}
        in_use = self.filtered(lambda stage: counts.get(stage.id))
        if not in_use:
            return super().write(vals)
        before = in_use._outcome_values(guarded)
        # the values written (commands for the relations) are compared once applied; a refusal
        # rolls the write back, cache included
        with self.env.cr.savepoint():
            result = super().write(vals)
            after = in_use._outcome_values(guarded)
            for stage in in_use:
                changed = [name for name in guarded if after[stage.id][name] != before[stage.id][name]]
                if changed:
                    raise UserError(self.env._(
                        "%(count)s records are in stage %(stage)s: copy the workflow or the stage to change "
                        "%(fields)s.", count=counts[stage.id], stage=stage.name,
                        fields=", ".join(self._fields[name]._description_string(self.env) for name in changed)))
        return result

    @elevated("the stage's own outcome settings as plain values (states, numbers, ids), compared before and "
              "after a write: they name configuration (fields, groups, users) its writer may not all read")
    def _outcome_values(self, names):
        """{stage id: {field name: value}} of ``names``, a relation as the set of its ids."""
        return {stage.id: {name: frozenset(stage[name].ids) if stage._fields[name].relational else stage[name]
                           for name in names} for stage in self.sudo()}

    def copy(self, default=None):
        copies = self.browse()
        for stage in self:
            name = self.env._("%(name)s (copy)", name=stage.name)
            # the name given in ``default``: the copy does not take the original's translations of it
            copies |= super(StudentWorkflowStage, stage).copy({"name": name, **(default or {})})
        return copies

    def action_copy(self):
        """Copy the stage into its workflow (after it), e.g. to change a stage records are in."""
        self.ensure_one()
        self.copy()
        return True

    def _get_record_counts(self):
        """{stage id: how many records are in it}, over every model on a workflow, archived ones included."""
        counts = collections.Counter()
        for model, _label in self.env["student.workflow"]._selection_res_model():
            # counts only, to protect what the records' stage means
            for stage, count in figures(self.env, model, [("stage_id", "in", self.ids)], ["stage_id"],
                                        active_test=False):
                counts[stage.id] += count
        return counts

    @api.ondelete(at_uninstall=False)
    def _unlink_if_empty(self):
        counts = self._get_record_counts()
        for stage in self.filtered(lambda s: counts.get(s.id)):
            raise UserError(
                self.env._(
                    "Stage %(stage)s still holds %(count)s records: move them on or archive the stage.",
                    stage=stage.name,
                    count=counts[stage.id],
                )
            )
