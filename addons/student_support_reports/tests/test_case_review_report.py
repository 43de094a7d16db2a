from odoo.addons.student_support.tests.common import StudentSupportCommon
from odoo.exceptions import AccessError
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestCaseReviewReport(StudentSupportCommon):
    """The collective review record (集体评议记录) and the growth archive show the panel as it sat."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.caseworker, cls.admin = cls.users["a", "caseworker"], cls.users["a", "school_admin"]
        cls.counsellor = cls.users["a", "counsellor"]
        cls.case = cls.env["student.case"].with_user(cls.caseworker).create({
            "student_id": cls.student_a1.id, "company_id": cls.school_a.id, "applicant_role": "parent",
            "mentor_id": cls.users["a", "mentor"].id, "description": "家庭变故"})
        cls.case.with_user(cls.caseworker).action_workflow_approve()
        cls.case.with_user(cls.caseworker).action_workflow_approve(comment="家庭困难属实")
        cls.case.with_user(cls.counsellor).action_workflow_reject(comment="建议先观察一学期")
        cls.case.with_user(cls.admin).action_workflow_approve(comment="同意列为重点帮扶对象")

    def render(self, report, records, user, lang="en_US"):
        Report = self.env["ir.actions.report"].with_user(user).with_context(lang=lang)
        return Report._render_qweb_html(f"student_support_reports.{report}", records.ids)[0].decode()

    def test_review_record_lists_members_votes_and_result(self):
        """The printed record names each member with his vote and comment, and the result (2 of 3 approved)."""
        self.assertEqual(self.case.stage_id.name, "Confirmation")
        html = self.render("report_case_review", self.case, self.caseworker)
        for text in ("集体评议记录", self.caseworker.name, self.admin.name, self.counsellor.name, "家庭困难属实",
                     "建议先观察一学期", "同意列为重点帮扶对象", "2 of 3 approved, 1 against", self.case.name):
            self.assertIn(text, html)

    def test_review_record_adds_the_exit_reviews(self):
        """The printed record adds the exit request's review (seed 002: exit after collective review), with its
        votes; the mentor, who reads the case, cannot print it."""
        self.case.with_user(self.admin).action_workflow_approve()
        self.assertEqual(self.case.workflow_state, "approved")
        request = self.env["student.case.exit"].with_user(self.caseworker).create(
            {"case_id": self.case.id, "explanation": "成绩和情绪稳定一学期"})
        request.with_user(self.caseworker).action_workflow_approve()
        request.with_user(self.counsellor).action_workflow_approve(comment="情绪稳定，同意退出")
        request.with_user(self.admin).action_workflow_approve(comment="同意退出")
        self.assertTrue(self.case.exit_date)
        html = self.render("report_case_review", self.case, self.caseworker)
        for text in ("退出申请 · Collective review", "情绪稳定，同意退出", "2 of 3 approved, 0 against",
                     "家庭困难属实"):
            self.assertIn(text, html)
        with self.assertRaises(AccessError):
            self.render("report_case_review", self.case, self.users["a", "mentor"])

    def test_growth_archives_show_the_result_without_members(self):
        """Both growth archives show the review's result; the anonymised one names no member."""
        for report in ("report_growth_archive", "report_growth_archive_anonymous"):
            with self.subTest(report=report):
                html = self.render(report, self.student_a1, self.caseworker)
                self.assertIn("2 of 3 approved, 1 against", html)
        anonymous = self.render("report_growth_archive_anonymous", self.student_a1, self.caseworker)
        self.assertNotIn(self.counsellor.name, anonymous)

    def test_other_school_and_class_teacher_cannot_print_it(self):
        """School B's caseworker and school A's class teacher cannot print school A's review record."""
        for user in (self.users["b", "caseworker"], self.users["a", "class_teacher"], self.county_officer):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.render("report_case_review", self.case, user)
