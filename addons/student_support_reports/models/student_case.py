from odoo import fields, models
from odoo.addons.student_support.models.student_case import StudentCase as BaseCase


class StudentCase(models.Model):
    """A key-support case says when it was filed with the county (seed 002: 对象确定后，及时向上级主管部门备案):
    the school's filing round that first carried it, and the day. The county itself never reads the case."""

    _inherit = "student.case"
    # set by the filing's submission (and cleared when the county returns it), never by hand
    _workflow_protected_fields = (*BaseCase._workflow_protected_fields, "filing_submission_id", "filed_round",
                                  "filed_date")

    filing_submission_id = fields.Many2one("student.report.submission", string="Filing", readonly=True, copy=False,
                                           check_company=True, groups="student_support.group_caseworker")
    filed_round = fields.Char(string="Filed in", readonly=True, copy=False)
    filed_date = fields.Date(string="Filed on", readonly=True, copy=False)
