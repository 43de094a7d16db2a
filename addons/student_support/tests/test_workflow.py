import datetime
import functools
import xmlrpc.client

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CommittedCase, StudentSupportCommon


class WorkflowCommon(StudentSupportCommon):
    """School A runs its own copy of the default template with an extra class
    review stage and a 3-of-5 committee; school B runs the county's template."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.default = cls.env.ref("student_support.workflow_case_default")
        cls.committee = cls.env["res.users"]
        for i in range(5):
            cls.committee |= new_test_user(
                cls.env, login=f"test_committee_{i}", groups="student_support.group_caseworker",
                company_id=cls.school_a.id, company_ids=[Command.set(cls.school_a.ids)],
            )
        cls.admin_a = cls.users["a", "school_admin"]
        cls.caseworker_a = cls.users["a", "caseworker"]
        cls.mentor_a = cls.users["a", "mentor"]
        # the school admin of A adapts the default template to the school
        action = cls.default.with_user(cls.admin_a).with_company(cls.school_a).action_copy_to_school()
        cls.workflow_a = cls.env["student.workflow"].browse(action["res_id"])
        stages = {s.name: s for s in cls.workflow_a.stage_ids}
        stages["Collective review"].with_user(cls.admin_a).write(
            {"approver_type": "users", "approver_user_ids": [Command.set(cls.committee.ids)], "votes_required": 3}
        )
        cls.env["student.workflow.stage"].with_user(cls.admin_a).create(
            {"workflow_id": cls.workflow_a.id, "name": "Class review", "sequence": 15, "approver_type": "field",
             "approver_field_id": cls.env.ref("student_support.field_student_case__mentor_id").id}
        )
        cls.workflow_county = cls.default.copy({"company_id": cls.county.id, "name": "County process"})
        cls.stages_a = {s.name: s for s in cls.workflow_a.stage_ids}

    def new_case(self, student=None, user=None, **vals):
        student = student or self.student_a1
        user = user or self.caseworker_a
        return self.env["student.case"].with_user(user).create(
            {"student_id": student.id, "company_id": student.company_id.id, "description": "家庭变故", **vals}
        )

    def decisions(self, case):
        return self.env["student.workflow.approval"].sudo().search(
            [("res_model", "=", "student.case"), ("res_id", "=", case.id)], order="id"
        )


@tagged("post_install", "-at_install")
class TestWorkflowConfiguration(WorkflowCommon):
    def test_two_schools_run_different_stage_lists(self):
        """School A runs its adapted copy, school B its county's template: different stages for one process."""
        case_a = self.new_case(mentor_id=self.mentor_a.id)
        case_b = self.new_case(self.student_b1, self.users["b", "caseworker"])
        self.assertEqual(case_a.workflow_id, self.workflow_a)
        self.assertEqual(case_b.workflow_id, self.workflow_county)
        names_a = case_a.workflow_id.stage_ids.sorted("sequence").mapped("name")
        names_b = case_b.workflow_id.stage_ids.sorted("sequence").mapped("name")
        self.assertIn("Class review", names_a)
        self.assertNotIn("Class review", names_b)
        self.assertEqual(case_a.stage_id.name, "Application")

    def test_kanban_columns_are_the_schools_stages(self):
        """The kanban by stage shows every stage of the school's workflow, empty ones too, and no other school's."""
        self.new_case(mentor_id=self.mentor_a.id)
        self.new_case(self.student_b1, self.users["b", "caseworker"])
        Case = self.env["student.case"].with_user(self.caseworker_a).with_company(self.school_a).with_context(
            read_group_expand=True)  # what the kanban view asks for
        groups = Case.formatted_read_group([], ["stage_id"], ["__count"])
        columns = {group["stage_id"][0]: group["__count"] for group in groups}
        self.assertEqual(set(columns), set(self.workflow_a.stage_ids.ids))
        self.assertEqual(sum(columns.values()), 1)
        self.assertEqual(columns[self.stages_a["Application"].id], 1)

    def test_fallback_to_default_template(self):
        """A school of a county without a template falls back to the default template."""
        case_c = self.env["student.case"].create({"student_id": self.student_c1.id, "company_id": self.school_c.id})
        self.assertEqual(case_c.workflow_id, self.default)

    def test_school_admin_sees_and_edits_only_own_stages(self):
        """A school admin reads templates but edits only the own school's workflow; B's is out of sight."""
        admin_b = self.users["b", "school_admin"]
        copy_b = self.workflow_county.with_user(admin_b).with_company(self.school_b).action_copy_to_school()
        workflow_b = self.env["student.workflow"].browse(copy_b["res_id"])
        Workflow = self.env["student.workflow"].with_user(self.admin_a)
        self.assertNotIn(workflow_b, Workflow.search([]))
        with self.assertRaises(AccessError):
            workflow_b.stage_ids[:1].with_user(self.admin_a).write({"name": "hijacked"})
        with self.assertRaises(AccessError):
            self.default.stage_ids[:1].with_user(self.admin_a).write({"votes_required": 9})
        with self.assertRaises(AccessError):
            self.workflow_county.with_user(self.admin_a).write({"name": "changed"})
        self.assertIn(self.default, Workflow.search([]))

    def test_copy_refused_when_school_has_one(self):
        """A school cannot hold two active workflows for one process."""
        with self.assertRaises(UserError):
            self.default.with_user(self.admin_a).with_company(self.school_a).action_copy_to_school()

    def test_n_of_m_needs_enough_named_approvers(self):
        """A stage cannot ask for more approvals than it names approvers."""
        with self.assertRaises(ValidationError):
            self.stages_a["Collective review"].write({"votes_required": 6})


