import psycopg2

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import CommittedCase, StudentSupportCommon


class PanelCommon(StudentSupportCommon):
    """Both schools on the default template, whose collective review is decided by the school's panel;
    school A's panel has five members, three of whom must approve."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.caseworker_a, cls.admin_a = cls.users["a", "caseworker"], cls.users["a", "school_admin"]
        cls.extra = cls.env["res.users"].union(*(
            new_test_user(cls.env, login=f"test_panel_{i}", groups="student_support.group_caseworker",
                          company_id=cls.school_a.id, company_ids=[Command.set(cls.school_a.ids)])
            for i in range(3)
        ))
        cls.panel_a = cls.review_panels.filtered(lambda p: p.company_id == cls.school_a)
        cls.panel_b = cls.review_panels.filtered(lambda p: p.company_id == cls.school_b)
        # five members: the caseworker, the counsellor and three colleagues; the school admin is not one
        cls.five = cls.caseworker_a | cls.users["a", "counsellor"] | cls.extra
        cls.panel_a.with_user(cls.admin_a).member_ids = [Command.set(cls.five.ids)]
        cls.review = cls.env.ref("student_support.workflow_case_default_review")

    def case_at_review(self, student=None, key="a"):
        student = student or (self.student_a1 if key == "a" else self.student_b1)
        case = self.env["student.case"].with_user(self.users[key, "caseworker"]).create({
            "student_id": student.id, "company_id": student.company_id.id, "description": "父亲重病",
            "applicant_role": "parent", "applicant_name": "家长", "mentor_id": self.users[key, "mentor"].id})
        case.with_user(self.users[key, "caseworker"]).action_workflow_approve()
        self.assertEqual(case.stage_id, self.review)
        return case

    def vote(self, case, members, decision="approve", comment="意见"):
        for member in members:
            getattr(case.with_user(member), f"action_workflow_{decision}")(comment=comment)


@tagged("post_install", "-at_install")
class TestReviewPanelVotes(PanelCommon):
    """A collective review moves a case only with the panel's approvals; members vote once."""

    def test_default_panel_size_is_a_majority(self):
        """The approvals needed follow a majority of the members when they change (3 of 5, 3 of 4, 2 of 3)."""
        self.assertEqual((self.panel_a.member_count, self.panel_a.votes_required), (5, 3))
        self.assertEqual((self.panel_b.member_count, self.panel_b.votes_required), (3, 2))
        panel = self.panel_b.with_user(self.users["b", "school_admin"])
        extra = self.env["res.users"].union(*(
            new_test_user(self.env, login=f"test_panel_b_{i}", groups="student_support.group_counsellor",
                          company_id=self.school_b.id, company_ids=[Command.set(self.school_b.ids)])
            for i in range(2)
        ))
        panel.member_ids = [Command.link(user.id) for user in extra]
        self.assertEqual(panel.votes_required, 3)
        panel.member_ids = [Command.unlink(extra[0].id)]
        self.assertEqual(panel.votes_required, 3)
        panel.member_ids = [Command.unlink(extra[1].id)]
        self.assertEqual(panel.votes_required, 3)  # unanimity of three is still a majority: kept
        panel.votes_required = 2
        self.assertEqual(panel.votes_required, 2)

    def test_two_of_five_do_not_move_the_case_three_do(self):
        """2 approvals of 5 leave the case in review (its open review counts them); the 3rd moves it on."""
        case = self.case_at_review()
        self.assertEqual(case.votes_required, 3)
        self.assertEqual(case.with_user(self.extra[0]).is_approver, True)
        self.assertEqual(case.with_user(self.admin_a).is_approver, False)
        self.vote(case, self.five[:2], comment="同意")
        self.assertEqual((case.stage_id, case.workflow_vote_count), (self.review, 2))
        self.assertEqual(case.review_sitting_ids.state, "open")
        # the open review shows its running count, as the case does
        self.assertIn("2 of 5 approved", case.review_sitting_ids.with_context(lang="en_US").result)
        self.vote(case, self.five[2:3], comment="材料齐全，同意")
        self.assertEqual(case.stage_id.name, "Confirmation")
        sitting = case.review_sitting_ids
        self.assertEqual((sitting.state, sitting.member_ids, sitting.approve_count, sitting.against_count,
                          sitting.votes_required, sitting.member_count), ("approved", self.five, 3, 0, 3, 5))
        votes = {v.user_id: (v.vote, v.comment) for v in sitting.vote_ids}
        self.assertEqual(votes[self.five[2]], ("approve", "材料齐全，同意"))
        self.assertEqual([votes[m][0] for m in self.five[3:]], ["none", "none"])
        self.assertTrue(sitting.date_end)
        self.assertIn("3 of 5 approved", sitting.with_context(lang="en_US").result)

    def test_majority_against_ends_the_case(self):
        """Votes against end the case once the approvals needed can no longer be reached (a majority at 3 of 5)."""
        case = self.case_at_review()
        self.vote(case, self.five[:1])
        self.vote(case, self.five[1:3], "reject", "不符合条件")
        self.assertEqual((case.stage_id, case.workflow_against_count, case.workflow_vote_count),
                         (self.review, 2, 1))
        self.vote(case, self.five[3:4], "reject", "不符合条件")
        self.assertEqual((case.stage_id.name, case.workflow_state), ("Not retained", "rejected"))
        sitting = case.review_sitting_ids
        self.assertEqual((sitting.state, sitting.approve_count, sitting.against_count), ("rejected", 1, 3))
        # 4 of 5 needed: two votes against already make four approvals impossible
        self.panel_a.with_user(self.admin_a).votes_required = 4
        other = self.case_at_review(self.student_a2)
        self.vote(other, self.five[:1], "reject", "不符合条件")
        self.assertEqual(other.stage_id, self.review)
        self.vote(other, self.five[1:2], "reject", "不符合条件")
        self.assertEqual(other.workflow_state, "rejected")

    def test_member_votes_once_per_round(self):
        """A member votes once per round, for or against; once voting has begun the case is not sent back."""
        case = self.case_at_review()
        self.vote(case, self.five[:1])
        for decision in ("approve", "reject"):
            with self.subTest(decision=decision), self.assertRaisesRegex(UserError, "already voted"):
                self.vote(case, self.five[:1], decision)
        with self.assertRaisesRegex(UserError, "comment"):
            case.with_user(self.five[1]).action_workflow_approve()
        self.assertEqual(case.workflow_vote_count, 1)
        # once voting has begun nobody sends the case back (it would wipe the votes cast)
        with self.assertRaisesRegex(UserError, "begun voting"):
            case.with_user(self.five[1]).action_workflow_send_back(comment="补充材料")
        self.assertEqual((case.stage_id, case.workflow_vote_count), (self.review, 1))

    def test_send_back_before_the_first_vote_starts_a_new_review(self):
        """Before anyone votes, a member may send the case back for material; its next review is a new one."""
        case = self.case_at_review()
        case.with_user(self.five[1]).action_workflow_send_back(comment="补充材料")
        self.assertEqual(case.review_sitting_ids.state, "closed")
        case.with_user(self.caseworker_a).action_workflow_approve()
        self.vote(case, self.five[:3])
        self.assertEqual(case.stage_id.name, "Confirmation")
        self.assertEqual(case.review_sitting_ids.mapped("state"), ["approved", "closed"])

    def test_non_member_cannot_vote(self):
        """Neither the school admin nor a caseworker off the panel votes at the review; nothing is written."""
        outsider = new_test_user(self.env, login="test_not_on_panel", groups="student_support.group_caseworker",
                                 company_id=self.school_a.id, company_ids=[Command.set(self.school_a.ids)])
        case = self.case_at_review()
        for user in (self.admin_a, outsider):
            for decision in ("approve", "reject", "send_back"):
                with self.subTest(user=user.login, decision=decision), \
                        self.assertRaisesRegex(UserError, "members of the collective review panel"):
                    self.vote(case, user, decision)
        with self.assertRaises(AccessError):
            self.vote(case, self.users["a", "class_teacher"])
        self.assertEqual((case.stage_id, case.workflow_vote_count, case.workflow_against_count), (self.review, 0, 0))

    def test_review_keeps_the_panel_it_began_with(self):
        """A change of the panel applies to the next review: the open one keeps its members and number."""
        case = self.case_at_review()
        self.panel_a.with_user(self.admin_a).member_ids = [Command.set((self.extra | self.admin_a).ids)]
        with self.assertRaisesRegex(UserError, "members of the collective review panel"):
            self.vote(case, self.admin_a)
        self.vote(case, self.five[:3])
        self.assertEqual(case.review_sitting_ids.member_ids, self.five)
        other = self.case_at_review(self.student_a2)
        self.assertEqual(other.with_user(self.admin_a).is_approver, True)
        self.assertEqual(other.votes_required, 3)

    def test_school_without_panel_is_told_to_set_it_up(self):
        """Without a panel, a case cannot leave the review and the message says how to set the panel up."""
        case = self.case_at_review(key="b")
        self.panel_b.unlink()
        case.invalidate_recordset()
        other = self.case_at_review(self.env["student.student"].create(
            {"name": "孙丽", "company_id": self.school_b.id}), key="b")
        self.assertEqual((other.review_panel_missing, case.review_panel_missing), (True, False))  # the form says so
        for user in (self.users["b", "caseworker"], self.users["b", "school_admin"]):
            with self.subTest(user=user.login), \
                    self.assertRaisesRegex(UserError, "has no collective review panel.*Collective review panel"):
                self.vote(other, user)
        self.assertEqual(other.stage_id, self.review)
        withdrawn = self.case_at_review(self.env["student.student"].create(
            {"name": "周强", "company_id": self.school_b.id}), key="b")
        withdrawn.with_user(self.users["b", "caseworker"]).action_workflow_withdraw(comment="家长撤回申请")
        self.assertEqual(withdrawn.workflow_state, "withdrawn")  # its author may still withdraw it
        # the case that entered the review with a panel keeps it
        self.vote(case, self.panel_members("b")[:2])
        self.assertEqual(case.stage_id.name, "Confirmation")
        self.env["student.review.panel"].with_user(self.users["b", "school_admin"]).create(
            {"member_ids": [Command.set(self.panel_members("b").ids)], "company_id": self.school_b.id})
        self.vote(other, self.panel_members("b")[:2])
        self.assertEqual(other.stage_id.name, "Confirmation")

    def test_other_stages_keep_their_number(self):
        """A stage of named approvers still needs its own number of approvals, whatever the panel."""
        action = self.env.ref("student_support.workflow_case_default").with_user(self.admin_a).with_company(
            self.school_a).action_copy_to_school()
        review = self.env["student.workflow"].browse(action["res_id"]).stage_ids.filtered(
            lambda s: s.name == "Collective review")
        review.with_user(self.admin_a).write(
            {"approver_type": "users", "approver_user_ids": [Command.set(self.extra.ids)], "votes_required": 1})
        new = self.env["student.case"].with_user(self.caseworker_a).create({
            "student_id": self.student_a1.id, "company_id": self.school_a.id, "description": "父亲重病"})
        new.with_user(self.caseworker_a).action_workflow_approve()
        self.assertEqual((new.stage_id, new.votes_required), (review, 1))
        self.vote(new, self.extra[:1])
        self.assertEqual(new.stage_id.name, "Confirmation")
        self.assertFalse(new.review_sitting_ids)


