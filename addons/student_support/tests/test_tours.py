from odoo import Command
from odoo.tests import tagged

from .common import StudentSupportTourCase


@tagged("post_install", "-at_install")
class TestClassTeacherTour(StudentSupportTourCase):
    """The class teacher's journey in the browser."""

    def test_class_teacher_sees_masked_id_numbers_only(self):
        """A class teacher's student list and form show the own class with masked ID numbers, never a full one."""
        self.tour("student_support_class_teacher_tour", self.users["a", "class_teacher"])


@tagged("post_install", "-at_install")
class TestCountyFirstLogin(StudentSupportTourCase):
    """A county officer's web client opens on the county and its schools, without the company switcher."""

    def open_web_client(self, user, cids=None):
        self.authenticate(user.login, user.login)
        if cids:
            self.opener.cookies.set("cids", cids)
        response = self.url_open("/odoo")
        response.raise_for_status()
        return response.cookies.get("cids")

    def test_county_officer_starts_on_county_and_schools(self):
        """With no choice made yet, the county bureau and the officer's schools of the county become active."""
        expected = "-".join(map(str, [self.county.id, *sorted((self.school_a | self.school_b).ids)]))
        self.assertEqual(self.open_web_client(self.county_officer), expected)

    def test_switcher_choice_and_school_users_are_left_alone(self):
        """A choice made in the company switcher stays; a school user starts on the own school as Odoo does."""
        self.assertIsNone(self.open_web_client(self.county_officer, cids=str(self.county.id)))
        self.assertIsNone(self.open_web_client(self.users["a", "caseworker"]))


