from odoo import api, fields, models

from .student_identification import default_school_year

# seed 002: at least three targeted job offers for every graduate in difficulty
MIN_OFFERS = 3


class StudentGraduate(models.Model):
    """A graduating student in difficulty in the graduate database (困境学生毕业生数据库,
    seed 002): what he looks for, and the targeted job offers made to him."""

    _name = "student.graduate"
    _description = "Graduate in difficulty"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "school_year desc, id desc"
    _check_company_auto = True

    # no check_company: the school follows this field (its domain would read the new record's empty school)
    student_id = fields.Many2one("student.student", required=True, index=True, tracking=True)
    company_id = fields.Many2one(related="student_id.company_id", store=True, index=True, precompute=True)
    class_teacher_id = fields.Many2one(related="student_id.class_teacher_id", store=True)
    mentor_id = fields.Many2one(related="student_id.mentor_id", store=True)
    school_year = fields.Char(string="Graduating in", required=True, default=default_school_year, index=True,
                              tracking=True, help="The school year he graduates in, as 2026-2027.")
    intended_field = fields.Char(string="Intended field", tracking=True)
    intended_region = fields.Char(string="Intended region", tracking=True)
    state = fields.Selection(
        [("seeking", "Seeking"), ("employed", "Employed"), ("further_study", "Further study"),
         ("other", "Other")],
        string="Status", required=True, default="seeking", tracking=True, index=True,
    )
    offer_ids = fields.One2many("student.job.offer", "graduate_id", string="Job offers")
    offer_count = fields.Integer(string="Targeted offers", compute="_compute_offer_count", store=True,
                                 help="Job offers made to him (seed 002: at least three).")
    note = fields.Text(string="Guidance given")

    _student_year_uniq = models.UniqueIndex(
        "(student_id, school_year)", "The student is already in the graduate database for this school year.")

    @api.depends("offer_ids")
    def _compute_offer_count(self):
        for graduate in self:
            graduate.offer_count = len(graduate.offer_ids)

    @api.depends("student_id", "school_year")
    def _compute_display_name(self):
        for graduate in self:
            graduate.display_name = f"{graduate.student_id.name or ''} · {graduate.school_year or ''}"