@tagged("post_install", "-at_install")
class TestWorkflowMoves(WorkflowCommon):
    def _to_review(self, case):
        case.with_user(self.caseworker_a).action_workflow_approve()
        case.with_user(self.mentor_a).action_workflow_approve()
        self.assertEqual(case.stage_id.name, "Collective review")

    def test_full_path_with_collective_review(self):
        """Application → class review (mentor) → 3 of 5 votes → confirmation → filed, each step recorded."""
        case = self.new_case(mentor_id=self.mentor_a.id)
        self._to_review(case)
        for member in self.committee[:2]:
            case.with_user(member).action_workflow_approve(comment="同意")
        self.assertEqual(case.stage_id.name, "Collective review")
        self.assertEqual(case.workflow_vote_count, 2)
        case.with_user(self.committee[2]).action_workflow_approve(comment="同意")
        self.assertEqual(case.stage_id.name, "Confirmation")
        case.with_user(self.admin_a).action_workflow_approve()
        self.assertEqual(case.stage_id, self.stages_a["Filed with the county"])
        self.assertEqual(case.workflow_state, "approved")
        votes = self.decisions(case).filtered(lambda d: d.decision == "approve")
        self.assertEqual(votes.filtered(lambda d: d.stage_id.name == "Collective review").user_id,
                         self.committee[:3])
        self.assertTrue(all(votes.filtered(lambda d: d.stage_id.name == "Collective review").mapped("comment")))
        self.assertEqual(len(self.decisions(case).filtered(lambda d: d.decision == "move")), 4)
        with self.assertRaises(UserError):
            case.with_user(self.admin_a).action_workflow_approve()

    def test_forbidden_moves_change_nothing(self):
        """Wrong user, wrong school, missing fields, missing comment and double votes are refused and change nothing."""
        case = self.new_case(mentor_id=self.mentor_a.id)
        self._to_review(case)
        before = (case.stage_id, len(self.decisions(case)))
        with self.assertRaisesRegex(UserError, "Only the approvers"):
            case.with_user(self.caseworker_a).action_workflow_approve(comment="我也同意")
        with self.assertRaises(AccessError):
            case.with_user(self.users["b", "caseworker"]).action_workflow_approve(comment="越权")
        with self.assertRaises(AccessError):
            case.with_user(self.users["a", "class_teacher"]).action_workflow_approve(comment="越权")
        with self.assertRaisesRegex(UserError, "comment"):
            case.with_user(self.committee[0]).action_workflow_approve()
        case.with_user(self.committee[0]).action_workflow_approve(comment="同意")
        with self.assertRaisesRegex(UserError, "already approved"):
            case.with_user(self.committee[0]).action_workflow_approve(comment="再次同意")
        with self.assertRaisesRegex(UserError, "reason"):
            case.with_user(self.committee[1]).action_workflow_reject()
        self.assertEqual(case.stage_id, before[0])
        self.assertEqual(len(self.decisions(case)), before[1] + 1)

    def test_required_field_blocks_leaving(self):
        """A stage's required fields must be filled before the record leaves it."""
        case = self.new_case(description=False, mentor_id=self.mentor_a.id)
        with self.assertRaisesRegex(UserError, "Facts and reasons"):
            case.with_user(self.caseworker_a).action_workflow_approve()
        self.assertEqual(case.stage_id.name, "Application")
        self.assertFalse(self.decisions(case))
        case.with_user(self.caseworker_a).description = "父亲重病"
        case.with_user(self.caseworker_a).action_workflow_approve()
        self.assertEqual(case.stage_id.name, "Class review")

    def test_field_approver_is_the_mentor_on_the_record(self):
        """A stage moved on by a record field accepts only the user named in it."""
        case = self.new_case(mentor_id=self.mentor_a.id)
        case.with_user(self.caseworker_a).action_workflow_approve()
        with self.assertRaises(UserError):
            case.with_user(self.caseworker_a).action_workflow_approve()
        self.assertTrue(case.with_user(self.mentor_a).is_approver)
        case.with_user(self.mentor_a).action_workflow_approve()
        self.assertEqual(case.stage_id.name, "Collective review")

    def test_send_back_and_reject_need_a_reason(self):
        """Send back returns to the previous stage and resets votes; reject ends the case; both need a reason."""
        case = self.new_case(mentor_id=self.mentor_a.id)
        self._to_review(case)
        case.with_user(self.committee[0]).action_workflow_approve(comment="同意")
        case.with_user(self.committee[1]).action_workflow_send_back(comment="材料不全")
        self.assertEqual(case.stage_id.name, "Class review")
        case.with_user(self.mentor_a).action_workflow_approve()
        self.assertEqual(case.workflow_vote_count, 0)
        case.with_user(self.committee[0]).action_workflow_approve(comment="补充后同意")  # a new round: may vote again
        case.with_user(self.committee[3]).action_workflow_reject(comment="不符合条件")
        self.assertEqual(case.workflow_state, "rejected")
        last = self.decisions(case)[-1]
        self.assertEqual((last.decision, last.comment, last.user_id), ("reject", "不符合条件", self.committee[3]))

    def test_withdraw_by_author_with_reason(self):
        """The applicant may withdraw his own case with a reason; someone neither author nor approver may not."""
        case = self.new_case(mentor_id=self.mentor_a.id)
        case.with_user(self.caseworker_a).action_workflow_approve()
        with self.assertRaisesRegex(UserError, "Only the approvers"):
            case.with_user(self.committee[4]).action_workflow_withdraw(comment="不需要了")
        with self.assertRaisesRegex(UserError, "reason"):
            case.with_user(self.caseworker_a).action_workflow_withdraw()
        case.with_user(self.caseworker_a).action_workflow_withdraw(comment="家长撤回申请")
        self.assertEqual(case.workflow_state, "withdrawn")
        self.assertFalse(case.activity_ids)

    def test_stage_cannot_be_set_directly(self):
        """The stage changes only through the workflow actions, never by a plain write, create or default."""
        filed = self.stages_a["Filed with the county"]
        case = self.new_case(mentor_id=self.mentor_a.id)
        with self.assertRaisesRegex(UserError, "Stage cannot be written directly"):
            case.with_user(self.admin_a).write({"stage_id": filed.id})
        with self.assertRaisesRegex(UserError, "Stage cannot be written directly"):
            self.new_case(self.student_a2, stage_id=filed.id)
        other = self.env["student.case"].with_user(self.caseworker_a).with_context(
            default_stage_id=filed.id, default_workflow_state="approved", default_confirmed_date="2020-01-01",
        ).create({"student_id": self.student_a2.id, "company_id": self.school_a.id})
        self.assertEqual((other.stage_id.name, other.workflow_state, other.confirmed_date),
                         ("Application", "in_progress", False))