@tagged("post_install", "-at_install")
class TestMentorExitTour(StudentSupportTourCase):
    """A mentor's casework and a case's exit in the browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mentor, cls.caseworker = cls.users["a", "mentor"], cls.users["a", "caseworker"]
        cls.case = cls.confirmed_case(cls.student_a2)
        cls.roster = cls.mentor_roster.filtered(lambda m: m.company_id == cls.school_a)

    def test_mentor_logs_support_requests_exit_and_gets_the_place_back(self):
        """The mentor logs a home visit and a talk and requests the exit; the caseworker takes it to the
        collective review, where his vote (1 of the panel's 2) leaves the case open and a second vote of his is
        refused; the school admin's vote ends the case, and the mentor roster shows the place free again."""
        self.assertEqual((self.case.workflow_state, self.roster.case_count), ("approved", 1))
        self.tour("student_support_mentor_tour", self.mentor)
        visit = self.env["student.home.visit"].search([("student_id", "=", self.student_a2.id)])
        self.assertEqual((visit.visitor_ids, visit.findings), (self.mentor, "家中已安装宽带，学生能按时上网课"))
        self.assertEqual(self.case.support_record_ids.mapped(lambda r: (r.kind, r.user_id)), [("talk", self.mentor)])
        request = self.case.exit_ids
        self.assertEqual((request.create_uid, request.stage_id.name), (self.mentor, "Exit request"))
        self.tour("student_support_exit_approval_tour", self.caseworker)
        self.assertEqual((request.stage_id.name, request.workflow_vote_count, self.case.exit_date),
                         ("Collective review", 1, False))
        self.tour("student_support_exit_panel_tour", self.users["a", "school_admin"])
        self.assertTrue(self.case.exit_date)
        self.assertEqual((self.roster.case_count, self.roster.free_count), (0, 3))
        sitting = request.review_sitting_ids
        self.assertEqual((sitting.state, sitting.member_ids, sitting.approve_count, sitting.votes_required),
                         ("approved", self.panel_members("a"), 2, 2))
        self.assertEqual({v.user_id: (v.vote, v.comment) for v in sitting.vote_ids}, {
            self.caseworker: ("approve", "集体评议同意退出"),
            self.users["a", "school_admin"]: ("approve", "同意退出，转入常规关注"),
            self.users["a", "counsellor"]: ("none", False)})


@tagged("post_install", "-at_install")
class TestSchoolAdminTour(StudentSupportTourCase):
    """The school admin's configuration in the browser."""

    def test_school_admin_configures_form_workflow_and_service_menu(self):
        """A school admin adds a choice field to the key-support form, copies the workflow with a two-approval
        collective review decided by the school's panel, sets up the panel (one approval, below a majority, is
        refused), and adds a service: all of them the school's, none another school's."""
        self.review_panels.filtered(lambda p: p.company_id == self.school_a).unlink()  # the tour sets it up
        self.tour("student_support_school_admin_tour", self.users["a", "school_admin"])
        form = self.env["student.form.template"].search([("company_id", "=", self.school_a.id),
                                                         ("res_model", "=", "student.case")])
        self.assertEqual(form.field_ids.mapped(lambda f: (f.label, f.field_type)), [("户籍所在地", "selection")])
        self.assertEqual(form.field_ids.choice_ids.mapped("name"), ["城镇", "农村"])
        workflow = self.env["student.workflow"].search([("company_id", "=", self.school_a.id),
                                                        ("res_model", "=", "student.case")])
        review = workflow.stage_ids.filtered(lambda s: s.name == "Collective review")
        self.assertEqual((workflow.name, review.approver_type, review.deadline_days),
                         ("Key-support case (School A)", "panel", 10))
        panel = self.env["student.review.panel"].search([("company_id", "=", self.school_a.id)])
        self.assertEqual((panel.member_ids, panel.votes_required), (self.panel_members("a"), 2))
        service = self.env["student.service"].search([("name", "=", "一对一数学辅导")])
        self.assertEqual((service.company_id, service.category_id.code, service.capacity),
                         (self.school_a, "tutoring", 4))
        self.assertFalse(self.env["student.workflow"].search([("company_id", "=", self.school_b.id)]))


@tagged("post_install", "-at_install")
class TestCaseVotingTour(StudentSupportTourCase):
    """A case from application to filing on the school's own form and two-approval review, in the browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        admin = cls.users["a", "school_admin"]
        cls.older = cls.env["student.case"].with_user(cls.users["a", "caseworker"]).create(
            {"student_id": cls.student_a2.id, "company_id": cls.school_a.id, "description": "旧申请"})
        default = cls.env.ref("student_support.workflow_case_default")
        copy = default.with_user(admin).with_company(cls.school_a).action_copy_to_school()
        cls.workflow = cls.env["student.workflow"].browse(copy["res_id"])
        cls.form = cls.env["student.form.template"].with_user(admin).create({
            "name": "重点帮扶对象申请表", "res_model": "student.case", "company_id": cls.school_a.id,
            "field_ids": [Command.create({"label": "户籍所在地", "name": "residence", "field_type": "selection",
                                          "choice_ids": [Command.create({"name": "城镇"}),
                                                         Command.create({"name": "农村"})]})],
        })

    def test_two_approvals_refuse_a_second_vote_and_file_the_case(self):
        """The caseworker's case carries the school's field; his second vote at the review (2 of the panel's 3)
        is refused with a message; the school admin's vote completes the review, which the case keeps with its
        members and votes, and his confirmation files the case."""
        caseworker, admin = self.users["a", "caseworker"], self.users["a", "school_admin"]
        self.tour("student_support_case_caseworker_tour", caseworker)
        case = self.env["student.case"].search([("student_id", "=", self.student_a1.id)])
        values = {p["name"]: p.get("value") for p in case.read(["form_properties"])[0]["form_properties"]}
        self.assertEqual((case.workflow_id, values["residence"]), (self.workflow, "opt2"))
        self.assertEqual((case.stage_id.name, case.workflow_vote_count), ("Collective review", 1))
        self.tour("student_support_case_school_admin_tour", admin)
        self.assertEqual((case.stage_id.name, case.workflow_state, case.mentor_id),
                         ("Filed with the county", "approved", self.users["a", "mentor"]))
        review = case.approval_ids.filtered(
            lambda d: d.stage_id.name == "Collective review" and d.decision == "approve")
        self.assertEqual(review.user_id, caseworker | admin)
        # the panel as it sat: its three members, the two approvals and the member who did not vote
        sitting = case.review_sitting_ids
        self.assertEqual((sitting.state, sitting.member_ids, sitting.approve_count, sitting.votes_required),
                         ("approved", self.panel_members("a"), 2, 2))
        self.assertEqual({v.user_id: v.vote for v in sitting.vote_ids},
                         {caseworker: "approve", admin: "approve", self.users["a", "counsellor"]: "none"})


@tagged("post_install", "-at_install")
class TestWishListTour(StudentSupportTourCase):
    """A wish from the service menu, chosen and fulfilled in the browser."""

    def test_mentor_records_and_fulfils_a_wish(self):
        """A mentor records the service the student chose, starts it and marks it fulfilled with its outcome:
        the service's place is free again."""
        case = self.confirmed_case(self.student_a2)
        service = self.env["student.service"].with_user(self.users["a", "school_admin"]).create({
            "name": "一对一数学辅导", "company_id": self.school_a.id, "capacity": 2,
            "category_id": self.env.ref("student_support.service_category_tutoring").id,
            "staff_ids": [Command.set(self.users["a", "caseworker"].ids)]})
        self.env["student.service"].with_user(self.users["b", "school_admin"]).create({  # not offered in school A
            "name": "一对一数学辅导（B校）", "company_id": self.school_b.id,
            "category_id": self.env.ref("student_support.service_category_tutoring").id})
        self.tour("student_support_wish_list_tour", self.users["a", "mentor"])
        self.assertEqual(case.wish_item_ids.mapped(lambda w: (w.service_id, w.chosen_by, w.state, w.outcome)),
                         [(service, "student", "delivered", "每周两次辅导，期末数学及格")])
        self.assertEqual((service.open_count, case.wish_item_ids.responsible_id), (0, self.users["a", "caseworker"]))
