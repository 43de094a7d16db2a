from odoo import api, fields, models
from odoo.exceptions import UserError

from .elevated import elevated
from .student_form_field import PROPERTY_TYPES


class StudentFormTemplate(models.Model):
    """The school's own fields on one form (key-support application, support
    record, home visit, identification application, ...).

    The fields are lines a school admin edits (student.form.field); they compile
    into a properties definition on which the records' ``form_properties`` rest
    (the project.project → project.task pattern). A county or default template
    is copied by a school to adapt it (see student.school.config.mixin), keeping
    the technical names the county consolidates on.
    """

    _name = "student.form.template"
    _inherit = ["student.school.config.mixin"]
    _description = "Form template"
    _order = "res_model, company_id, id"
    _config_record_mixin = "student.form.mixin"
    _config_usage_field = "form_template_id"

    field_ids = fields.One2many(
        "student.form.field", "template_id", string="Fields", copy=True, context={"active_test": False}
    )
    properties_definition = fields.PropertiesDefinition(
        string="Definition", compute="_compute_properties_definition", store=True, readonly=True,
        help="Compiled from the fields; what the records' custom fields rest on.",
    )

    _process_company_uniq = models.UniqueIndex(
        "(res_model, COALESCE(company_id, 0)) WHERE active",
        "This owner already has an active form template for this process.",
    )

    @api.depends(
        "field_ids.name", "field_ids.label", "field_ids.field_type", "field_ids.sequence", "field_ids.active",
        "field_ids.choice_ids.code", "field_ids.choice_ids.name", "field_ids.choice_ids.sequence",
    )
    def _compute_properties_definition(self):
        # stored in the source language (search, grouping and export read it in SQL);
        # the records show the labels in the reader's language (FormProperties)
        for template in self.with_context(lang="en_US"):
            template.properties_definition = template._build_definition()

    @elevated("the technical names of the form's fields: configuration every reader of its records may see")
    def _field_names(self):
        """The technical names of the fields on this form (its stored definition)."""
        return {prop["name"] for prop in self.sudo().properties_definition or []}

    def _build_definition(self):
        """The properties definition of the active fields, labels in the env's language."""
        self.ensure_one()
        definition = []
        for line in self.field_ids.filtered("active").sorted(lambda f: (f.sequence, f.id)):
            if line.field_type not in PROPERTY_TYPES:
                continue  # attachments go to the chatter
            item = {"name": line.name, "string": line.label, "type": line.field_type}
            choices = line.choice_ids.sorted(lambda c: (c.sequence, c.id))
            if line.field_type == "selection":
                item["selection"] = [[c.code, c.name] for c in choices]
            elif line.field_type == "tags":
                item["tags"] = [[c.code, c.name, c.sequence % 12] for c in choices]
            definition.append(item)
        return definition

    def write(self, vals):
        if "properties_definition" in vals:
            raise UserError(
                self.env._("Add, change or remove form fields in Student Support → Configuration → Forms.")
            )
        return super().write(vals)
