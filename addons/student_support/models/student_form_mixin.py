from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .elevated import elevated
from .student_form_field import PROPERTY_TYPES


class FormProperties(fields.Properties):
    """Properties whose labels follow the reader's language.

    The stored definition keeps the labels in the source language (search,
    grouping and export read it in SQL); the records show the form's fields
    with the labels translated for the user.
    """

    @elevated("the form's definition (names, labels, types, choices): configuration that every reader of a "
              "record on that form may see; no answer is read")
    def _get_properties_definition(self, record):
        container = record[self.definition_record]
        if container:
            return container.sudo()._build_definition()
        return None


class StudentFormMixin(models.AbstractModel):
    """Custom fields a school configures on a form, without code.

    A model opts in with ``_inherit = ["student.form.mixin"]`` (it needs a
    ``company_id``). A record takes the form template of its school when it is
    created (else the county's, else the default one) and keeps it: editing or
    replacing the template never drops answers already given. Custom values are
    Odoo properties: searchable, groupable and exported like fields.

    Hook: :meth:`_form_missing_fields` (required fields left empty); records
    running a workflow check it when leaving a stage, the others when saved.
    """

    _name = "student.form.mixin"
    _description = "Configurable form mixin"

    form_template_id = fields.Many2one(
        "student.form.template", string="Form template", compute="_compute_form_template_id", store=True,
        precompute=True, readonly=True, index=True, ondelete="restrict", check_company=True,
    )
    form_properties = FormProperties(string="Custom fields", definition="form_template_id.properties_definition")
    form_help = fields.Html(string="Form guide", compute="_compute_form_help", sanitize=False)

    @api.depends("company_id")
    def _compute_form_template_id(self):
        """The school's template at creation; kept after, unless the record changes school."""
        Template = self.env["student.form.template"]
        templates = {}
        for record in self:
            template = record.form_template_id
            owners = record.company_id | record.company_id.county_id
            if not template or (template.company_id and template.company_id not in owners):
                company = record.company_id or self.env.company
                if company not in templates:
                    templates[company] = Template._get_for(self._name, company)
                template = templates[company]
            record.form_template_id = template

    @api.depends("form_template_id")
    @elevated("the form's help (labels and help texts): configuration every reader of a record on that form "
              "may see")
    def _compute_form_help(self):
        for record in self:
            lines = record.form_template_id.sudo().field_ids.filtered(lambda f: f.active and (f.help or (
                f.field_type == "attachment")))
            items = Markup("").join(
                Markup("<li><b>%s</b>%s%s</li>") % (
                    line.label,
                    Markup(" *") if line.required else "",
                    Markup("：%s") % line.help if line.help else "",
                )
                for line in lines.sorted(lambda f: (f.sequence, f.id))
            )
            record.form_help = Markup("<ul class='mb-0'>%s</ul>") % items if items else False

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        # set the form before the answers are stored: left to the compute, the
        # properties would be computed again from an empty value and lost
        Template = self.env["student.form.template"]
        templates = {}  # by school: a batch of records usually shares one
        for vals in vals_list:
            if not vals.get("form_template_id"):
                company = self._get_school_from_vals(vals) or self.env.company
                if company not in templates:
                    templates[company] = Template._get_for(self._name, company)
                vals["form_template_id"] = templates[company].id
        return super().create(vals_list)

    @api.model
    def _get_school_from_vals(self, vals):
        """The school of a record about to be created from ``vals`` (hook)."""
        return self.env["res.company"].browse(vals.get("company_id"))

    @api.constrains("form_template_id", "company_id")
    def _check_form_template_owner(self):
        for record in self:
            owner = record.form_template_id.company_id
            if owner and owner not in record.company_id | record.company_id.county_id:
                raise ValidationError(
                    self.env._("%(record)s cannot use the form of %(owner)s.", record=record.display_name,
                               owner=owner.name)
                )

    def write(self, vals):
        if "form_properties" not in vals:
            return super().write(vals)
        value = vals["form_properties"]
        if isinstance(value, list) and any(p.get("definition_changed") or p.get("definition_deleted") for p in value):
            raise UserError(
                self.env._("Add, change or remove form fields in Student Support → Configuration → Forms.")
            )
        # a dict updates the answers it names; a list (the whole form, as the web
        # client sends it) replaces the answers of the fields on the form. Either
        # way the answers to fields taken off the form (archived) are kept.
        new = self._fields["form_properties"].convert_to_cache(value, self) or {}
        result = True
        for record in self:
            current = record._form_values()
            if not isinstance(value, dict):
                shown = record.form_template_id._field_names()
                current = {k: v for k, v in current.items() if k not in shown}
            result &= super(StudentFormMixin, record).write({**vals, "form_properties": {**current, **new}})
        return result

    @api.constrains("form_properties", "form_template_id")
    def _check_form_required(self):
        if "stage_id" in self._fields:
            return  # workflow records: checked when they leave a stage
        for record in self:
            missing = record._form_missing_fields()
            if missing:
                raise ValidationError(
                    self.env._("%(record)s: fill in %(fields)s.", record=record.display_name,
                               fields=", ".join(missing))
                )

    # ------------------------------------------------------------------ hooks

    def _form_values(self):
        """The raw answers {technical name: value}, archived fields included."""
        self.ensure_one()
        return dict(self.form_properties._values or {})

    @elevated("labels of the required form fields left empty (configuration); no answer leaves the helper, and "
              "the attachments are only counted")
    def _form_missing_fields(self, lines=None):
        """Labels of the required form fields (or of ``lines``) that are empty on ``self``."""
        self.ensure_one()
        record = self.sudo()
        if lines is None:
            lines = record.form_template_id.field_ids.filtered(lambda f: f.active and f.required)
        values = record._form_values()
        missing = []
        for line in lines.sudo().sorted(lambda f: (f.sequence, f.id)):
            if line.field_type == "attachment":
                continue
            if line.field_type in PROPERTY_TYPES and line.field_type != "separator" and \
                    values.get(line.name) in (None, False, "", []):
                missing.append(line.label)
        wanted_files = len(lines.filtered(lambda f: f.field_type == "attachment"))
        if wanted_files:
            files = self.env["ir.attachment"].sudo().search_count(
                [("res_model", "=", self._name), ("res_id", "=", self.id)])
            if files < wanted_files:
                missing += lines.filtered(lambda f: f.field_type == "attachment").mapped("label")[files:]
        return missing
