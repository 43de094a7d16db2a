import contextlib

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import StudentSupportCommon, StudentSupportTourCase

YEAR = "2026-2027"


class AidKindsCommon(StudentSupportCommon):
    """A programme of each kind that needs its own fields, and an open work-study post in each school."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cw = {key: cls.users[key, "caseworker"] for key in "ab"}
        stages = cls.env["student.school.stage"].search([])
        cls.programmes = {kind: cls.env["student.aid.programme"].create({
            "name": name, "kind": kind, "funding_source": "school", "amount_mode": "grant", "period": "term",
            "stage_ids": [Command.set(stages.ids)]}) for kind, name in (
            ("work_study", "勤工助学"), ("loan", "生源地信用助学贷款"), ("green_channel", "新生入学绿色通道"),
            ("emergency", "临时困难补助"))}
        cls.post = {key: cls.env["student.work.study.post"].with_user(cls.cw[key]).create({
            "name": f"图书馆助理 {key}", "company_id": school.id, "department": "图书馆", "hours_per_week": 6,
            "hourly_pay": 15, "places": 2, "school_year": YEAR, "term": "autumn"})
            for key, school in (("a", cls.school_a), ("b", cls.school_b))}
        for post in cls.post.values():
            post.action_open()

    @contextlib.contextmanager
    def refused(self, exception, text):
        """assertRaisesRegex that also undoes what was written before the refusal (a constraint's row)."""
        with self.assertRaisesRegex(exception, text), self.env.cr.savepoint():
            yield


@tagged("post_install", "-at_install")
class TestAidKinds(AidKindsCommon):
    """Work-study, loans, the green channel and temporary hardship subsidies are grants of their programme's
    kind, with the kind's own fields; work-study posts take students in difficulty first."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.orphan = cls.env["student.hardship.category"].search([("code", "=", "orphan")])
        cls.student_a2.hardship_category_ids = [Command.set(cls.orphan.ids)]  # in difficulty; a1 is not

    def apply(self, student, key="a"):
        return self.env["student.work.study.application"].with_user(self.cw[key]).create(
            {"post_id": self.post[key].id, "student_id": student.id})

    def grant(self, kind, student=None, user=None, **vals):
        student = student or self.student_a1
        return self.env["student.aid.grant"].with_user(user or self.cw["a"]).create({
            "student_id": student.id, "programme_id": self.programmes[kind].id, "school_year": YEAR,
            "term": "autumn"} | vals)

    def test_work_study_amount_is_hours_times_pay(self):
        """A work-study grant pays the hours worked × the post's pay per hour; another amount is refused, and so
        is a grant for a student not assigned to the post."""
        with self.refused(ValidationError, "not assigned"):
            self.grant("work_study", work_study_post_id=self.post["a"].id, hours=10)
        self.apply(self.student_a1).action_assign()
        grant = self.grant("work_study", work_study_post_id=self.post["a"].id, hours=48)
        self.assertEqual(grant.hourly_pay, 15)
        self.assertEqual(grant.amount, 720)
        grant.hours = 50
        self.assertEqual(grant.amount, 750)
        with self.refused(ValidationError, "hours worked × the pay per hour"):
            grant.amount = 900
        with self.refused(ValidationError, "of the school year 2026-2027"):
            self.grant("work_study", work_study_post_id=self.post["a"].id, hours=5, school_year="2025-2026")
        with self.refused(ValidationError, "needs the post"):
            self.grant("work_study", student=self.student_a2, hours=5)

    def test_students_in_difficulty_come_first(self):
        """While a student in difficulty waits for a post, a student not in difficulty cannot be assigned; once
        the waiting student is assigned or declined he can, within the places."""
        other = self.env["student.student"].create({"name": "陈小刚", "company_id": self.school_a.id})
        plain, needy = self.apply(self.student_a1), self.apply(self.student_a2)
        self.assertFalse(plain.in_difficulty)
        self.assertTrue(needy.in_difficulty)
        with self.refused(UserError, "students in difficulty come first"):
            plain.action_assign()
        self.assertEqual(plain.state, "applied")
        with self.refused(UserError, "reason"):
            needy.action_decline()
        needy.decline_reason = "课表冲突"
        needy.action_decline()
        plain.action_assign()
        self.assertEqual(plain.state, "assigned")
        needy.action_reset()
        needy.action_assign()  # a student in difficulty is never held back by the others
        with self.refused(UserError, "no free place"):
            self.apply(other).action_assign()
        with self.refused(UserError, "cannot be written directly"):
            needy.write({"state": "declined"})

    def test_identified_student_counts_as_in_difficulty(self):
        """A student identified for the post's school year is in difficulty even without a hardship category."""
        identification = self.env["student.identification"].with_user(self.cw["a"]).create({
            "student_id": self.student_a1.id, "school_year": YEAR, "income_per_head": 100.0,
            "level_id": self.env.ref("student_support.difficulty_level_difficult").id,
            "override_reason": "committee"})
        identification.sudo()._demo_advance(3)
        self.assertTrue(self.apply(self.student_a1).in_difficulty)

    def test_kind_fields_are_required(self):
        """A loan needs its lender and status, a green-channel grant the fees deferred (its amount is 0), a
        temporary hardship subsidy its reason and amount."""
        with self.refused(ValidationError, "lender"):
            self.grant("loan", amount=8000)
        loan = self.grant("loan", amount=8000, lender="国家开发银行", loan_state="contracted",
                          contract_number="C-001")
        self.assertEqual(loan.kind, "loan")
        with self.refused(ValidationError, "fees deferred"):
            self.grant("green_channel")
        deferral = self.grant("green_channel", student=self.student_a2, deferred_amount=3200)
        self.assertEqual(deferral.amount, 0)
        with self.refused(ValidationError, "date the deferral was resolved"):
            deferral.deferral_resolved = True
        with self.refused(ValidationError, "reason"):
            self.grant("emergency", amount=1000)
        batch = self.env["student.aid.grant.batch"].with_user(self.cw["a"]).create({
            "programme_id": self.programmes["emergency"].id, "school_year": YEAR, "term": "autumn",
            "student_ids": [Command.set(self.student_a1.ids)]})
        with self.refused(UserError, "one by one"):  # amounts decided student by student: no batch
            batch.action_create()

    def test_temporary_subsidy_is_approved_by_the_school_admin(self):
        """A temporary hardship subsidy is paid only once a school admin approved it; nobody writes the
        approval directly, and a caseworker cannot approve."""
        subsidy = self.grant("emergency", amount=1000, emergency_reason="房屋受灾")
        with self.refused(UserError, "approved"):
            subsidy.action_paid()
        with self.refused(UserError, "Only the school admin"):
            subsidy.action_approve()
        for user in (self.cw["a"], self.users["a", "school_admin"]):
            with self.subTest(user=user.login), self.refused(UserError, "cannot be written directly"):
                subsidy.with_user(user).write({"approved_by_id": user.id})
        with self.assertRaises(AccessError):  # the other school's admin cannot reach it
            subsidy.with_user(self.users["b", "school_admin"]).action_approve()
        subsidy.with_user(self.users["a", "school_admin"]).action_approve()
        self.assertEqual(subsidy.approved_by_id, self.users["a", "school_admin"])
        subsidy.action_paid()
        self.assertEqual(subsidy.state, "paid")

    def screening(self):
        Screening = self.env["student.screening"].with_user(self.cw["a"])
        screening = Screening.search([("company_id", "=", self.school_a.id), ("school_year", "=", YEAR),
                                      ("term", "=", "autumn")]) or Screening.create(
            {"company_id": self.school_a.id, "school_year": YEAR, "term": "autumn"})
        screening.action_scan()
        return {line.student_id: line for line in screening.line_ids}

    def test_screening_counts_temporary_subsidy_not_loan(self):
        """An identified student with a temporary hardship subsidy is aided; one with only a loan or a
        green-channel deferral is still eligible but unaided, with that aid listed as partial aid received."""
        level = self.env.ref("student_support.difficulty_level_difficult")
        aided, owing = (self.env["student.student"].create(
            {"name": name, "company_id": self.school_a.id, "class_id": self.class_a1.id}) for name in ("甲", "乙"))
        for student in (aided, owing):
            identification = self.env["student.identification"].with_user(self.cw["a"]).create({
                "student_id": student.id, "school_year": YEAR, "income_per_head": 100.0, "level_id": level.id,
                "override_reason": "committee"})
            identification.sudo()._demo_advance(3)
            self.assertEqual(identification.workflow_state, "approved")
        self.grant("emergency", student=aided, amount=1000, emergency_reason="父亲重病")
        self.grant("loan", student=owing, amount=8000, lender="国家开发银行", loan_state="contracted")
        lines = self.screening()
        self.assertNotIn(aided, lines)
        self.assertEqual(lines[owing].finding, "identified_unaided")
        self.assertTrue(lines[owing].partial_aid)
        self.assertIn("生源地信用助学贷款", lines[owing].aid_received)
        self.grant("green_channel", student=owing, deferred_amount=3000)
        self.assertEqual(self.screening()[owing].finding, "identified_unaided")

    def test_other_school_cannot_read_posts_applications_grants(self):
        """School B's staff neither find nor read school A's posts, applications or aid of any kind; a school-A
        post cannot take a school-B student; a class teacher reads posts but not applications or grants."""
        application = self.apply(self.student_a2)
        subsidy = self.grant("emergency", amount=1000, emergency_reason="房屋受灾")
        self.env.flush_all()
        self.env.invalidate_all()
        for record in (self.post["a"], application, subsidy):
            for user in (self.cw["b"], self.users["b", "school_admin"]):
                with self.subTest(model=record._name, user=user.login):
                    self.assertFalse(self.env[record._name].with_user(user).search([("id", "=", record.id)]))
                    with self.assertRaises(AccessError):
                        record.with_user(user).read(["company_id"])
        teacher = self.users["a", "class_teacher"]
        self.assertEqual(self.env["student.work.study.post"].with_user(teacher).search(
            [("id", "in", [p.id for p in self.post.values()])]), self.post["a"])
        for record in (application, subsidy):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.with_user(teacher).read(["student_id"])
        with self.assertRaises(UserError):
            self.env["student.work.study.application"].with_user(self.cw["a"]).create(
                {"post_id": self.post["a"].id, "student_id": self.student_b1.id})
        with self.assertRaises(UserError):  # the post is another school's
            self.grant("work_study", student=self.student_b1, user=self.cw["b"],
                       work_study_post_id=self.post["a"].id, hours=5)

    def test_student_form_aid_tab(self):
        """The student's Aid tab shows identifications, grants and totals per year to a caseworker; a class
        teacher gets no such tab and cannot read the grants."""
        self.apply(self.student_a1).action_assign()
        self.grant("work_study", work_study_post_id=self.post["a"].id, hours=10)
        self.grant("loan", amount=6000, lender="国家开发银行", loan_state="contracted")
        self.env["student.aid.grant"].with_user(self.cw["a"]).create({
            "student_id": self.student_a1.id, "programme_id": self.programmes["emergency"].id,
            "school_year": "2025-2026", "term": "spring", "amount": 400, "emergency_reason": "受灾"})
        arch = self.env["student.student"].with_user(self.cw["a"]).get_views([(False, "form")])["views"]["form"]
        for name in ('name="aid"', 'name="grant_ids"', 'name="identification_ids"', 'name="aid_summary"'):
            self.assertIn(name, arch["arch"])
        self.assert_form_opens(self.student_a1, [self.cw["a"], self.users["a", "school_admin"]])
        summary = self.student_a1.with_user(self.cw["a"]).aid_summary
        self.assertLess(summary.index("2026-2027"), summary.index("2025-2026"))  # newest year first
        self.assertIn("150.00", summary)   # 10 h × 15
        self.assertIn("6000.00", summary)  # the loan, apart from the aid received
        self.assertIn("400.00", summary)
        teacher = self.users["a", "class_teacher"]
        arch = self.env["student.student"].with_user(teacher).get_views([(False, "form")])["views"]["form"]["arch"]
        for name in ('name="aid"', 'name="grant_ids"', 'name="aid_summary"'):
            self.assertNotIn(name, arch)
        self.assert_form_opens(self.student_a1, [teacher])
        for field in ("grant_ids", "aid_summary"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                self.student_a1.with_user(teacher).read([field])


@tagged("post_install", "-at_install")
class TestAidTabTour(StudentSupportTourCase):
    """The caseworker's Aid tab in the browser."""

    def test_caseworker_reads_the_aid_tab(self):
        """A caseworker's student form has the Aid tab with the year's totals and every kind of grant."""
        caseworker = self.users["a", "caseworker"]
        stages = self.env["student.school.stage"].search([])
        programmes = {kind: self.env["student.aid.programme"].create({
            "name": name, "kind": kind, "amount_mode": "grant", "stage_ids": [Command.set(stages.ids)]})
            for kind, name in (("work_study", "勤工助学"), ("loan", "生源地信用助学贷款"),
                               ("emergency", "临时困难补助"))}
        post = self.env["student.work.study.post"].with_user(caseworker).create({
            "name": "图书馆助理", "company_id": self.school_a.id, "department": "图书馆", "hours_per_week": 6,
            "hourly_pay": 15, "school_year": YEAR})
        post.action_open()
        self.env["student.work.study.application"].with_user(caseworker).create(
            {"post_id": post.id, "student_id": self.student_a1.id}).action_assign()
        Grant = self.env["student.aid.grant"].with_user(caseworker)
        common = {"student_id": self.student_a1.id, "school_year": YEAR, "term": "autumn"}
        Grant.create([
            {**common, "programme_id": programmes["work_study"].id, "work_study_post_id": post.id, "hours": 10},
            {**common, "programme_id": programmes["loan"].id, "amount": 6000, "lender": "国家开发银行",
             "loan_state": "contracted"},
            {**common, "programme_id": programmes["emergency"].id, "amount": 720, "emergency_reason": "受灾"},
        ])
        self.tour("student_support_aid_tab_tour", caseworker)
