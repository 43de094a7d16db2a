import datetime

from odoo import fields, models

CADENCES = [
    ("daily_ask", "Class teacher's daily question (每日一问)"),
    ("weekly_see", "Principal's weekly meeting (每周一见)"),
    ("monthly_look", "County's monthly visit (每月一看)"),
]


def is_on_time(kind, last, today):
    """Whether the last check-in of a cadence is recent enough: today, this week, this month."""
    if not last:
        return False
    if kind == "daily_ask":
        return last >= today
    if kind == "weekly_see":
        return last >= today - datetime.timedelta(days=today.weekday())
    return last >= today.replace(day=1)


class StudentCareCheckin(models.Model):
    """A check-in with students in difficulty (seed 002): the class teacher asks every
    day, the principal meets them every week, the county visits every month."""

    _name = "student.care.checkin"
    _description = "Care check-in"
    _order = "date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", string="School", required=True, index=True,
                                 default=lambda self: self.env.company)
    kind = fields.Selection(CADENCES, string="Cadence", required=True, default="daily_ask")
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    user_id = fields.Many2one("res.users", string="Recorded by", required=True, default=lambda self: self.env.user,
                              check_company=True)
    student_ids = fields.Many2many("student.student", string="Students", check_company=True)
    note = fields.Text()
