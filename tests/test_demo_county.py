"""The demo county that `bin/run` shows is complete and respects the roles."""

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

ROLES = ["class_teacher", "mentor", "caseworker", "school_admin", "counsellor"]
SCHOOLS = ["primary", "junior", "vocational"]


# pytest-odoo runs these outside an addon: tagged() gives them the test tags Odoo expects
@tagged("post_install", "-at_install")
class TestDemoCounty(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.county = cls.env.ref("student_support.demo_county_bureau", raise_if_not_found=False)
        if not cls.county:
            cls.skipTest(cls, "database installed without demo data")

    def test_county_with_three_schools_and_sixty_students(self):
        """The demo county has a primary, a junior secondary and a vocational school, and about 60 students."""
        schools = self.env["res.company"].search([("parent_id", "=", self.county.id)])
        self.assertEqual(sorted(schools.mapped("school_stage")), ["junior_secondary", "primary", "vocational"])
        students = self.env["student.student"].search([("company_id", "in", schools.ids)])
        self.assertEqual(len(students), 60)
        self.assertTrue(all(students.mapped("national_id")))
        self.assertTrue(students.filtered("hardship_category_ids"))

    def test_one_user_per_role_and_school(self):
        """Each school has a demo user for every role, confined to that school."""
        for school in SCHOOLS:
            company = self.env.ref(f"student_support.demo_school_{school}")
            for role in ROLES:
                user = self.env["res.users"].search([("login", "=", f"{school}_{role}")])
                with self.subTest(school=school, role=role):
                    self.assertEqual(user.company_ids, company)
                    self.assertTrue(user.has_group(f"student_support.group_{role}"))

    def test_demo_users_see_their_own_school_only(self):
        """A demo caseworker sees the 20 students of his school; the county officer sees all 60 without ID numbers."""
        caseworker = self.env["res.users"].search([("login", "=", "primary_caseworker")])
        students = self.env["student.student"].with_user(caseworker).search([])
        self.assertEqual(len(students), 20)
        self.assertEqual(students.company_id, self.env.ref("student_support.demo_school_primary"))
        officer = self.env["res.users"].search([("login", "=", "county_officer")])
        Student = self.env["student.student"].with_user(officer)
        self.assertEqual(Student.search_count([]), 60)
        with self.assertRaises(AccessError):
            Student.search([], limit=1).read(["national_id"])

    def test_demo_schools_run_different_case_workflows(self):
        """The junior school runs its own case workflow with a class review; the primary school the default one."""
        Workflow = self.env["student.workflow"]
        junior = Workflow._get_for("student.case", self.env.ref("student_support.demo_school_junior"))
        primary = Workflow._get_for("student.case", self.env.ref("student_support.demo_school_primary"))
        self.assertEqual(primary, self.env.ref("student_support.workflow_case_default"))
        self.assertEqual(junior.company_id, self.env.ref("student_support.demo_school_junior"))
        self.assertIn(self.env.ref("student_support.demo_workflow_case_junior_class"), junior.stage_ids)
        officer = self.env["res.users"].search([("login", "=", "county_officer")])
        with self.assertRaises(AccessError):
            self.env["student.case"].with_user(officer).search_count([])

    def test_demo_forms_and_service_menus(self):
        """The demo shows a county form copied by the junior school, answers on a case, and service menus."""
        case = self.env.ref("student_support.demo_case_junior_00")
        self.assertEqual(case.form_template_id, self.env.ref("student_support.demo_form_case_junior"))
        self.assertEqual(case.form_properties._values["family_income"], 620.0)
        self.assertEqual(len(case.wish_item_ids), 2)
        primary = self.env.ref("student_support.demo_case_primary_00")
        self.assertEqual(primary.form_template_id, self.env.ref("student_support.demo_form_case_county"))
        for school in ("primary", "junior"):
            company = self.env.ref(f"student_support.demo_school_{school}")
            self.assertTrue(self.env["student.service"].search_count([("company_id", "=", company.id)]))

    def test_demo_cases_in_every_stage(self):
        """Every stage of the demo schools' case workflows holds a demo case, and one case has exited."""
        Case = self.env["student.case"]
        for xmlid in ("student_support.workflow_case_default", "student_support.demo_workflow_case_junior"):
            for stage in self.env.ref(xmlid).stage_ids:
                with self.subTest(stage=stage.name):
                    self.assertTrue(Case.search_count([("stage_id", "=", stage.id)]))
        self.assertTrue(Case.search_count([("exit_date", "!=", False)]))

    def test_reporting_rounds_of_the_demo_county(self):
        """The county sees this term's four rounds; the primary school submitted statistics, filing and summary."""
        officer = self.env["res.users"].search([("login", "=", "county_officer")])
        rounds = self.env["student.report.period"].with_user(officer).search([("company_id", "=", self.county.id)])
        self.assertEqual(sorted(rounds.mapped("kind")), ["annual_summary", "filing", "screening", "statistics"])
        primary = self.env.ref("student_support.demo_school_primary")
        for kind in ("statistics", "filing", "annual_summary"):
            with self.subTest(kind=kind):
                submissions = rounds.filtered(lambda r, kind=kind: r.kind == kind).submission_ids
                self.assertEqual(submissions.filtered(lambda s: s.state == "submitted").company_id, primary)
        statistics = rounds.filtered(lambda r: r.kind == "statistics")
        self.assertGreater(statistics.submission_ids.filtered("figures").figures["total"], 0)
        filed = rounds.filtered(lambda r: r.kind == "filing").submission_ids.filtered("register")
        self.assertTrue(filed.register)
        names = self.env["student.student"].search([("company_id", "=", primary.id)]).mapped("name")
        self.assertFalse([name for name in names if name in str(filed.register)])
        summary = rounds.filtered(lambda r: r.kind == "annual_summary").submission_ids.filtered("summary")
        self.assertIn("一、工作开展情况", summary.summary_html)

    def test_demo_users_start_on_their_own_work(self):
        """Each demo user opens on its role's work, not on Discuss; no demo school admin is a system admin."""
        home = {
            "class_teacher": "student_support.student_student_action_my_class",
            "mentor": "student_support.student_case_action_mine",
            "caseworker": "student_support.student_case_action",
            "school_admin": "student_support.student_case_action",
            "counsellor": "student_support.student_case_action",
        }
        Users = self.env["res.users"]
        for school in SCHOOLS:
            for role in ROLES:
                user = Users.search([("login", "=", f"{school}_{role}")])
                with self.subTest(school=school, role=role):
                    self.assertEqual(user.action_id.id, self.env.ref(home[role]).id)
                    self.assertFalse(user.has_group("base.group_system"))
        officer = Users.search([("login", "=", "county_officer")])
        self.assertEqual(officer.action_id.id, self.env.ref("student_support_reports.student_report_period_action").id)

    def test_demo_panels_and_finished_reviews(self):
        """Each demo school has its collective review panel (five members at the primary school, three at the
        others, a majority to approve); the demo cases past the review keep the panel as it sat."""
        for school, members, needed in (("primary", 5, 3), ("junior", 3, 2), ("vocational", 3, 2)):
            company = self.env.ref(f"student_support.demo_school_{school}")
            panel = self.env["student.review.panel"].search([("company_id", "=", company.id)])
            with self.subTest(school=school):
                self.assertEqual((panel.member_count, panel.votes_required), (members, needed))
                self.assertEqual(panel.member_ids.company_ids, company)
        confirmed = self.env.ref("student_support.demo_case_primary_03")
        sitting = confirmed.review_sitting_ids.filtered(lambda s: s.state == "approved")
        self.assertEqual((sitting.member_count, sitting.approve_count, len(sitting.vote_ids)), (5, 3, 5))
        rejected = self.env.ref("student_support.demo_case_junior_06")
        self.assertEqual(rejected.review_sitting_ids.mapped("state"), ["rejected"])
