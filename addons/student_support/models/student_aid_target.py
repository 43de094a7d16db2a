from odoo import api, fields, models

from .elevated import figures
from .student_identification import default_school_year


class StudentAidTarget(models.Model):
    """The yearly target of a school for one difficulty level (seed 003: aid list and
    yearly targets per level): how many students, and how much aid each should get."""

    _name = "student.aid.target"
    _inherit = ["student.fixed.owner.mixin"]
    _description = "Aid target per level"
    _order = "school_year desc, company_id, level_id"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", string="School", required=True, index=True,
                                 default=lambda self: self.env.company)
    school_year = fields.Char(string="School year", required=True, default=default_school_year)
    level_id = fields.Many2one("student.difficulty.level", required=True)
    target_count = fields.Integer(string="Target students")
    amount_per_student = fields.Float(string="Aid per student and year (yuan)")
    identified_count = fields.Integer(string="Identified", compute="_compute_identified_count")

    _school_year_level_uniq = models.UniqueIndex("(company_id, school_year, level_id)",
                                                 "One target per school, year and level.")

    @api.depends("company_id", "school_year", "level_id")
    def _compute_identified_count(self):
        groups = {(company, year, level): count for company, year, level, count in figures(
            self.env, "student.identification",
            [("company_id", "in", self.company_id.ids), ("workflow_state", "=", "approved")],
            ["company_id", "school_year", "level_id"])}
        for target in self:
            target.identified_count = groups.get((target.company_id, target.school_year, target.level_id), 0)
