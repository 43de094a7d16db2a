from odoo import api, fields, models

SCHOOL_STAGES = [
    ("preschool", "Preschool"),
    ("primary", "Primary"),
    ("junior_secondary", "Junior secondary"),
    ("senior_secondary", "Senior secondary"),
    ("vocational", "Vocational"),
    ("higher_education", "Higher education"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    org_type = fields.Selection(
        [
            ("county_bureau", "County bureau"),
            ("school", "School"),
            ("college", "College"),
        ],
        string="Organisation type",
        default="school",
        help="A county bureau is the authority above its schools; a college is a "
        "sub-unit of a university (its parent school).",
    )
    school_stage = fields.Selection(SCHOOL_STAGES, string="School stage")
    school_code = fields.Char(
        string="School code", help="Official school identification code (学校标识码)."
    )
    county_id = fields.Many2one(
        "res.company",
        string="County bureau",
        compute="_compute_county_id",
        store=True,
        recursive=True,
        help="The county bureau this school belongs to: the nearest parent "
        "company of type county bureau, or the top company.",
    )

    _school_code_uniq = models.UniqueIndex(
        "(school_code) WHERE school_code IS NOT NULL",
        "This school code is already used by another school.",
    )

    @api.depends("org_type", "parent_id", "parent_id.county_id")
    def _compute_county_id(self):
        for company in self:
            if company.org_type == "county_bureau" or not company.parent_id:
                company.county_id = company
            else:
                company.county_id = company.parent_id.county_id
