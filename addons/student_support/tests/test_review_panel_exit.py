import importlib.util
import pathlib

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .test_review_panel import PanelCommon

APPROVAL = "student_support.mail_activity_workflow_approval"


class ExitPanelCommon(PanelCommon):
    """A confirmed case in each school, mentored by the school's mentor; school A's panel: 3 of 5."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mentor_a = cls.users["a", "mentor"]
        cls.exit_review = cls.env.ref("student_support.workflow_case_exit_default_review")
        cls.case_a = cls.confirmed(cls.student_a2, "a")
        cls.case_b = cls.confirmed(cls.student_b1, "b")

    @classmethod
    def confirmed(cls, student, key):
        case = cls.env["student.case"].with_user(cls.users[key, "caseworker"]).create({
            "student_id": student.id, "company_id": student.company_id.id, "description": "父亲重病",
            "applicant_role": "parent", "applicant_name": "家长", "mentor_id": cls.users[key, "mentor"].id})
        case.with_user(cls.users[key, "caseworker"]).action_workflow_approve()
        members = cls.five if key == "a" else cls.panel_members("b")
        for member in members[:len(members) // 2 + 1]:
            case.with_user(member).action_workflow_approve(comment="同意")
        case.with_user(cls.users[key, "school_admin"]).action_workflow_approve()
        assert case.workflow_state == "approved"
        return case

    def exit_at_review(self, case=None, key="a"):
        """The mentor's exit request on ``case``, through the caseworker's first stage, at the collective review."""
        case = case or self.case_a
        request = self.env["student.case.exit"].with_user(self.users[key, "mentor"]).create(
            {"case_id": case.id, "reason": "normal_development", "explanation": "成绩和情绪稳定一学期"})
        request.with_user(self.users[key, "caseworker"]).action_workflow_approve()
        self.assertEqual(request.stage_id, self.exit_review)
        return request.with_env(self.env)  # the test reads it with every field

    def todo_users(self, record):
        return record.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(APPROVAL)).user_id


@tagged("post_install", "-at_install")
class TestExitReviewPanel(ExitPanelCommon):
    """The default exit workflow's collective review is the school's panel (seed 002: 经集体评议可退出)."""

    def test_two_of_five_do_not_move_the_exit_three_do(self):
        """2 approvals of 5 leave the request in review and the case open; the 3rd ends the case, and the
        review as it sat is kept on the request and shown on the case."""
        request = self.exit_at_review()
        self.assertEqual((request.votes_required, request.review_sitting_ids.member_ids), (3, self.five))
        self.assertEqual(self.todo_users(request), self.five)
        self.vote(request, self.five[:2], comment="同意退出")
        self.assertEqual((request.stage_id, request.workflow_vote_count, self.case_a.exit_date),
                         (self.exit_review, 2, False))
        self.assertEqual(self.todo_users(request), self.five[2:])  # a vote takes the member's to-do
        self.vote(request, self.five[2:3], comment="已达到正常发展水平")
        self.assertEqual((request.stage_id.name, request.workflow_state), ("Exited", "approved"))
        self.assertTrue(self.case_a.exit_date)
        sitting = request.review_sitting_ids
        self.assertEqual((sitting.res_model, sitting.state, sitting.approve_count, sitting.votes_required),
                         ("student.case.exit", "approved", 3, 3))
        self.assertEqual(self.case_a.exit_review_sitting_ids, sitting)
        self.assertNotIn(sitting, self.case_a.review_sitting_ids)  # the case's own reviews stay its own
        self.assertFalse(self.todo_users(request))

    def test_majority_against_keeps_the_support(self):
        """Three of five against end the request as 'support continues': the case does not exit."""
        request = self.exit_at_review()
        self.vote(request, self.five[:1], comment="同意")
        self.vote(request, self.five[1:4], "reject", "仍需帮扶")
        self.assertEqual((request.stage_id.name, request.workflow_state), ("Support continues", "rejected"))
        self.assertEqual((request.review_sitting_ids.state, request.review_sitting_ids.against_count),
                         ("rejected", 3))
        self.assertFalse(self.case_a.exit_date)

    def test_non_member_cannot_vote_on_the_exit(self):
        """The school admin, a caseworker off the panel and the mentor who asked are refused; nothing moves."""
        outsider = new_test_user(self.env, login="test_exit_not_on_panel", groups="student_support.group_caseworker",
                                 company_id=self.school_a.id, company_ids=[Command.set(self.school_a.ids)])
        request = self.exit_at_review()
        for user in (self.admin_a, outsider, self.mentor_a):
            for decision in ("approve", "reject"):
                with self.subTest(user=user.login, decision=decision), \
                        self.assertRaisesRegex(UserError, "members of the collective review panel"):
                    self.vote(request, user, decision)
        with self.assertRaises(AccessError):
            self.vote(request, self.users["a", "class_teacher"])
        self.assertEqual((request.stage_id, request.workflow_vote_count, request.workflow_against_count),
                         (self.exit_review, 0, 0))
        self.assertFalse(request.with_user(self.admin_a).is_approver)

    def test_mentor_sees_the_outcome_not_the_votes(self):
        """The mentor reads his case's exit request and its result, never the panel's votes, comments or
        members as they sat: not on the form, not through the review models, not in the chatter."""
        request = self.exit_at_review()
        self.vote(request, self.five[:1], "reject", "家庭情况仍不稳定（内部意见）")
        self.vote(request, self.five[1:4], comment="同意退出（内部意见）")
        self.assertEqual(request.workflow_state, "approved")
        mentor_request = request.with_user(self.mentor_a)
        self.env.invalidate_all()
        self.assertEqual(mentor_request.stage_id.name, "Exited")
        self.assertFalse({"review_sitting_ids", "approval_ids"} & set(mentor_request.fields_get()))
        self.assertNotIn("exit_review_sitting_ids", self.case_a.with_user(self.mentor_a).fields_get())
        with self.assertRaises(AccessError):
            mentor_request.read(["review_sitting_ids"])
        for model in ("student.review.sitting", "student.review.vote", "student.workflow.approval"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.mentor_a).search([])
        with self.assertRaises(AccessError):
            request.review_sitting_ids.with_user(self.mentor_a).read(["state"])
        chatter = " ".join(mentor_request.message_ids.mapped(lambda m: str(m.body)))
        self.assertNotIn("内部意见", chatter)
        expected = self.env(context={"lang": self.school_a._school_lang()})._(
            "Collective review: %(approved)s of %(members)s approved, %(against)s against (%(needed)s needed).",
            approved=3, members=5, against=1, needed=3)
        result = mentor_request.message_ids.filtered(lambda m: expected in str(m.body))  # the result, as counts
        self.assertEqual(result.author_id, self.env.ref("base.partner_root"))  # the panel's, not its last voter's
        self.assertTrue(result.is_decision)
        self.assert_form_opens(request, [self.mentor_a, self.caseworker_a, self.users["a", "counsellor"],
                                         self.admin_a])
        # the school's caseworkers and counsellors read the review as it sat, with its votes
        for user in (self.caseworker_a, self.users["a", "counsellor"], self.admin_a):
            with self.subTest(user=user.login):
                sitting = request.with_user(user).review_sitting_ids
                self.assertIn("家庭情况仍不稳定（内部意见）", sitting.vote_ids.mapped("comment"))
                self.assertEqual(self.case_a.with_user(user).exit_review_sitting_ids, sitting)

    def test_school_b_never_reaches_school_a_exit(self):
        """School B's panel members cannot vote on school A's exit request nor read its review."""
        request = self.exit_at_review()
        self.vote(request, self.five[:3])
        for user in self.panel_members("b"):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.env["student.case.exit"].with_user(user).browse(request.id).action_workflow_approve(
                        comment="越权")
                self.assertFalse(self.env["student.review.sitting"].with_user(user).search(
                    [("res_model", "=", "student.case.exit")]))
        # school B's own exit is decided by school B's panel, 2 of 3
        other = self.exit_at_review(self.case_b, "b")
        self.assertEqual((other.votes_required, other.review_sitting_ids.member_ids), (2, self.panel_members("b")))
        with self.assertRaises(AccessError):
            self.vote(other, self.five[:1])
        self.vote(other, self.panel_members("b")[:2])
        self.assertTrue(self.case_b.exit_date)


@tagged("post_install", "-at_install")
class TestPanelTodos(ExitPanelCommon):
    """Members named while records wait at the panel's stage get their to-do there, once."""

    def test_member_added_later_gets_the_todo(self):
        """Records waiting without a panel get no to-do; setting up the panel gives each member one on each,
        changing it again neither duplicates them nor leaves one with a member who left; school A's open
        review keeps its own members."""
        panel_members = self.panel_members("b")
        self.panel_b.unlink()
        case = self.case_at_review(self.env["student.student"].create(
            {"name": "孙丽", "company_id": self.school_b.id}), key="b")
        request = self.exit_at_review(self.case_b, "b")
        for record in (case, request):
            self.assertEqual((record.review_panel_missing, self.todo_users(record)), (True, self.env["res.users"]))
        request_a = self.exit_at_review()  # school A's review opened with its five members
        admin_b = self.users["b", "school_admin"]
        fourth = new_test_user(self.env, login="test_panel_fourth_b", groups="student_support.group_counsellor",
                               company_id=self.school_b.id, company_ids=[Command.set(self.school_b.ids)])
        panel = self.env["student.review.panel"].with_user(admin_b).create(
            {"company_id": self.school_b.id, "member_ids": [Command.set((panel_members[:2] | fourth).ids)]})
        for record in (case, request):
            with self.subTest(model=record._name):
                self.assertEqual(self.todo_users(record), panel_members[:2] | fourth)
                todo = record.activity_ids.filtered(lambda a: a.user_id == panel_members[0])
                entered = request_a.activity_ids[:1]  # as a record entering the stage gives it
                self.assertEqual((todo.summary, todo.date_deadline), (entered.summary, record.stage_deadline))
                self.assertFalse(record.review_sitting_ids)  # the first vote opens the review
        panel.member_ids = [Command.link(panel_members[2].id)]
        panel.member_ids = [Command.unlink(panel_members[0].id)]
        panel.name = "集体评议小组"
        for record in (case, request):
            with self.subTest(model=record._name):
                todos = record.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(APPROVAL))
                self.assertEqual(len(todos), 3)  # one each, none twice
                self.assertEqual(todos.user_id, panel_members[1:] | fourth)
        self.vote(request, panel_members[1:] | fourth)  # 3 of 3: the number kept when a fourth member left
        self.assertEqual((request.workflow_state, request.review_sitting_ids.member_ids),
                         ("approved", panel_members[1:] | fourth))
        # school A: a new member gets no to-do on the review that opened without him, nor a vote
        newcomer = new_test_user(self.env, login="test_panel_newcomer", groups="student_support.group_counsellor",
                                 company_id=self.school_a.id, company_ids=[Command.set(self.school_a.ids)])
        self.panel_a.with_user(self.admin_a).member_ids = [Command.link(newcomer.id)]
        self.assertEqual(self.todo_users(request_a), self.five)
        with self.assertRaisesRegex(UserError, "members of the collective review panel"):
            self.vote(request_a, newcomer)
        # school B's panel gave nothing in school A, and A's nothing in B
        self.assertFalse(self.todo_users(request_a) & panel_members)
        self.assertNotIn(newcomer, self.todo_users(case))

    def test_archived_panel_takes_the_todos_back(self):
        """Archiving the panel while a record waits unopened takes its to-dos back; restoring gives them again."""
        self.panel_b.unlink()
        request = self.exit_at_review(self.case_b, "b")
        panel = self.env["student.review.panel"].with_user(self.users["b", "school_admin"]).create(
            {"company_id": self.school_b.id, "member_ids": [Command.set(self.panel_members("b").ids)]})
        self.assertEqual(self.todo_users(request), self.panel_members("b"))
        panel.active = False
        self.assertFalse(self.todo_users(request))
        panel.active = True
        self.assertEqual(self.todo_users(request), self.panel_members("b"))


