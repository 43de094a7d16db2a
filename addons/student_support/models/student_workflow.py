from odoo import api, fields, models
from odoo.exceptions import UserError


class StudentWorkflow(models.Model):
    """The ordered stages of one process (e.g. key-support cases) for one school.

    A workflow without a school is the default template; one owned by a county
    bureau is that county's template. A school without its own workflow for a
    process uses its county's template, else the default one, and may copy
    either to adapt it.
    """

    _name = "student.workflow"
    _description = "Workflow"
    _order = "res_model, company_id, id"

    name = fields.Char(required=True, translate=True)
    res_model = fields.Selection(
        selection="_selection_res_model", string="Process", required=True,
        help="The kind of record that runs on this workflow.",
    )
    company_id = fields.Many2one(
        "res.company", string="Owner", index=True, default=lambda self: self.env.company,
        help="The school that runs this workflow; a county bureau or no owner makes it a template.",
    )
    is_template = fields.Boolean(string="Template", compute="_compute_is_template", store=True)
    stage_ids = fields.One2many("student.workflow.stage", "workflow_id", string="Stages", copy=True)
    active = fields.Boolean(default=True)

    _process_company_uniq = models.UniqueIndex(
        "(res_model, COALESCE(company_id, 0)) WHERE active",
        "This owner already has an active workflow for this process.",
    )

    @api.model
    def _selection_res_model(self):
        return [
            (name, self.env[name]._description)
            for name in sorted(self.env.registry.descendants(["student.workflow.mixin"], "_inherit"))
            if name != "student.workflow.mixin" and not self.env[name]._abstract
        ]

    @api.depends("company_id.org_type")
    def _compute_is_template(self):
        for workflow in self:
            workflow.is_template = not workflow.company_id or workflow.company_id.org_type == "county_bureau"

    @api.model
    def _get_for(self, res_model, company):
        """The workflow a new record of ``res_model`` in ``company`` runs on:
        the school's own, else its county's template, else the default template."""
        Workflow = self.sudo().with_context(active_test=True)
        for owner in (company, company.county_id, self.env["res.company"]):
            workflow = Workflow.search([("res_model", "=", res_model), ("company_id", "=", owner.id)], limit=1)
            if workflow:
                return workflow.sudo(False)
        return self.browse()

    def action_copy_to_school(self):
        """Copy this template, with its stages, as the current school's own workflow."""
        self.ensure_one()
        school = self.env.company
        if school.org_type == "county_bureau":
            raise UserError(self.env._("Switch to a school before copying a template for it."))
        if self.search_count([("res_model", "=", self.res_model), ("company_id", "=", school.id)]):
            raise UserError(
                self.env._("%(school)s already has its own workflow for this process.", school=school.name)
            )
        copy = self.copy({"company_id": school.id, "name": self.name})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": copy.id,
            "view_mode": "form",
        }

    @api.ondelete(at_uninstall=False)
    def _unlink_if_unused(self):
        for workflow in self:
            for model in {workflow.res_model}:
                used = self.env[model].sudo().with_context(active_test=False).search_count(
                    [("workflow_id", "=", workflow.id)], limit=1
                )
                if used:
                    raise UserError(
                        self.env._(
                            "Workflow %(name)s is used by records: archive it instead of deleting it.",
                            name=workflow.name,
                        )
                    )