@tagged("post_install", "-at_install")
class TestWorkflowHistory(WorkflowCommon):
    def test_history_is_immutable_through_the_orm(self):
        """Nobody, not even the school admin or the administrator, edits, deletes or forges decisions."""
        case = self.new_case(mentor_id=self.mentor_a.id)
        case.with_user(self.caseworker_a).action_workflow_approve(comment="ok")
        decision = self.decisions(case)[:1]
        admin = self.env.ref("base.user_admin")
        for user in (self.admin_a, self.caseworker_a, admin):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    decision.with_user(user).write({"comment": "edited"})
                with self.assertRaises(UserError):
                    decision.with_user(user).unlink()
                with self.assertRaises(UserError):
                    self.env["student.workflow.approval"].with_user(user).create(
                        {"res_model": "student.case", "res_id": case.id, "user_id": user.id, "decision": "approve"}
                    )
        # not even with access rights granted: the model itself refuses (superuser included)
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            decision.sudo().write({"comment": "edited"})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            decision.sudo().unlink()
        self.assertEqual(decision.comment, "ok")

    def test_history_visible_on_record_but_not_to_other_school(self):
        """Decisions show on the case and in its chatter; another school's caseworker cannot read them."""
        case = self.new_case(mentor_id=self.mentor_a.id)
        case.with_user(self.caseworker_a).action_workflow_approve(comment="材料齐全")
        self.assertIn("材料齐全", case.with_user(self.caseworker_a).approval_ids.mapped("comment"))
        self.assertIn("材料齐全", "".join(case.message_ids.mapped("body")))
        Approval = self.env["student.workflow.approval"].with_user(self.users["b", "caseworker"])
        self.assertFalse(Approval.search([("res_id", "=", case.id), ("res_model", "=", "student.case")]))

    def test_stage_holding_records_cannot_be_deleted(self):
        """Changing stage definitions keeps records in flight consistent: a stage with records cannot be deleted."""
        case = self.new_case(mentor_id=self.mentor_a.id)
        with self.assertRaisesRegex(UserError, "still holds"):
            case.stage_id.with_user(self.admin_a).unlink()
        with self.assertRaises(UserError):
            self.stages_a["Class review"].write({"workflow_id": self.default.id})
        # renaming and re-ordering leave the record where it is; it moves on by the new order
        self.stages_a["Class review"].with_user(self.admin_a).sequence = 25
        case.with_user(self.caseworker_a).action_workflow_approve()
        self.assertEqual(case.stage_id.name, "Collective review")

    def test_existing_records_keep_their_workflow(self):
        """Records keep the workflow they started on when the school archives it for a new one."""
        case = self.new_case(mentor_id=self.mentor_a.id)
        self.workflow_a.with_user(self.admin_a).active = False
        new_case = self.new_case(self.student_a2)
        self.assertEqual(case.workflow_id, self.workflow_a)
        self.assertEqual(new_case.workflow_id, self.workflow_county)
        case.with_user(self.caseworker_a).action_workflow_approve()
        self.assertEqual(case.stage_id.name, "Class review")


