import re

from odoo import api, fields, models
from odoo.exceptions import UserError

from .elevated import count, elevated

# a trailing mark in parentheses, such as "（默认模板）" or " (default)"
TRAILING_MARK = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")


def copy_base_name(name):
    """The name of a template without its trailing mark: "Key-support case (default)" → "Key-support case"."""
    return TRAILING_MARK.sub("", name or "") or name or ""


class StudentFixedOwnerMixin(models.AbstractModel):
    """Configuration that stays with the school (or county) that owns it: a write
    that would give it another owner is refused, for every user (writing the
    same value again is fine, as forms do). Moving a form, a workflow or a
    service would move everything that uses it to the other school; the other
    school creates its own, or copies a template.

    Class attribute ``_owner_fixed_fields``: the fields fixed after creation,
    ``company_id`` and, for a line, the record it belongs to (a stage's workflow).
    """

    _name = "student.fixed.owner.mixin"
    _description = "Configuration with a fixed owner"
    _owner_fixed_fields = ("company_id",)

    def write(self, vals):
        self._check_owner_fixed(vals)
        return super().write(vals)

    def _check_owner_fixed(self, vals):
        """Refuse ``vals`` if it changes one of ``_owner_fixed_fields`` on a record of ``self``."""
        names = [name for name in self._owner_fixed_fields if name in vals]
        if not names:
            return
        self.check_access("write")  # a record out of reach is refused as such, before it is named
        for name in names:
            field = self._fields[name]
            value = vals[name]
            if field.type == "many2one":
                value = value.id if isinstance(value, models.BaseModel) else (value or False)
            for record in self:  # each record was checked writable above
                current = record[name].id if field.type == "many2one" else record[name]
                if current != value:
                    raise UserError(self.env._(
                        "%(field)s of %(record)s cannot change once it is created: create it anew for the "
                        "other owner (or copy a template) instead.",
                        field=field._description_string(self.env), record=record.display_name))


class StudentSchoolConfigMixin(models.AbstractModel):
    """Configuration a school owns for one kind of record, with templates to copy.

    A record without owner is the default template; one owned by a county bureau
    is that county's template. A school without its own configuration uses its
    county's template, else the default one, and may copy either to adapt it.
    Used by workflows and form templates.

    Class attributes: ``_config_record_mixin``, the mixin of the models that can be
    configured (it lists the processes); ``_config_usage_field``, the field of those
    models that points to the configuration in use.
    """

    _name = "student.school.config.mixin"
    _inherit = ["student.fixed.owner.mixin"]
    _description = "School configuration"
    _owner_fixed_fields = ("company_id", "res_model")
    _config_record_mixin = None
    _config_usage_field = None
    _check_company_auto = True
    # a school's record may use its own configuration, its county's template or the default one
    _check_company_domain = models.check_company_domain_parent_of

    name = fields.Char(required=True, translate=True)
    res_model = fields.Selection(
        selection="_selection_res_model", string="Process", required=True,
        help="The kind of record this configuration applies to.",
    )
    company_id = fields.Many2one(
        "res.company", string="Owner", index=True, default=lambda self: self.env.company,
        help="The school that uses it; a county bureau or no owner makes it a template.",
    )
    is_template = fields.Boolean(string="Template", compute="_compute_is_template", store=True)
    active = fields.Boolean(default=True)

    @api.model
    def _selection_res_model(self):
        # the model's name in the reader's language (ir.model's name is translated, _description is not)
        IrModel = self.env["ir.model"]
        return [
            (name, IrModel._get(name).name or self.env[name]._description)
            for name in sorted(self.env.registry.descendants([self._config_record_mixin], "_inherit"))
            if name != self._config_record_mixin and not self.env[name]._abstract
        ]

    @api.depends("company_id.org_type")
    def _compute_is_template(self):
        for config in self:
            config.is_template = not config.company_id or config.company_id.org_type == "county_bureau"

    @api.model
    @elevated("the configuration a new record uses (the school's own, its county's template or the default "
              "one), picked whatever the user's rules on templates; returned in the caller's environment")
    def _get_for(self, res_model, company):
        """The configuration a new record of ``res_model`` in ``company`` uses:
        the school's own, else its county's template, else the default template."""
        Config = self.sudo().with_context(active_test=True)
        for owner in (company, company.county_id, self.env["res.company"]):
            config = Config.search([("res_model", "=", res_model), ("company_id", "=", owner.id)], limit=1)
            if config:
                return config.sudo(False)
        return self.browse()

    def action_copy_to_school(self):
        """Copy this template, with its lines, as the current school's own."""
        self.ensure_one()
        self.check_access("read")
        school = self.env.company
        if school.org_type == "county_bureau":
            raise UserError(self.env._("Switch to a school before copying a template for it."))
        if self.search_count([("res_model", "=", self.res_model), ("company_id", "=", school.id)]):
            raise UserError(
                self.env._("%(school)s already has its own %(name)s for this process: open it instead.",
                           school=school.name, name=self._description_translated())
            )
        copy = self.copy({"company_id": school.id})
        # the school's name in place of the template's mark, in each language: "Key-support case (School A)"
        names = {}
        for lang in {"en_US", *(code for code, _label in self.env["res.lang"].get_installed())}:
            config = self.with_context(lang=lang)
            names[lang] = config.env._("%(name)s (%(school)s)", name=copy_base_name(config.name), school=school.name)
        copy.update_field_translations("name", names)
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": copy.id, "view_mode": "form"}

    def copy(self, default=None):
        """A copy (the name marked as such) is archived while its owner has an active one for
        the process: the admin adapts it, then puts it in use (:meth:`action_put_in_use`)."""
        copies = self.browse()
        for config in self:
            vals = {"name": self.env._("%(name)s (copy)", name=config.name), **(default or {})}
            owner = vals.get("company_id", config.company_id.id)
            # whether the owner has an active one, which the unique index would refuse a second of
            if count(self.env, self._name, [("res_model", "=", vals.get("res_model", config.res_model)),
                                            ("company_id", "=", owner)], limit=1):
                vals["active"] = False
            copies |= super(StudentSchoolConfigMixin, config).copy(vals)
        return copies

    def action_put_in_use(self):
        """Use this (archived) one for its process instead of the owner's active one, which is
        archived: records on it finish there, new records start on this one."""
        self.ensure_one()
        self.check_access("write")
        current = self.search([("res_model", "=", self.res_model), ("company_id", "=", self.company_id.id),
                               ("id", "!=", self.id)])
        current.action_archive()
        current.flush_recordset(["active"])  # the unique index is checked row by row
        self.action_unarchive()
        return True

    def _description_translated(self):
        return self.env["ir.model"]._get(self._name).name

    @api.ondelete(at_uninstall=False)
    def _unlink_if_unused(self):
        for config in self:
            used = count(self.env, config.res_model, [(self._config_usage_field, "=", config.id)], active_test=False,
                         limit=1)
            if used:
                raise UserError(
                    self.env._("%(name)s is used by records: archive it instead of deleting it.", name=config.name)
                )