@tagged("post_install", "-at_install")
class TestReviewPanelConfiguration(PanelCommon):
    """Each school configures its own panel: its users, at least a majority; the sat panel is immutable."""

    def test_setting_below_a_majority_is_refused(self):
        """Fewer approvals than a majority, or more than the members, are refused naming the field."""
        for votes in (2, 1, 6):
            with self.subTest(votes=votes), self.assertRaisesRegex(ValidationError, "Approvals needed.*majority"):
                self.panel_a.with_user(self.admin_a).votes_required = votes
        self.panel_a.with_user(self.admin_a).votes_required = 5  # unanimity is allowed
        self.assertEqual(self.panel_a.votes_required, 5)

    def test_panel_of_fewer_than_three_is_refused(self):
        """A panel of one or two members is refused naming the minimum: a collective review has three at least."""
        self.panel_b.unlink()
        Panel = self.env["student.review.panel"].with_user(self.users["b", "school_admin"])
        for size in (1, 2):
            # assertRaises (not assertRaisesRegex) rolls the refused panel back to its savepoint
            with self.subTest(size=size), self.assertRaises(ValidationError) as refused:
                Panel.create({"company_id": self.school_b.id,
                              "member_ids": [Command.set(self.panel_members("b")[:size].ids)]})
            self.assertIn("at least 3 members", str(refused.exception))
        panel = Panel.create({"company_id": self.school_b.id, "member_ids": [Command.set(self.panel_members("b").ids)]})
        self.assertEqual((panel.member_count, panel.votes_required), (3, 2))

    def test_case_before_the_panel_is_not_rewritten(self):
        """At the collective review the case stays as the panel reads it; its chatter stays open."""
        case = self.case_at_review()
        for user in (self.caseworker_a, self.users["a", "mentor"]):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "collective review panel"):
                case.with_user(user).write({"description": "改写的事实与理由"})
        case.with_user(self.caseworker_a).message_post(body="补充说明", message_type="comment")
        self.vote(case, self.five[:3])
        case.with_user(self.caseworker_a).write({"description": "确认后补充"})  # past the review: editable again
        self.assertEqual(case.description, "确认后补充")

    def test_only_the_applicant_withdraws_at_the_review(self):
        """At the panel's review no member ends the case alone by withdrawing it; the one who applied may."""
        case = self.case_at_review()  # applied by school A's caseworker
        member = (self.five - self.caseworker_a)[:1]
        with self.assertRaisesRegex(UserError, "only the one who applied withdraws"):
            case.with_user(member).action_workflow_withdraw(comment="撤回")
        self.assertEqual(case.stage_id, self.review)
        case.with_user(self.caseworker_a).action_workflow_withdraw(comment="家长撤回申请")
        self.assertEqual(case.workflow_state, "withdrawn")

    def test_members_are_staff_of_the_school_who_read_its_cases(self):
        """Only the school's caseworkers, admins and counsellors sit on its panel; school B's are not offered."""
        panel = self.panel_a.with_user(self.admin_a)
        self.assertIn(self.extra[0], panel.eligible_user_ids)
        self.assertFalse(panel.eligible_user_ids & self.panel_members("b"))
        self.assertNotIn(self.users["a", "class_teacher"], panel.eligible_user_ids)
        with self.assertRaises(UserError):  # check_company: another school's user
            panel.member_ids = [Command.link(self.users["b", "caseworker"].id)]
        # one panel per school (the web client shows the index's message)
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation):
            self.env["student.review.panel"].with_user(self.admin_a).create({"company_id": self.school_a.id})
        with self.assertRaisesRegex(ValidationError, "does not read the school's key-support cases"):
            panel.member_ids = [Command.link(self.users["a", "class_teacher"].id)]

    def test_school_b_never_reaches_school_a(self):
        """School B's panel members cannot vote on school A's case, nor read its panel or its reviews."""
        case = self.case_at_review()
        self.vote(case, self.five[:3])
        for user in self.panel_members("b"):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.env["student.case"].with_user(user).browse(case.id).action_workflow_approve(comment="越权")
                self.assertFalse(self.env["student.review.panel"].with_user(user).search(
                    [("id", "=", self.panel_a.id)]))
                self.assertFalse(self.env["student.review.sitting"].with_user(user).search(
                    [("id", "in", case.review_sitting_ids.ids)]))
        with self.assertRaises(AccessError):
            self.panel_a.with_user(self.users["b", "school_admin"]).votes_required = 5

    def test_sat_panel_is_refused_on_write(self):
        """The review as it sat, its members and votes, cannot be written, created or deleted by anyone."""
        case = self.case_at_review()
        self.vote(case, self.five[:3])
        sitting = case.review_sitting_ids
        for env in (self.env, self.env(user=self.admin_a)):  # the superuser too
            with self.subTest(uid=env.uid):
                with self.assertRaises(UserError):
                    sitting.with_env(env).write({"state": "rejected"})
                with self.assertRaises(UserError):
                    sitting.with_env(env).write({"member_ids": [Command.unlink(self.five[0].id)]})
                with self.assertRaises(UserError):
                    sitting.vote_ids[:1].with_env(env).write({"vote": "against"})
                with self.assertRaises(UserError):
                    sitting.with_env(env).unlink()
                with self.assertRaises(UserError):
                    sitting.vote_ids[:1].with_env(env).unlink()
        with self.assertRaises(UserError):
            case.with_user(self.caseworker_a).write({"review_sitting_ids": [Command.create(
                {"res_model": "student.case", "res_id": case.id, "company_id": self.school_a.id})]})
        for model in ("student.review.sitting", "student.review.vote"):
            with self.subTest(model=model), self.assertRaises(UserError):
                self.env[model].with_user(self.admin_a).create({})
        self.assertEqual((sitting.state, len(sitting.vote_ids)), ("approved", 5))

    def test_case_form_shows_the_review(self):
        """The case form, with its collective review tab, opens for the roles that read the case."""
        case = self.case_at_review()
        self.vote(case, self.five[:3])
        self.assert_form_opens(case, [self.caseworker_a, self.admin_a, self.users["a", "counsellor"],
                                      self.users["a", "mentor"]])
        self.assertFalse("review_sitting_ids" in case.with_user(self.users["a", "mentor"]).fields_get(
            ["review_sitting_ids"]))