@tagged("post_install", "-at_install")
class TestWorkflowActivities(WorkflowCommon):
    def _approval_activities(self, case, xmlid="student_support.mail_activity_workflow_approval"):
        return case.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(xmlid))

    def test_entry_gives_approvers_a_todo(self):
        """Entering a stage gives each approver an activity due on the stage deadline; deciding clears them."""
        case = self.new_case(mentor_id=self.mentor_a.id)
        todo = self._approval_activities(case)
        self.assertIn(self.caseworker_a, todo.user_id)
        self.assertNotIn(self.users["b", "caseworker"], todo.user_id)
        self.assertEqual(todo[:1].date_deadline, case.stage_deadline)
        case.with_user(self.caseworker_a).action_workflow_approve()
        self.assertEqual(self._approval_activities(case).user_id, self.mentor_a)

    def test_overdue_cron_raises_one_activity_per_approver(self):
        """Past the deadline the cron gives each approver one overdue activity, not one per run."""
        case = self.new_case(mentor_id=self.mentor_a.id)
        case._workflow_write_protected({"stage_date": datetime.datetime.now() - datetime.timedelta(days=30)})
        self.assertLess(case.stage_deadline, datetime.date.today())
        self.env["student.case"]._cron_workflow_overdue()
        self.env["student.case"]._cron_workflow_overdue()
        overdue = self._approval_activities(case, "student_support.mail_activity_workflow_overdue")
        approvers = case._workflow_get_approvers(case.stage_id)
        self.assertEqual(sorted(overdue.user_id.ids), sorted(approvers.ids))
        self.assertEqual(len(overdue), len(approvers))

    def test_on_entry_notification(self):
        """Users named to be notified on entry receive a message when a record enters the stage."""
        watcher = self.users["a", "school_admin"]
        self.stages_a["Class review"].notify_user_ids = [Command.set(watcher.ids)]
        case = self.new_case(mentor_id=self.mentor_a.id)
        case.with_user(self.caseworker_a).action_workflow_approve()
        message = case.message_ids.filtered(lambda m: watcher.partner_id in m.partner_ids)
        self.assertTrue(message)


