from odoo import api, fields, models

from .elevated import elevated
from .identification_rules import mask_name
from .student_identification import default_school_year
from .student_mentor import OPEN_CASE_DOMAIN


class StudentIdentificationNotice(models.Model):
    """The public notice (公示) of a school's identification results for a year.

    It lists identified students by masked name, class and level; never an ID
    number, and never a student exempt from publicity: on a key-support case, in
    a priority category, or marked sensitive (seeds 002, 003).
    """

    _name = "student.identification.notice"
    _description = "Identification public notice"
    _inherit = ["mail.thread"]
    _order = "school_year desc, id desc"

    name = fields.Char(required=True, default=lambda self: self.env._("Public notice of identification results"))
    company_id = fields.Many2one("res.company", string="School", required=True, index=True,
                                 default=lambda self: self.env.company)
    school_year = fields.Char(string="School year", required=True, default=default_school_year)
    date_from = fields.Date(string="Shown from", required=True, default=fields.Date.context_today)
    date_to = fields.Date(string="Objections until", required=True)
    contact = fields.Char(string="Objections to", help="Office and phone that receive objections.")
    line_count = fields.Integer(string="Students listed", compute="_compute_line_count")

    @api.depends("company_id", "school_year")
    def _compute_line_count(self):
        for notice in self:
            notice.line_count = len(notice._get_lines())

    @elevated("the school's approved identifications for its public notice, built by whoever may print it "
              "(caseworkers): exempt students (open key-support cases, priority categories, sensitive) are removed "
              "and _get_lines prints masked names only")
    def _get_identifications(self):
        """The identified students this notice may list (exemptions removed)."""
        self.ensure_one()
        identified = self.env["student.identification"].sudo().search([
            ("company_id", "=", self.company_id.id), ("school_year", "=", self.school_year),
            ("workflow_state", "=", "approved"), ("sensitive", "=", False),
        ])
        on_cases = self.env["student.case"].sudo().search(
            [*OPEN_CASE_DOMAIN, ("student_id", "in", identified.student_id.ids)]).student_id
        return identified.filtered(
            lambda i: i.student_id not in on_cases and not any(i.hardship_category_ids.mapped("is_priority"))
            and not i.student_id.is_priority
        )

    def _get_lines(self):
        """What the notice prints: masked name, grade and class, level; sorted by class."""
        rows = [
            {"name": mask_name(i.student_id.name), "grade": i.student_id.grade or "",
             "class": i.student_id.class_id.name or "", "level": i.level_id.name or ""}
            for i in self._get_identifications()
        ]
        return sorted(rows, key=lambda row: (row["grade"], row["class"], row["name"]))