@tagged("post_install", "-at_install")
class TestReviewPanelConcurrency(CommittedCase):
    """Panel members voting at the same moment, in real committed transactions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.registry.cursor() as cr:
            env = cls.env_for(cr)
            schools, (members, _none) = cls.make_schools(env, staff=(3, 0))
            cls.members = members.ids
            cls.panel_id = env["student.review.panel"].create(
                {"company_id": schools[0].id, "member_ids": [Command.set(members.ids)]}).id
            workflow = env["student.workflow"].create(
                {"name": cls.tag, "res_model": "student.case", "company_id": schools[0].id})
            env["student.workflow.stage"].create([
                {"workflow_id": workflow.id, "name": "review", "sequence": 1, "approver_type": "panel"},
                {"workflow_id": workflow.id, "name": "after", "sequence": 2, "approver_type": "group",
                 "approver_group_id": env.ref("student_support.group_caseworker").id},
                {"workflow_id": workflow.id, "name": "done", "sequence": 2, "final_state": "approved"},
                {"workflow_id": workflow.id, "name": "no", "sequence": 3, "final_state": "rejected"},
            ])
            students = env["student.student"].create(
                [{"name": f"{cls.tag}{i}", "company_id": schools[0].id} for i in range(2)])
            cls.case_ids = env["student.case"].create(
                [{"student_id": s.id, "company_id": schools[0].id} for s in students]).ids
            cls.workflow_id = workflow.id
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            cls.remove_cases(cr, cls.case_ids)
            cr.execute("DELETE FROM student_review_panel WHERE id = %s", [cls.panel_id])
            cr.execute("DELETE FROM student_workflow WHERE id = %s", [cls.workflow_id])

    def _state(self, case_id):
        with self.registry.cursor() as cr:
            env = self.env_for(cr)
            case = env["student.case"].browse(case_id)
            sitting = case.review_sitting_ids
            return case.stage_id.name, sitting.state, sitting.approve_count, sitting.against_count

    @mute_logger("odoo.sql_db")  # the serialization failures the retry absorbs
    def test_simultaneous_votes_are_all_counted(self):
        """Two members approving (or voting against) at once are both counted; the case moves or ends once."""
        for case_id, decision, expected in ((self.case_ids[0], "approve", ("after", "approved", 2, 0)),
                                            (self.case_ids[1], "reject", ("no", "rejected", 0, 2))):
            def prepare(env, case_id=case_id):
                return env["student.case"].browse(case_id).stage_id

            def act(env, seen, case_id=case_id, decision=decision):
                getattr(env["student.case"].browse(case_id), f"action_workflow_{decision}")(
                    comment="意见", stage_id=seen.id)

            outcome = self.run_together(self.members[:2], prepare, act)
            self.assertEqual(list(outcome.values()), ["done", "done"])
            self.assertEqual(self._state(case_id), expected)