@tagged("post_install", "-at_install")
class TestWorkflowHistoryRpc(HttpCase, WorkflowCommon):
    def test_history_is_immutable_over_rpc(self):
        """Over XML-RPC the school admin can read the decisions but not edit, delete or forge one."""
        case = self.new_case(mentor_id=self.mentor_a.id)
        case.with_user(self.caseworker_a).action_workflow_approve(comment="ok")
        decisions = self.decisions(case)
        decision = decisions[:1]
        login = self.admin_a.login  # new_test_user: the password is the login
        call = functools.partial(self.xmlrpc_object.execute_kw, self.env.cr.dbname, self.admin_a.id, login,
                                 "student.workflow.approval")
        self.assertEqual(call("read", [decision.ids], {"fields": ["comment"]})[0]["comment"], "ok")
        for method, args in (
            ("write", [decision.ids, {"comment": "edited"}]),
            ("unlink", [decision.ids]),
            ("create", [{"res_model": "student.case", "res_id": case.id, "user_id": self.admin_a.id,
                         "decision": "approve"}]),
        ):
            with self.subTest(method=method), self.assertRaises(xmlrpc.client.Fault), \
                    mute_logger("odoo.http", "odoo.addons.rpc.controllers.xmlrpc"):
                call(method, args)
        self.assertEqual(decision.comment, "ok")
        self.assertEqual(self.decisions(case), decisions)


