
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..models.student_workflow_mixin import PROTECTED_WRITE_KEY
from .common import StudentSupportCommon
from .test_aid_kinds import AidKindsCommon

YEAR = "2026-2027"


@tagged("post_install", "-at_install")
class TestHostileAidKinds(AidKindsCommon):
    """Attacks on the new kinds of aid (work-study, temporary hardship subsidies) through RPC writes,
    onchanges and company relations: each is refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin_a = cls.users["a", "school_admin"]

    def subsidy(self, **vals):
        return self.env["student.aid.grant"].with_user(self.cw["a"]).create({
            "student_id": self.student_a1.id, "programme_id": self.programmes["emergency"].id, "school_year": YEAR,
            "term": "autumn", "amount": 800, "emergency_reason": "房屋受灾"} | vals)

    def test_unapproved_subsidy_is_never_paid_by_a_write(self):
        """A temporary hardship subsidy is never written, created or copied as paid without the admin's approval."""
        subsidy = self.subsidy()
        with self.refused(ValidationError, "approved"):
            subsidy.with_user(self.cw["a"]).write({"state": "paid"})
        with self.refused(ValidationError, "approved"):
            self.subsidy(student_id=self.student_a2.id, state="paid")
        self.assertEqual(subsidy.state, "planned")
        subsidy.with_user(self.admin_a).action_approve()
        subsidy.with_user(self.cw["a"]).action_paid()
        copy = subsidy.with_user(self.cw["a"]).copy({"term": "spring"})  # a copy is a new, unapproved subsidy
        self.assertEqual((copy.state, copy.approved_by_id), ("planned", self.env["res.users"]))

    def test_approved_subsidy_keeps_what_was_approved(self):
        """Once approved, a subsidy's amount, student, programme and reason are refused on write, for everyone."""
        subsidy = self.subsidy()
        subsidy.with_user(self.admin_a).action_approve()
        for user in (self.cw["a"], self.admin_a):
            for vals in ({"amount": 80000}, {"student_id": self.student_a2.id}, {"emergency_reason": "另有原因"}):
                with self.subTest(user=user.login, vals=vals), self.refused(UserError, "approved"):
                    subsidy.with_user(user).write(vals)
        self.assertEqual(subsidy.amount, 800)
        subsidy.with_user(self.cw["a"]).action_paid()  # paying and cancelling stay possible
        self.assertEqual(subsidy.state, "paid")

    def test_programme_with_grants_keeps_its_kind(self):
        """A school admin cannot turn a programme with grants into another kind (a subsidy into a plain grant)."""
        programme = self.env["student.aid.programme"].with_user(self.admin_a).create({
            "name": "本校临时困难补助", "kind": "emergency", "funding_source": "school", "amount_mode": "grant",
            "period": "term", "company_id": self.school_a.id,
            "stage_ids": [Command.set(self.env["student.school.stage"].search([]).ids)]})
        programme.with_user(self.admin_a).kind = "grant"  # no grant yet: still free
        programme.with_user(self.admin_a).kind = "emergency"
        self.subsidy(programme_id=programme.id)
        for kind in ("grant", "national_grant"):
            with self.subTest(kind=kind), self.refused(UserError, "has grants"):
                programme.with_user(self.admin_a).write({"kind": kind})
        programme.with_user(self.admin_a).write({"kind": "emergency", "name": "临时困难补助（本校）"})

    def test_application_never_created_assigned(self):
        """An application is not created assigned (past the waiting list and the places), nor a post created open,
        not even with the guard's context key sent by a client."""
        Application = self.env["student.work.study.application"].with_user(self.cw["a"])
        Post = self.env["student.work.study.post"].with_user(self.cw["a"])
        forged = {PROTECTED_WRITE_KEY: {"model": Application._name, "fields": ["state"]}}
        for env_context in ({}, forged):
            with self.subTest(forged=bool(env_context)):
                with self.refused(UserError, "cannot be written directly"):
                    Application.with_context(**env_context).create(
                        {"post_id": self.post["a"].id, "student_id": self.student_a1.id, "state": "assigned"})
                with self.refused(UserError, "cannot be written directly"):
                    Post.with_context(**env_context).create({
                        "name": "食堂帮工", "company_id": self.school_a.id, "department": "食堂", "hours_per_week": 4,
                        "hourly_pay": 15, "school_year": YEAR, "term": "autumn", "state": "open"})
        self.assertFalse(self.post["a"].application_ids)

    def test_grant_onchange_reads_nothing_of_another_schools_post(self):
        """A school-A caseworker's onchange naming school B's post returns neither its name nor its pay."""
        Grant = self.env["student.aid.grant"].with_user(self.cw["a"])
        spec = {"work_study_post_id": {"fields": {"display_name": {}}}, "hourly_pay": {}, "amount": {}}
        values = {"student_id": self.student_a1.id, "programme_id": self.programmes["work_study"].id,
                  "school_year": YEAR, "term": "autumn", "hours": 10, "work_study_post_id": self.post["b"].id}
        self.env.invalidate_all()  # a request of its own
        try:
            result = Grant.onchange(values, ["work_study_post_id"], spec)
        except AccessError:
            return
        self.assertNotIn(self.post["b"].name, str(result))
        self.assertNotEqual(result["value"].get("hourly_pay"), 15)

    def test_application_stays_on_its_schools_post(self):
        """An application cannot be moved onto another school's post (nor onto another post of its school)."""
        application = self.env["student.work.study.application"].with_user(self.cw["a"]).create(
            {"post_id": self.post["a"].id, "student_id": self.student_a2.id})
        with self.refused(UserError, "post"):
            application.write({"post_id": self.post["b"].id})
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual((application.post_id, application.company_id), (self.post["a"], self.school_a))
        self.assertFalse(self.env["student.work.study.application"].with_user(self.cw["b"]).search(
            [("student_id", "=", self.student_a2.id)]))

    def test_class_teacher_reads_posts_with_their_counts(self):
        """A class teacher lists the school's posts with their places taken, without reading any application."""
        self.env["student.work.study.application"].with_user(self.cw["a"]).create(
            {"post_id": self.post["a"].id, "student_id": self.student_a2.id})
        self.env.invalidate_all()
        teacher = self.users["a", "class_teacher"]
        rows = self.env["student.work.study.post"].with_user(teacher).search_read(
            [("id", "in", [p.id for p in self.post.values()])], ["name", "assigned_count", "waiting_count"])
        self.assertEqual([(r["id"], r["waiting_count"]) for r in rows], [(self.post["a"].id, 1)])
        self.assert_form_opens(self.post["a"], [teacher])
        with self.assertRaises(AccessError):
            self.post["a"].with_user(teacher).web_read({"application_ids": {"fields": {"student_id": {}}}})


