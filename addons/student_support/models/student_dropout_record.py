from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .student_aid_grant import TERMS, current_term
from .student_identification import default_school_year

# seed 002: students who did not report at term start, by why (因病请假、休学、辍学 ...)
ABSENCE_TYPES = [
    ("dropout", "Dropped out"),
    ("sick_leave", "Long sick leave"),
    ("suspension", "Suspension of schooling"),
    ("not_reported", "Did not report, reason unknown"),
    ("other", "Other"),
]


class StudentDropoutRecord(models.Model):
    """One line of the semester roll ledger (控辍保学): a student who did not report at
    term start, why, the follow-up, who persuaded him back and the day he came back."""

    _name = "student.dropout.record"
    _description = "Dropout-prevention ledger line"
    _inherit = ["mail.thread"]
    _order = "school_year desc, term, date desc, id desc"
    _check_company_auto = True

    # no check_company: the school follows this field (its domain would read the new record's empty school)
    student_id = fields.Many2one("student.student", required=True, index=True, tracking=True)
    company_id = fields.Many2one(related="student_id.company_id", store=True, index=True, precompute=True)
    # seed 002: the roll is counted every semester, one ledger per term
    school_year = fields.Char(required=True, default=default_school_year, index=True, tracking=True,
                              help="As 2026-2027.")
    term = fields.Selection([t for t in TERMS if t[0] != "year"], required=True, tracking=True,
                            default=lambda self: current_term(fields.Date.context_today(self)))
    absence_type = fields.Selection(ABSENCE_TYPES, string="Absence", required=True, default="not_reported",
                                    tracking=True)
    date = fields.Date(string="Missing since", required=True, default=fields.Date.context_today)
    reason = fields.Text(tracking=True)
    follow_up = fields.Text(string="Follow-up", tracking=True)
    persuaded_back = fields.Boolean(string="Persuaded back", tracking=True,
                                    help="The school persuaded the student to come back (劝返).")
    persuaded_date = fields.Date(string="Persuaded back on", tracking=True)
    persuaded_by_id = fields.Many2one("res.users", string="Persuaded back by", check_company=True, tracking=True,
                                      domain="[('share', '=', False)]")
    return_date = fields.Date(string="Returned on", tracking=True)

    @api.constrains("persuaded_back", "persuaded_date", "persuaded_by_id")
    def _check_persuaded(self):
        for record in self:
            if record.persuaded_back and not (record.persuaded_date and record.persuaded_by_id):
                raise ValidationError(self.env._(
                    "%(student)s was persuaded back: say when and by whom.", student=record.student_id.name))

    @api.depends("student_id", "school_year", "term")
    def _compute_display_name(self):
        terms = dict(self._fields["term"]._description_selection(self.env))
        for record in self:
            term = terms.get(record.term, "")
            record.display_name = f"{record.student_id.name or ''} · {record.school_year or ''} {term}"
