from odoo import fields, models


class StudentServiceCategory(models.Model):
    """A kind of support service (救助清单 category). The seven standard
    categories are shared by all schools; a school may add its own."""

    _name = "student.service.category"
    _inherit = ["student.fixed.owner.mixin"]
    _description = "Service category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code used in reports.")
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", string="School", index=True, default=lambda self: self.env.company,
        help="Empty for the standard categories every school uses.",
    )
    service_ids = fields.One2many("student.service", "category_id", string="Services")
    active = fields.Boolean(default=True)
