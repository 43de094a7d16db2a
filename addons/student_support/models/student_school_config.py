import re

from odoo import api, fields, models
from odoo.exceptions import UserError

# a trailing mark in parentheses, such as "（默认模板）" or " (default)"
TRAILING_MARK = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")


def copy_base_name(name):
    """The name of a template without its trailing mark: "Key-support case (default)" → "Key-support case"."""
    return TRAILING_MARK.sub("", name or "") or name or ""


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
    _description = "School configuration"
    _config_record_mixin = None
    _config_usage_field = None

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
    def _get_for(self, res_model, company):
        """The configuration a new record of ``res_model`` in ``company`` uses:
        the school's own, else its county's template, else the default template."""
        # sudo: templates of the county are read to pick one, whatever the user's rules
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

    def _description_translated(self):
        return self.env["ir.model"]._get(self._name).name

    @api.ondelete(at_uninstall=False)
    def _unlink_if_unused(self):
        for config in self:
            used = self.env[config.res_model].sudo().with_context(active_test=False).search_count(
                [(self._config_usage_field, "=", config.id)], limit=1
            )
            if used:
                raise UserError(
                    self.env._("%(name)s is used by records: archive it instead of deleting it.", name=config.name)
                )
