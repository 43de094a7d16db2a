from odoo import api, fields, models
from odoo.addons.student_support.models.elevated import elevated
from odoo.exceptions import UserError

from .report_figures import coverage_keys, is_compulsory


class StudentScreening(models.Model):
    """A screening and the screening table that counts it stay consistent: the county's return of
    one returns the other, and a table the county has accepted keeps its screening as submitted.
    The school answers the 100% question of its annex here (coverage_keys: Annex 2's in the compulsory stage,
    else Annex 1's): when the answer is no, it says why and what it does about it (具体原因及整改措施, required
    to submit), which the table prints and its snapshot keeps."""

    _inherit = "student.screening"

    coverage_question = fields.Char(
        string="100% question", compute="_compute_coverage",
        help="The question of seed 004's screening table that the school answers: in the compulsory stage (primary "
             "and junior secondary), Annex 2's, else Annex 1's.")
    coverage_complete = fields.Boolean(
        string="100% covered", compute="_compute_coverage",
        help="Yes when every student the question counts is covered this term. Annex 1 (senior secondary, "
             "vocational and higher education): every student registered poor, on the minimum living allowance or "
             "extreme-poverty support, orphan or disabled, martyr's child, or of a family hit by a disaster has the "
             "highest tier of a national grant. Annex 2 (compulsory stage): every student of the four categories "
             "(registered poor, disabled, minimum living allowance, extreme-poverty support) is aided and every "
             "boarder in difficulty has the boarders' living subsidy.")
    coverage_figure = fields.Char(string="Covered students", compute="_compute_coverage")

    @api.depends("company_id", "company_id.school_stage", "school_year", "term")
    @api.depends_context("lang")
    def _compute_coverage(self):
        Figures = self.env["student.report.figures"]
        for screening in self:
            screening.coverage_question = screening._coverage_question()
            if not (screening.company_id and screening.school_year and screening.term):
                screening.coverage_complete, screening.coverage_figure = True, False
                continue
            figures = Figures._screening_figures(screening.company_id, screening.school_year,
                                                 screening.term)[screening.company_id.id]
            counted, covered = (figures[key] for key in coverage_keys(screening.company_id))
            screening.coverage_complete = covered >= counted
            screening.coverage_figure = f"{covered} / {counted}"

    def _coverage_question(self):
        """The 100% question the screening's school answers, in the user's language."""
        if is_compulsory(self.company_id):
            return self.env._("Annex 2: in the compulsory stage, are all students of the four categories "
                              "(registered poor, disabled not registered poor, rural minimum living allowance, rural "
                              "extreme-poverty support) aided, and every boarder in difficulty given the boarders' "
                              "living subsidy?")
        return self.env._("Annex 1: has every student registered poor, on the rural minimum living allowance or "
                          "extreme-poverty support, orphan or disabled, martyr's child or of a family hit by a "
                          "natural disaster or emergency the highest tier of the national grant?")

    def _check_submittable(self):
        # the figures as they are now (students, grants written in this transaction), not as first read
        self.invalidate_recordset(["coverage_complete", "coverage_figure"])
        for screening in self:
            if screening.coverage_complete or (screening.coverage_reason or "").strip():
                continue
            if is_compulsory(screening.company_id):
                raise UserError(self.env._(
                    "%(screening)s: not every compulsory-stage student of the four categories is aided or not every "
                    "boarder in difficulty has the boarders' living subsidy (%(figure)s): give the reasons and "
                    "corrective measures before submitting.",
                    screening=screening.display_name, figure=screening.coverage_figure))
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
