from odoo import fields, models


class StudentWorkflow(models.Model):
    """The ordered stages of one process (e.g. key-support cases) for one school,
    or a county or default template (see student.school.config.mixin)."""

    _name = "student.workflow"
    _inherit = ["student.school.config.mixin"]
    _description = "Workflow"
    _order = "res_model, company_id, id"
    _config_record_mixin = "student.workflow.mixin"
    _config_usage_field = "workflow_id"

    stage_ids = fields.One2many("student.workflow.stage", "workflow_id", string="Stages", copy=True)

    _process_company_uniq = models.UniqueIndex(
        "(res_model, COALESCE(company_id, 0)) WHERE active",
        "This owner already has an active workflow for this process.",
    )
