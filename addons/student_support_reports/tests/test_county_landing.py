from odoo import Command
from odoo.addons.student_support.tests.common import StudentSupportCommon
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

ROUNDS = "student_support_reports.student_report_period_action"


@tagged("post_install", "-at_install")
class TestCountyLanding(StudentSupportCommon):
    """A county officer starts on the county's reporting rounds, named in the county's language."""

    def test_county_officer_starts_on_reporting_rounds(self):
        """The county officer's first screen is the reporting rounds; a user made officer later gets it too."""
        self.assertEqual(self.county_officer.action_id.id, self.env.ref(ROUNDS).id)
        user = new_test_user(self.env, login="test_later_officer", groups="base.group_user",
                             company_id=self.county.id, company_ids=[Command.set(self.county.ids)])
        user.write({"group_ids": [Command.link(self.env.ref("student_support.group_county_officer").id)]})
        self.assertEqual(user.action_id.id, self.env.ref(ROUNDS).id)
        # a school caseworker keeps the case kanban
        cases = self.env.ref("student_support.student_case_action")
        self.assertEqual(self.users["a", "caseworker"].action_id.id, cases.id)

    def test_round_is_named_in_the_countys_language(self):
        """A round opened by an officer working in English is named in the county's Chinese; no school opens one."""
        self.county.partner_id.lang = "zh_CN"
        Period = self.env["student.report.period"].with_user(self.county_officer)
        period = Period.with_context(lang="en_US").create(
            {"company_id": self.county.id, "kind": "screening", "school_year": "2026-2027", "term": "autumn"})
        self.assertEqual(period.name, "2026-2027 秋季学期 排查统计汇总表")
        self.assertEqual(period.submission_ids.company_id, self.school_a | self.school_b)
        with self.assertRaises(AccessError):
            self.env["student.report.period"].with_user(self.users["b", "school_admin"]).create(
                {"company_id": self.county.id, "kind": "screening"})
