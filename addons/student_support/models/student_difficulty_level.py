from odoo import fields, models


class StudentDifficultyLevel(models.Model):
    """A level of financial difficulty decided by the identification (认定等级)."""

    _name = "student.difficulty.level"
    _description = "Difficulty level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Stable code used by imports and reports.")
    sequence = fields.Integer(default=10, help="1 is the most difficult level.")
    min_score = fields.Float(
        string="Minimum score", help="The identification model proposes this level from this score up.",
    )
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint("UNIQUE (code)", "The code of a difficulty level must be unique.")
