from odoo.addons.student_support.tests.common import StudentSupportTourCase
from odoo.tests import tagged

from .test_official_reports import ReportsCommon


@tagged("post_install", "-at_install")
class TestCountyRoundTour(StudentSupportTourCase, ReportsCommon):
    """The county officer's reporting round in the browser, from a first login."""

    def test_county_returns_then_accepts_a_submission(self):
        """A county officer at his first login opens the latest round, returns a school's table with a
        comment, sees it resubmitted, accepts it and downloads the consolidated workbook."""
        self.env["student.report.period"].with_user(self.county_officer).create(  # an older round, listed second
            {"company_id": self.county.id, "kind": "statistics", "school_year": "2025-2026", "term": "spring"})
        for key in ("a", "b"):
            self.sub[getattr(self, f"school_{key}")].with_user(self.users[key, "caseworker"]).action_submit()
        self.tour("student_support_county_return_tour", self.county_officer)
        submission = self.sub[self.school_a]
        self.assertEqual(submission.state, "returned")
        self.assertIn("请核对后重新报送", submission.county_comment)
        self.assertEqual(self.screenings["a"].state, "draft")  # the screening the table counts came back too
        self.screenings["a"].with_user(self.users["a", "caseworker"]).action_submit()
        submission.with_user(self.users["a", "caseworker"]).action_submit()
        self.tour("student_support_county_accept_tour", self.county_officer)
        self.assertEqual(submission.state, "accepted")
