from odoo import api, fields, models
from odoo.addons.student_support.models.elevated import elevated
from odoo.exceptions import UserError


class StudentScreening(models.Model):
    """A screening and the screening table that counts it stay consistent: the county's return of
    one returns the other, and a table the county has accepted keeps its screening as submitted.
    The school answers Annex 1's 100% question here: when the answer is no, it says why and what it
    does about it (具体原因及整改措施, required to submit), which the table prints and its snapshot keeps."""

    _inherit = "student.screening"

    coverage_complete = fields.Boolean(
        string="Highest national grant for every priority student", compute="_compute_coverage",
        help="Annex 1 of seed 004: every student registered poor, on the minimum living allowance or extreme-poverty "
             "support, orphan or disabled, martyr's child, or of a family hit by a disaster has the highest tier of "
             "a national grant this term.")
    coverage_figure = fields.Char(string="Covered students", compute="_compute_coverage")
    @api.depends("company_id", "school_year", "term")
    def _compute_coverage(self):
        Figures = self.env["student.report.figures"]
        for screening in self:
            if not (screening.company_id and screening.school_year and screening.term):
                screening.coverage_complete, screening.coverage_figure = True, False
                continue
            figures = Figures._screening_figures(screening.company_id, screening.school_year,
                                                 screening.term)[screening.company_id.id]
            screening.coverage_complete = figures["covered"] >= figures["priority"]
            screening.coverage_figure = f"{figures['covered']} / {figures['priority']}"

    def _check_submittable(self):
        for screening in self:
            if not screening.coverage_complete and not (screening.coverage_reason or "").strip():
                raise UserError(self.env._(
                    "%(screening)s: not every priority student has the highest tier of the national grant "
                    "(%(figure)s): give the reasons and corrective measures before submitting.",
                    screening=screening.display_name, figure=screening.coverage_figure))
        return super()._check_submittable()

    @elevated("the screening tables that count the screening, for a caller who has checked its access to the "
              "screening: callers read their status and name, and return them with the screening, nothing else")
    def _report_submissions(self):
        """The screening-table submissions of the screening's school and term."""
        self.ensure_one()
        return self.env["student.report.submission"].sudo().search([
            ("company_id", "=", self.company_id.id), ("period_id.kind", "=", "screening"),
            ("period_id.school_year", "=", self.school_year), ("period_id.term", "=", self.term)])

    def _return_to_school(self, reason):
        for screening in self:
            accepted = screening._report_submissions().filtered(lambda s: s.state == "accepted")
            if accepted:
                raise UserError(self.env._(
                    "The county has accepted %(table)s of %(school)s, which counts this screening: both stay as "
                    "submitted.", table=accepted[0].name, school=screening.company_id.name))
        submitted = self.filtered(lambda s: s.state == "submitted")
        result = super()._return_to_school(reason)
        for screening in submitted:
            screening._report_submissions()._return_to_school(reason)
        return result
