from odoo.addons.student_support.tests.common import StudentSupportCommon
from odoo.exceptions import AccessError
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestGrowthArchive(StudentSupportCommon):
    """The growth archive (成长档案) gathers a student's support in one printable document."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.caseworker = cls.users["a", "caseworker"]
        cls.mentor = cls.users["a", "mentor"]
        cls.case = cls.env["student.case"].with_user(cls.caseworker).create({
            "student_id": cls.student_a1.id, "company_id": cls.school_a.id, "applicant_role": "parent",
            "mentor_id": cls.mentor.id, "description": "家庭变故",
        })
        cls.env["student.support.record"].with_user(cls.mentor).create(
            {"case_id": cls.case.id, "kind": "talk", "content": "谈学习计划与作息"})
        cls.env["student.home.visit"].with_user(cls.users["a", "class_teacher"]).create(
            {"student_id": cls.student_a1.id, "findings": "居住条件简陋"})
        cls.env["student.home.visit"].with_user(cls.users["a", "class_teacher"]).create(
            {"student_id": cls.student_a1.id, "mode": "phone", "findings": "电话了解近况"})
        cls.student_a1.with_user(cls.users["a", "class_teacher"]).traits = "擅长书法，性格内向"
        cls.env["student.growth.reward"].with_user(cls.caseworker).create(
            {"student_id": cls.student_a1.id, "kind": "scholarship", "name": "励志奖学金", "amount": 500})
        cls.env["student.case.note"].with_user(cls.mentor).create({"case_id": cls.case.id, "note": "绝密备注"})

    def render(self, report, user, lang=None):
        Report = self.env["ir.actions.report"].with_user(user)
        html, _type = (Report.with_context(lang=lang) if lang else Report)._render_qweb_html(
            f"student_support_reports.{report}", self.student_a1.ids)
        return html.decode()

    def test_archive_gathers_the_students_support(self):
        """The archive shows case, support records, visits and rewards, the ID masked and no sensitive note."""
        html = self.render("report_growth_archive", self.caseworker)
        for text in (self.student_a1.name, self.case.name, "谈学习计划与作息", "居住条件简陋", "励志奖学金",
                     self.student_a1.national_id_masked):
            self.assertIn(text, html)
        self.assertNotIn(self.student_a1.sudo().national_id, html)
        self.assertNotIn("绝密备注", html)

    def test_anonymised_archive_replaces_name_and_id(self):
        """The anonymised archive names the student by a stable code, without name, ID or register number."""
        html = self.render("report_growth_archive_anonymous", self.caseworker)
        code = self.student_a1._archive_code()
        self.assertIn(code, html)
        self.assertEqual(code, self.student_a1._archive_code())
        self.assertNotEqual(code, self.student_a2._archive_code())
        for text in (self.student_a1.name, self.student_a1.national_id_masked, self.student_a1.sudo().national_id):
            self.assertNotIn(text, html)
        self.assertIn("谈学习计划与作息", html)

    def test_archive_shows_traits_and_phone_visits(self):
        """Both archives show the student's strengths and character and a visit made by phone (seeds 001, 003)."""
        for report in ("report_growth_archive", "report_growth_archive_anonymous"):
            with self.subTest(report=report):
                html = self.render(report, self.caseworker, lang="zh_CN")
                self.assertIn("特长与性格", html)
                self.assertIn("擅长书法，性格内向", html)
                self.assertIn("电话家访", html)
                self.assertIn("电话了解近况", html)

    def test_archive_of_another_school_or_below_caseworker_is_refused(self):
        """Staff of school B, a class teacher and the county officer cannot print a school-A archive."""
        for user in (self.users["b", "caseworker"], self.users["a", "class_teacher"], self.county_officer):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.render("report_growth_archive", user)