@tagged("post_install", "-at_install")
class TestPanelMigration(ExitPanelCommon):
    """The 19.0.1.7.0 migration makes a collective review stage the panel's, keeping the records in it."""

    @classmethod
    def migration(cls, version="19.0.1.7.0", name="post-migrate.py"):
        path = pathlib.Path(__file__).parent.parent / "migrations" / version / name
        spec = importlib.util.spec_from_file_location(f"student_support_{version}_{name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    def test_stage_holding_requests_is_replaced_by_a_panel_copy(self):
        """A one-caseworker review holding an exit request is archived for a panel copy, which the xml id
        follows; the request goes on to the copy at its next approval and the panel decides it."""
        module = self.migration()
        self.assertEqual(module.PANEL_STAGES, ("workflow_case_default_review", "workflow_case_exit_default_review"))
        # an older database's exit workflow: its review decided by one caseworker, a request waiting in it
        action = self.env.ref("student_support.workflow_case_exit_default").with_user(self.admin_a).with_company(
            self.school_a).action_copy_to_school()
        workflow = self.env["student.workflow"].browse(action["res_id"])
        old = workflow.stage_ids.filtered(lambda s: s.name == "Collective review")
        old.write({"approver_type": "group", "approver_group_id": self.env.ref("student_support.group_caseworker").id})
        self.env["ir.model.data"].create({"module": "student_support", "name": "test_old_exit_review",
                                          "model": old._name, "res_id": old.id})
        request = self.env["student.case.exit"].with_user(self.mentor_a).create(
            {"case_id": self.case_a.id, "explanation": "成绩和情绪稳定一学期"})
        self.assertEqual(request.workflow_id, workflow)
        request.with_user(self.caseworker_a).action_workflow_approve()
        self.assertEqual(request.stage_id, old)
        module.to_panel(self.env(context={"active_test": False}), "test_old_exit_review")
        new = self.env["student.workflow.stage"].browse(self.env["ir.model.data"].search(
            [("module", "=", "student_support"), ("name", "=", "test_old_exit_review")]).res_id)
        self.assertEqual((old.active, new.approver_type, new.name, new.workflow_id), (False, "panel",
                                                                                      "Collective review", workflow))
        self.assertEqual(new.with_context(lang="zh_CN").name, "集体评议")
        module.to_panel(self.env, "test_old_exit_review")  # once only
        self.assertEqual(len(workflow.with_context(active_test=False).stage_ids), 6)
        request.with_user(self.caseworker_a).action_workflow_approve(comment="同意")  # the old stage's decision
        self.assertEqual((request.stage_id, self.todo_users(request)), (new, self.five))
        self.vote(request, self.five[:2])
        self.assertEqual(request.stage_id, new)
        self.vote(request, self.five[2:3])
        self.assertTrue(self.case_a.exit_date)
        # the shipped default stages are the panel's already: nothing to do, nor for a database that had
        # reached 19.0.1.7.0 (the later version's script runs the same step)
        stages = self.env["student.workflow.stage"].with_context(active_test=False).search_count([])
        module.migrate(self.env.cr, "19.0.1.6.0")
        self.migration("19.0.1.8.0", "post-exit_review_panel.py").migrate(self.env.cr, "19.0.1.7.0")
        self.assertEqual((self.exit_review.approver_type, self.review.approver_type), ("panel", "panel"))
        self.assertEqual(self.env["student.workflow.stage"].with_context(active_test=False).search_count([]), stages)

    def test_later_script_converts_a_database_that_missed_the_exit_step(self):
        """A database at 19.0.1.7.0 whose exit review is still one caseworker's is converted by 19.0.1.8.0's
        script: the next exit request is decided by the panel."""
        # the stage as such a database has it (written as the old data file did, around the guard on stages
        # that hold records: the demo's may wait in it)
        self.env.cr.execute("UPDATE student_workflow_stage SET approver_type = 'group', approver_group_id = %s "
                            "WHERE id = %s", [self.env.ref("student_support.group_caseworker").id, self.exit_review.id])
        self.env.invalidate_all()
        self.migration("19.0.1.8.0", "post-exit_review_panel.py").migrate(self.env.cr, "19.0.1.7.0")
        stage = self.env["student.workflow.stage"].browse(self.env["ir.model.data"].search(
            [("module", "=", "student_support"), ("name", "=", "workflow_case_exit_default_review")]).res_id)
        self.assertEqual((stage.approver_type, stage.active, stage.name), ("panel", True, "Collective review"))
        request = self.env["student.case.exit"].with_user(self.mentor_a).create(
            {"case_id": self.case_a.id, "explanation": "成绩和情绪稳定一学期"})
        request.with_user(self.caseworker_a).action_workflow_approve()
        self.assertEqual((request.stage_id, request.with_env(self.env).review_sitting_ids.member_ids),
                         (stage, self.five))
