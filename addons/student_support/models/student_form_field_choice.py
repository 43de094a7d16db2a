from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class StudentFormFieldChoice(models.Model):
    """One choice of a choice or multiple-choice form field."""

    _name = "student.form.field.choice"
    _inherit = ["student.fixed.owner.mixin"]
    _description = "Form field choice"
    _order = "field_id, sequence, id"
    _check_company_auto = True
    _owner_fixed_fields = ("company_id", "field_id")

    field_id = fields.Many2one("student.form.field", required=True, ondelete="cascade", index=True,
                               check_company=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="field_id.company_id", store=True, index=True)
    name = fields.Char(string="Label", required=True, translate=True)
    code = fields.Char(
        readonly=True, copy=True, help="Stored in the answers; set once, so that renaming a choice keeps them."
    )

    _code_per_field_uniq = models.UniqueIndex("(field_id, code)", "Each choice needs its own code.")

    @api.model_create_multi
    def create(self, vals_list):
        taken = {}
        for vals in vals_list:
            if not vals.get("code"):
                codes = taken.setdefault(
                    vals.get("field_id"), set(self.search([("field_id", "=", vals.get("field_id"))]).mapped("code"))
                )
                number = len(codes) + 1
                while f"opt{number}" in codes:
                    number += 1
                vals["code"] = f"opt{number}"
                codes.add(vals["code"])
        return super().create(vals_list)

    def write(self, vals):
        if "code" in vals and any(choice.code != vals["code"] for choice in self):
            raise UserError(self.env._("The code of a choice cannot change: it is stored in the answers."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_unanswered(self):
        for choice in self:
            template = choice.field_id.template_id
            table = self.env[template.res_model]._table
            self.env.flush_all()
            # jsonb containment matches a choice (a string) and a multiple choice (a list)
            used = self.env.execute_query(SQL(
                "SELECT 1 FROM %s WHERE form_template_id = %s AND form_properties -> %s @> to_jsonb(%s::text) LIMIT 1",
                SQL.identifier(table), template.id, choice.field_id.name, choice.code,
            ))
            if used:
                raise UserError(
                    self.env._("Choice %(choice)s has been given as an answer: rename it instead of deleting it.",
                               choice=choice.name)
                )
