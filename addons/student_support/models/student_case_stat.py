from odoo import fields, models, tools
from odoo.tools import SQL

from .student_case import ORIGINS


class StudentCaseStat(models.Model):
    """Figures of confirmed key-support cases, for the county: school, origin,
    status and growth difficulty, never a name, ID number or note.

    One row per case and difficulty (a case without difficulty has one row):
    the measure *Cases* counts each case once whatever the grouping.
    """

    _name = "student.case.stat"
    _description = "Key-support case figures"
    _auto = False
    _order = "confirmed_date desc"

    company_id = fields.Many2one("res.company", string="School", readonly=True)
    county_id = fields.Many2one("res.company", readonly=True)
    origin = fields.Selection(ORIGINS, readonly=True)
    status = fields.Selection([("filed", "Under support"), ("exited", "Exited")], readonly=True)
    need_category_id = fields.Many2one("student.service.category", string="Growth difficulty", readonly=True)
    confirmed_date = fields.Date(string="Confirmed on", readonly=True)
    case_ref = fields.Integer(string="Cases", aggregator="count_distinct", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL(
            """
            CREATE VIEW %s AS (
                SELECT row_number() OVER () AS id,
                       c.company_id, co.county_id, c.origin,
                       CASE WHEN c.exit_date IS NULL THEN 'filed' ELSE 'exited' END AS status,
                       rel.student_service_category_id AS need_category_id,
                       c.confirmed_date, c.id AS case_ref
                  FROM student_case c
                  JOIN res_company co ON co.id = c.company_id
             LEFT JOIN student_case_student_service_category_rel rel ON rel.student_case_id = c.id
                 WHERE c.active AND c.confirmed_date IS NOT NULL
            )""",
            SQL.identifier(self._table),
        ))
