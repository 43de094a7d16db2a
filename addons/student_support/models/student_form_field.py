import re
import uuid

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .elevated import count as count_records
from .elevated import elevated

# field_type -> Odoo property type; the others have no property ("attachment": files in the chatter)
PROPERTY_TYPES = ("char", "text", "integer", "float", "date", "boolean", "selection", "tags", "separator")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


class StudentFormField(models.Model):
    """One field a school adds to a form: label, type, help, required, choices."""

    _name = "student.form.field"
    _inherit = ["student.fixed.owner.mixin"]
    _description = "Form field"
    _order = "template_id, sequence, id"
    _check_company_auto = True
    # a stage of a school's workflow may require a field of its county's form
    _check_company_domain = models.check_company_domain_parent_of

    template_id = fields.Many2one("student.form.template", string="Form", required=True, ondelete="cascade",
                                  index=True, check_company=True)
    company_id = fields.Many2one(related="template_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    label = fields.Char(required=True, translate=True)
    name = fields.Char(
        string="Technical name", required=True, copy=True,
        default=lambda self: f"f_{uuid.uuid4().hex[:8]}",
        help="Identifies the answers (and, across the schools of a county, the figures to consolidate): "
             "lowercase letters, digits and _; it cannot change once saved.",
    )
    field_type = fields.Selection(
        [
            ("char", "Short text"),
            ("text", "Long text"),
            ("integer", "Whole number"),
            ("float", "Number"),
            ("date", "Date"),
            ("boolean", "Yes / no"),
            ("selection", "Choice"),
            ("tags", "Multiple choice"),
            ("attachment", "Attachment (in the chatter)"),
            ("separator", "Section title"),
        ],
        string="Type", required=True, default="char",
    )
    help = fields.Char(string="Help text", translate=True, help="Shown on the form under the custom fields.")
    required = fields.Boolean(
        help="Must be filled before the record leaves any workflow stage (records without a workflow: when saved). "
             "For an attachment: the record must carry at least one file per required attachment line.",
    )
    choice_ids = fields.One2many("student.form.field.choice", "field_id", string="Choices", copy=True)
    active = fields.Boolean(
        default=True, help="Archive a field to take it off the form: answers already given are kept.",
    )

    _name_per_template_uniq = models.UniqueIndex(
        "(template_id, name)", "Each field of a form needs its own technical name."
    )

    @api.constrains("name")
    def _check_name(self):
        for line in self:
            if not NAME_PATTERN.match(line.name or ""):
                raise ValidationError(
                    self.env._("Field %(label)s: the technical name %(name)s may only hold lowercase letters, "
                               "digits and _, and must start with a letter.", label=line.label, name=line.name)
                )

    @api.constrains("name", "field_type")
    def _check_same_meaning(self):
        """A technical name means one kind of answer across all the forms of a process:
        search, grouping and the county's consolidation read the answers by name."""
        for line in self:
            other_type = line._other_type_of_name()
            if other_type:
                types = dict(self._fields["field_type"]._description_selection(self.env))
                raise ValidationError(
                    self.env._("Field %(label)s: the technical name %(name)s already holds %(type)s answers on "
                               "other forms of this process; choose another name.",
                               label=line.label, name=line.name, type=types[other_type])
                )

    @elevated("a field type only: other schools' forms are compared, none of their fields is returned")
    def _other_type_of_name(self):
        """The type another form of the same process gives this technical name, if another one."""
        other = self.sudo().search([
            ("name", "=", self.name), ("template_id.res_model", "=", self.template_id.res_model),
            ("field_type", "!=", self.field_type), ("id", "!=", self.id),
        ], limit=1)
        return other.field_type

    @api.constrains("field_type", "choice_ids")
    def _check_choices(self):
        for line in self:
            if line.field_type in ("selection", "tags") and not line.choice_ids:
                raise ValidationError(self.env._("Field %(label)s: add the choices.", label=line.label))

    def write(self, vals):
        # answers are stored under the technical name and typed by the field type:
        # changing either would orphan or garble the answers already given
        if "name" in vals and any(line.name != vals["name"] for line in self):
            raise UserError(self.env._("The technical name of a form field cannot change once saved: archive the "
                                       "field and add a new one."))
        if "field_type" in vals and any(line.field_type != vals["field_type"] for line in self):
            raise UserError(self.env._("The type of a form field cannot change once saved: archive the field and "
                                       "add a new one."))
        if "template_id" in vals and any(line.template_id.id != vals["template_id"] for line in self):
            raise UserError(self.env._("A form field cannot move to another form."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_unanswered(self):
        for line in self.filtered(lambda f: f.field_type in PROPERTY_TYPES):
            if count_records(self.env, line.template_id.res_model, [
                    ("form_template_id", "=", line.template_id.id), (f"form_properties.{line.name}", "!=", False)],
                    active_test=False):
                raise UserError(
                    self.env._("Field %(label)s already holds answers: archive it instead of deleting it.",
                               label=line.label)
                )
