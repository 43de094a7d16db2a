from odoo import fields, models


class StudentHardshipCategory(models.Model):
    _name = "student.hardship.category"
    _description = "Hardship category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Stable code used by imports and reports.")
    sequence = fields.Integer(default=10)
    is_priority = fields.Boolean(
        string="Priority category",
        help="Priority category: the highest aid tier is mandatory for students in it.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint("UNIQUE (code)", "The code of a hardship category must be unique.")
