from odoo import api, fields, models


class StudentGuardian(models.Model):
    _name = "student.guardian"
    _description = "Guardian of a student"
    _order = "student_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    student_id = fields.Many2one("student.student", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="student_id.company_id", store=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Guardian", required=True, check_company=True)
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
    phone = fields.Char(related="partner_id.phone", readonly=False)
    is_primary = fields.Boolean(string="Primary contact")

    @api.model_create_multi
    def create(self, vals_list):
        guardians = super().create(vals_list)
        # Guardians are private persons: keep their contact inside the school.
        for guardian in guardians:
            if not guardian.partner_id.company_id:
                guardian.partner_id.company_id = guardian.company_id
        return guardians
