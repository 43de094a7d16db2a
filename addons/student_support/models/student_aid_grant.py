from odoo import api, fields, models

from .elevated import elevated
from .student_identification import default_school_year

TERMS = [("autumn", "Autumn term"), ("spring", "Spring term"), ("year", "Whole year")]


def current_term(day):
    """The term a date falls in: autumn from September to February, spring from March to August."""
    return "autumn" if day.month >= 9 or day.month <= 2 else "spring"


class StudentAidGrant(models.Model):
    """An aid grant (资助发放): a programme's amount for one student and period."""

    _name = "student.aid.grant"
    _description = "Aid grant"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # no check_company: the school follows this field (its domain would read the new record's empty school)
    student_id = fields.Many2one("student.student", required=True, index=True, tracking=True)
    company_id = fields.Many2one(related="student_id.company_id", store=True, index=True, precompute=True)
    programme_id = fields.Many2one("student.aid.programme", required=True, index=True, check_company=True,
                                   tracking=True)
    identification_id = fields.Many2one("student.identification", check_company=True, index=True)
    level_id = fields.Many2one(related="identification_id.level_id", store=True)
    amount = fields.Float(string="Amount (yuan)", required=True, tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    school_year = fields.Char(string="School year", required=True, index=True,
                              default=default_school_year)
    term = fields.Selection(TERMS, required=True, default=lambda self: current_term(fields.Date.context_today(self)))
    state = fields.Selection([("planned", "Planned"), ("paid", "Paid"), ("cancelled", "Cancelled")],
                             string="Status", required=True, default="planned", tracking=True, index=True)
    is_highest_tier = fields.Boolean(string="Highest tier", compute="_compute_is_highest_tier", store=True)

    _one_per_period = models.UniqueIndex(
        "(student_id, programme_id, school_year, term) WHERE state != 'cancelled'",
        "The student already has this programme's grant for this period.",
    )

    @api.depends("amount", "programme_id.amount_ids.amount", "programme_id.amount_fixed")
    def _compute_is_highest_tier(self):
        for grant in self:
            # a tier exists only in a programme paid by level
            grant.is_highest_tier = (grant.programme_id.amount_mode == "level"
                                     and grant.amount >= grant.programme_id._highest_amount())

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("identification_id") and vals.get("student_id"):
                year = vals.get("school_year") or default_school_year(self)
                vals["identification_id"] = self._approved_identification_id(vals["student_id"], year)
        return super().create(vals_list)

    @api.model
    @elevated("an id only: links the grant to the student's approved identification of the year, which the "
              "grant's creator (a caseworker of the student's school, checked on create) may not have opened")
    def _approved_identification_id(self, student_id, year):
        """The id of the approved identification of ``student_id`` in ``year``, or False."""
        return self.env["student.identification"].sudo().search(
            [("student_id", "=", student_id), ("school_year", "=", year), ("workflow_state", "=", "approved")],
            limit=1).id

    def action_paid(self):
        self.filtered(lambda g: g.state == "planned").write({"state": "paid"})

    def action_cancel(self):
        self.write({"state": "cancelled"})