@tagged("post_install", "-at_install")
class TestHostilePanel(StudentSupportCommon):
    """Attacks on the school's collective review panel from another school."""

    def test_panel_onchange_offers_no_other_schools_staff(self):
        """A school admin's onchange naming school B as the panel's school lists none of school B's staff."""
        admin = self.users["a", "school_admin"]
        Panel = self.env["student.review.panel"].with_user(admin)
        spec = {"company_id": {}, "eligible_user_ids": {"fields": {"display_name": {}}}}
        try:
            result = Panel.onchange({"company_id": self.school_b.id, "name": "越权"}, ["company_id"], spec)
        except AccessError:
            return  # refused outright: nothing listed either
        # x2many values come as commands (code, id, values)
        offered = {row[1] for row in result["value"].get("eligible_user_ids", [])}
        self.assertFalse(offered & set(self.panel_members("b").ids))


@tagged("post_install", "-at_install")
class TestCountyLearnsNoMentor(StudentSupportCommon):
    """A student's mentor (given to key-support cases) reaches the county through no related path."""

    def test_county_reaches_no_mentor_through_related_paths(self):
        """The county neither filters, groups, exports nor web_reads a student's mentor through another record."""
        officer = self.county_officer
        Student = self.env["student.student"].with_user(officer)
        Screening = self.env["student.screening.line"].with_user(officer)
        doors = [
            lambda: Screening.search([("student_id.mentor_id", "!=", False)]),
            lambda: Student.formatted_read_group([], ["mentor_id"], ["__count"]),
            lambda: Student.search_count([("mentor_id.name", "ilike", "a")]),
            lambda: self.student_a2.with_user(officer).export_data(["mentor_id/name"]),
            lambda: Student.browse(self.student_a2.id).web_read({"mentor_id": {"fields": {"display_name": {}}}}),
            lambda: self.env["student.class"].with_user(officer).search(
                [("student_ids.mentor_id", "!=", False)]),
        ]
        for index, door in enumerate(doors):
            with self.subTest(door=index), self.assertRaises(AccessError):
                door()