@tagged("post_install", "-at_install")
class TestWorkflowConcurrency(CommittedCase):
    """Two approvers deciding at the same moment, in two real committed transactions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.registry.cursor() as cr:
            env = cls.env_for(cr)
            schools, (voters, outsiders) = cls.make_schools(env, staff=(3, 1))
            cls.voters, cls.outsider = voters.ids, outsiders.id
            workflow = env["student.workflow"].create(
                {"name": cls.tag, "res_model": "student.case", "company_id": schools[0].id}
            )
            stage = {"workflow_id": workflow.id, "approver_type": "users",
                     "approver_user_ids": [Command.set(cls.voters)]}
            env["student.workflow.stage"].create([
                {**stage, "name": "two of three", "sequence": 1, "votes_required": 2},
                {**stage, "name": "one of three", "sequence": 2, "votes_required": 1},
                {**stage, "name": "third", "sequence": 3, "votes_required": 1},
                {"workflow_id": workflow.id, "name": "done", "sequence": 4, "final_state": "approved"},
            ])
            student = env["student.student"].create({"name": cls.tag, "company_id": schools[0].id})
            cls.case_id = env["student.case"].create({"student_id": student.id, "company_id": schools[0].id}).id
            cls.workflow_id = workflow.id
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            cls.remove_cases(cr, [cls.case_id])
            cr.execute("DELETE FROM student_workflow WHERE id = %s", [cls.workflow_id])

    def _vote_together(self, voters, stage_name):
        """Each voter approves in its own transaction, all started before any decides."""
        def prepare(env):
            seen = env["student.case"].browse(self.case_id).stage_id  # what the user sees; starts the snapshot
            self.assertEqual(seen.name, stage_name)
            return seen

        def act(env, seen):
            env["student.case"].browse(self.case_id).action_workflow_approve(comment="同意", stage_id=seen.id)

        return self.run_together(voters, prepare, act)

    def _state(self):
        with self.registry.cursor() as cr:
            env = self.env_for(cr)
            case = env["student.case"].browse(self.case_id)
            decisions = env["student.workflow.approval"].search(
                [("res_model", "=", "student.case"), ("res_id", "=", self.case_id)])
            return case.stage_id.name, [(d.decision, d.stage_id.name) for d in decisions.sorted("id")]

    @mute_logger("odoo.sql_db")  # the serialization failures the retry absorbs
    def test_concurrent_votes_lose_nothing_and_move_once(self):
        """Two simultaneous votes are both counted; two simultaneous final votes move the record only once."""
        outcome = self._vote_together(self.voters[:2], "two of three")
        self.assertEqual(list(outcome.values()), ["done", "done"])
        stage, decisions = self._state()
        self.assertEqual(stage, "one of three")
        self.assertEqual(decisions, [("approve", "two of three"), ("approve", "two of three"),
                                     ("move", "two of three")])

        outcome = self._vote_together(self.voters[1:], "one of three")
        self.assertEqual(sorted(v if v == "done" else "refused" for v in outcome.values()), ["done", "refused"])
        self.assertIn("meanwhile", next(v for v in outcome.values() if v != "done"))
        stage, decisions = self._state()
        self.assertEqual(stage, "third")
        self.assertEqual([d for d in decisions if d[1] == "one of three"],
                         [("approve", "one of three"), ("move", "one of three")])

    def test_other_school_cannot_vote(self):
        """A caseworker of the other school cannot decide on the record, even named nowhere; nothing is written."""
        before = self._state()
        with self.registry.cursor() as cr:
            case = self.env_for(cr, self.outsider)["student.case"].browse(self.case_id)
            with self.assertRaises(AccessError):
                case.action_workflow_approve(comment="同意")
        self.assertEqual(self._state(), before)


@tagged("post_install", "-at_install")
class TestWorkflowCopyNames(StudentSupportCommon):
    """A school's copy of a workflow says whose it is; the kanban shows the school's own stages first."""

    def test_copy_is_named_after_the_school_and_listed_first(self):
        """The copy is "<template> (School A)" in each language; kanban columns: the copy's stages first, the
        template's (held by an older case) after them, each named with its workflow."""
        self.env["res.lang"]._activate_lang("zh_CN")
        default = self.env.ref("student_support.workflow_case_default")
        admin, caseworker = self.users["a", "school_admin"], self.users["a", "caseworker"]
        older = self.env["student.case"].with_user(caseworker).create(
            {"student_id": self.student_a1.id, "company_id": self.school_a.id, "description": "家庭变故"})
        action = default.with_user(admin).with_company(self.school_a).action_copy_to_school()
        copy = self.env["student.workflow"].browse(action["res_id"])
        self.assertEqual(copy.with_context(lang="en_US").name, "Key-support case (School A)")
        self.assertEqual(copy.with_context(lang="zh_CN").name, "重点帮扶对象认定流程（School A）")
        self.assertEqual(default.with_context(lang="en_US").name, "Key-support case (default)")
        newer = self.env["student.case"].with_user(caseworker).create(
            {"student_id": self.student_a2.id, "company_id": self.school_a.id, "description": "家庭变故"})
        self.assertEqual((older.workflow_id, newer.workflow_id), (default, copy))
        Case = self.env["student.case"].with_user(caseworker).with_context(lang="en_US", read_group_expand=True)
        groups = Case.web_read_group([("id", "in", (older | newer).ids)], ["stage_id"], ["__count"],
                                     unfold_read_specification={"name": {}})["groups"]
        names = [group["stage_id"][1] for group in groups]
        own = len(copy.stage_ids)
        self.assertEqual(names[:own], copy.stage_ids.sorted("sequence").mapped("name"))
        self.assertEqual(names[own], "Application · Key-support case (default)")
        counts = {group["stage_id"][1]: group["__count"] for group in groups}
        self.assertEqual((counts["Application"], counts["Application · Key-support case (default)"]), (1, 1))
