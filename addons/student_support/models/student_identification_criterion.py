from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .elevated import elevated


class StudentIdentificationCriterion(models.Model):
    """One criterion of the identification model (认定模型): what in the evidence
    gives points. Criteria without owner apply everywhere; a county's apply to its
    schools instead, a school's own to the school alone."""

    _name = "student.identification.criterion"
    _inherit = ["student.fixed.owner.mixin"]
    _description = "Identification criterion"
    _order = "company_id, sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(string="Label", required=True, translate=True)
    kind = fields.Selection(
        [
            ("category", "Hardship category"),
            ("priority", "Any priority category"),
            ("income_below", "Income per head below the local standard"),
            ("income_gap", "Income gap to the local standard (proportional)"),
            ("dependants", "Per dependant"),
            ("illness", "Illness or disability in the family"),
            ("form_field", "Custom form field answered"),
        ],
        required=True, default="category",
    )
    points = fields.Float(required=True, default=10)
    category_id = fields.Many2one("student.hardship.category")
    field_name = fields.Char(string="Form field", help="Technical name of a field of the identification form.")
    company_id = fields.Many2one("res.company", string="Owner", index=True)
    active = fields.Boolean(default=True)

    @api.constrains("kind", "category_id", "field_name")
    def _check_target(self):
        for criterion in self:
            if criterion.kind == "category" and not criterion.category_id:
                raise ValidationError(self.env._("Criterion %(name)s: choose the category.", name=criterion.name))
            if criterion.kind == "form_field" and not criterion.field_name:
                raise ValidationError(self.env._("Criterion %(name)s: name the form field.", name=criterion.name))

    @api.model
    @elevated("the scoring criteria in force for a school (labels, points, categories): configuration that "
              "everyone scored by them may see; _as_rules turns them into plain values")
    def _get_for(self, company):
        """The criteria in force for a school: its own, else its county's, else the general ones."""
        Criterion = self.sudo()
        for owner in (company, company.county_id, self.env["res.company"]):
            criteria = Criterion.search([("company_id", "=", owner.id)])
            if criteria:
                return criteria
        return Criterion

    def _as_rules(self):
        return [{"label": c.name, "kind": c.kind, "points": c.points, "category_code": c.category_id.code,
                 "field_name": c.field_name} for c in self]
