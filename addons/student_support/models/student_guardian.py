from odoo import fields, models


class StudentGuardian(models.Model):
    """A guardian of a student, with the contact the school keeps.

    The name and phone live here and nowhere else: a res.partner would be readable by
    every user with the school among their allowed companies (Odoo's multi-company
    partner rule) and by the whole county, where this record follows the student's
    own rules (class teacher or mentor of the student, caseworker or counsellor of the
    school; no county officer)."""

    _name = "student.guardian"
    _description = "Guardian of a student"
    _order = "student_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    student_id = fields.Many2one("student.student", required=True, ondelete="cascade", index=True,
                                 check_company=True)
    company_id = fields.Many2one(related="student_id.company_id", store=True, index=True, precompute=True)
    name = fields.Char(string="Guardian", required=True)
    relation = fields.Selection(
        [
            ("father", "Father"),
            ("mother", "Mother"),
            ("grandparent", "Grandparent"),
            ("sibling", "Sibling"),
            ("other_relative", "Other relative"),
            ("legal_guardian", "Appointed guardian"),
            ("other", "Other"),
        ],
        required=True,
        default="mother",
    )
    phone = fields.Char()
    is_primary = fields.Boolean(string="Primary contact")
