from odoo import models
from odoo.exceptions import UserError


class StudentScreening(models.Model):
    """A screening and the screening table that counts it stay consistent: the county's return of
    one returns the other, and a table the county has accepted keeps its screening as submitted."""

    _inherit = "student.screening"

    def _report_submissions(self):
        """The screening-table submissions of the screening's school and term."""
        self.ensure_one()
        # sudo: the caller has checked its access to the screening; callers read the status only
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
