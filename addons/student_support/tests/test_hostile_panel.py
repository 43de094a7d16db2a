import datetime

import psycopg2

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_review_panel_exit import ExitPanelCommon


@tagged("post_install", "-at_install")
class TestHostilePanelVotes(ExitPanelCommon):
    """Attacks on the collective review's secrecy and on its one vote per member (seed 002: 集体评议)."""

    def test_mentor_never_learns_the_deciding_voter(self):
        """The mentor finds no panel member as the last writer of the request or the case, nor as the author
        or creator of a message or to-do the review's end left: the deciding vote tells how he voted."""
        case = self.case_at_review(self.student_a2)  # the case's own review: its end gives the next to-dos
        request = self.exit_at_review()
        for record in (case, request):
            before = self.env["mail.message"].search([], order="id desc", limit=1).id
            self.vote(record, self.five[:1], "reject", "内部意见")
            self.vote(record, self.five[1:4], comment="内部意见")
            self.assertNotEqual(record.stage_id, self.review | self.exit_review)
            self.env.flush_all()
            self.env.invalidate_all()
            mentor = self.users["a", "mentor"]
            seen = record.with_user(mentor)
            with self.subTest(model=record._name):
                self.assertFalse(seen.write_uid & self.five)
                if record == request:
                    self.assertFalse(self.case_a.with_user(mentor).write_uid & self.five)
                    later = (self.case_a.with_user(mentor).message_ids | seen.message_ids)
                else:
                    later = seen.message_ids
                later = later.filtered(lambda m, before=before: m.id > before)
                self.assertTrue(later)
                self.assertFalse(later.author_id & self.five.partner_id)
                self.assertFalse(later.create_uid & self.five)
                self.assertFalse(seen.activity_ids.create_uid & self.five)

    def test_mentor_cannot_follow_the_counts_vote_by_vote(self):
        """The mentor sees each member's to-do go when he votes: the counts of approvals and votes against
        stay the panel's, or the two together tell who voted how."""
        request = self.exit_at_review()
        self.vote(request, self.five[:1], "reject", "内部意见")
        mentor_request = request.with_user(self.mentor_a)
        self.env.invalidate_all()
        self.assertNotIn(self.five[0], self.todo_users(request))  # who voted shows: his to-do went
        fields = mentor_request.fields_get()
        self.assertFalse({"workflow_vote_count", "workflow_against_count"} & set(fields))
        for name in ("workflow_vote_count", "workflow_against_count"):
            with self.subTest(field=name), self.assertRaises(AccessError):
                mentor_request.read([name])
            with self.subTest(field=name), self.assertRaises(AccessError):
                self.env["student.case.exit"].with_user(self.mentor_a).search_read(
                    [("id", "=", request.id)], [name])
        with self.assertRaises(AccessError):
            self.env["student.case.exit"].with_user(self.mentor_a).formatted_read_group(
                [("id", "=", request.id)], [], ["workflow_against_count:sum"])
        self.assert_form_opens(request, [self.mentor_a, self.caseworker_a])
        self.assert_form_opens(self.case_a, [self.mentor_a])
        # the school's caseworkers still follow the review
        self.assertEqual(request.with_user(self.caseworker_a).workflow_against_count, 1)

    def test_member_cannot_switch_or_repeat_his_vote(self):
        """A member who approved cannot vote against, nor one who voted against approve, nor either twice."""
        request = self.exit_at_review()
        self.vote(request, self.five[:1], comment="同意")
        self.vote(request, self.five[1:2], "reject", "反对")
        for member, decision in ((self.five[0], "reject"), (self.five[0], "approve"),
                                 (self.five[1], "approve"), (self.five[1], "reject")):
            with self.subTest(member=member.login, decision=decision), \
                    self.assertRaisesRegex(UserError, "already voted"):
                self.vote(request, member, decision, "改票")
        self.assertEqual((request.workflow_vote_count, request.workflow_against_count), (1, 1))
        self.assertEqual(len(request.approval_ids.filtered(lambda a: a.round == request.workflow_round)), 2)

    def test_overdue_reminder_never_goes_to_who_voted(self):
        """Past the review's deadline the overdue to-do goes to the members who have not voted only."""
        request = self.exit_at_review()
        self.vote(request, self.five[:1], "reject", "内部意见")
        request._workflow_write_protected({"stage_date": datetime.datetime.now() - datetime.timedelta(days=30)})
        self.env["student.case.exit"]._cron_workflow_overdue()
        overdue = request.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("student_support.mail_activity_workflow_overdue"))
        self.assertEqual(overdue.user_id, self.five[1:])

    def test_mentor_reads_no_review_through_related_paths(self):
        """The mentor's web_read of the exit request through its case (review result, reviews, decisions) is
        refused, and no message of the request carries a vote's comment."""
        request = self.exit_at_review()
        self.vote(request, self.five[:1], "reject", "内部意见")
        Exit = self.env["student.case.exit"].with_user(self.mentor_a)
        for path in ("review_summary", "exit_review_sitting_ids", "review_sitting_ids", "approval_ids"):
            with self.subTest(path=path), self.assertRaises(AccessError):
                Exit.browse(request.id).web_read({"case_id": {"fields": {path: {}}}})
        messages = self.env["mail.message"].with_user(self.mentor_a).search(
            [("model", "in", ("student.case.exit", "student.case")), ("res_id", "in", (request.id, self.case_a.id))])
        self.assertFalse(messages.filtered(lambda m: "内部意见" in str(m.body)))
        self.assertFalse(self.env["mail.message"].with_user(self.mentor_a).search([("body", "ilike", "内部意见")]))

    def test_database_refuses_a_second_vote_of_a_member(self):
        """Past the engine's check (two requests racing), the database refuses a member's second vote of a round,
        for or against."""
        request = self.exit_at_review()
        self.vote(request, self.five[:1], comment="同意")
        Approval = self.env["student.workflow.approval"]
        common = {"res_model": request._name, "res_id": request.id, "company_id": self.school_a.id,
                  "stage_id": request.stage_id.id, "round": request.workflow_round, "user_id": self.five[0].id}
        for decision in ("vote_against", "approve"):
            with self.subTest(decision=decision), mute_logger("odoo.sql_db"), \
                    self.assertRaises(psycopg2.errors.UniqueViolation):
                Approval.create({**common, "decision": decision})
                self.env.flush_all()

    def test_county_officer_never_votes(self):
        """The county officer, who works in both schools, cannot vote on school A's exit request."""
        request = self.exit_at_review()
        for decision in ("approve", "reject", "withdraw"):
            with self.subTest(decision=decision), self.assertRaises(UserError):
                self.vote(request, self.county_officer, decision, "越权")
        self.assertEqual(request.workflow_vote_count, 0)


@tagged("post_install", "-at_install")
class TestHostilePanelApplicant(ExitPanelCommon):
    """Attacks on "only the applicant withdraws" at the panel's stage."""

    def test_member_cannot_make_himself_the_applicant(self):
        """A member cannot become the request's author (create_uid) by write, create or import, to withdraw
        it alone."""
        request = self.exit_at_review()
        member = self.five[2]  # a caseworker, who writes exit requests
        Exit = self.env["student.case.exit"].with_user(member)
        with self.assertRaises(UserError):  # before the panel nothing of the request is rewritten
            Exit.browse(request.id).write({"create_uid": member.id})
        self.env.invalidate_all()
        self.assertEqual(request.create_uid, self.mentor_a)
        with self.assertRaisesRegex(UserError, "only the one who applied withdraws"):
            Exit.browse(request.id).action_workflow_withdraw(comment="撤回")
        # a new request in the mentor's name, by create or by import, stays the member's own
        self.vote(request, self.five[:3])
        other = self.confirmed(self.env["student.student"].create(
            {"name": "周杰", "company_id": self.school_a.id, "mentor_id": self.mentor_a.id}), "a")
        created = Exit.create({"case_id": other.id, "explanation": "稳定", "create_uid": self.mentor_a.id})
        self.assertEqual(created.create_uid, member)
        third = self.confirmed(self.env["student.student"].create(
            {"name": "吴敏", "company_id": self.school_a.id, "mentor_id": self.mentor_a.id}), "a")
        result = Exit.load(["case_id/.id", "explanation", "create_uid/.id"],
                           [[str(third.id), "导入", str(self.mentor_a.id)]])
        imported = Exit.browse(result["ids"] or [])
        self.assertEqual((imported.create_uid, len(imported)), (member, 1), result["messages"])


@tagged("post_install", "-at_install")
class TestHostilePanelSize(ExitPanelCommon):
    """Attacks on the panel's minimum of three members by archiving users or taking their roles."""

    def shrink(self, how):
        member = self.panel_members("b")[2]
        if how == "archive":
            member.active = False
        elif how == "company":
            member.write({"company_ids": [Command.set(self.school_a.ids)], "company_id": self.school_a.id})
        else:
            member.group_ids = [Command.unlink(self.env.ref("student_support.group_counsellor").id)]
        return member

    def restore(self, member, how):
        if how == "archive":
            member.active = True
        elif how == "company":
            member.write({"company_ids": [Command.set(self.school_b.ids)], "company_id": self.school_b.id})
        else:
            member.group_ids = [Command.link(self.env.ref("student_support.group_counsellor").id)]

    def test_panel_shrunk_below_three_opens_no_review(self):
        """A panel left with two members who may vote (one archived, moved to another school or stripped of his
        role) opens no review and gives no to-do; the first vote says the panel lacks members; the panel form
        refuses to be saved so."""
        for how in ("archive", "company", "group"):
            with self.subTest(how=how):
                self.env.invalidate_all()
                gone = self.shrink(how)
                request = self.exit_at_review(self.case_b, "b")
                self.assertTrue(request.review_panel_missing)
                self.assertFalse(self.todo_users(request))
                with self.assertRaisesRegex(UserError, "fewer than 3"):
                    self.vote(request, self.panel_members("b")[:1])
                self.assertFalse(request.review_sitting_ids)
                self.assertFalse(self.case_b.exit_date)
                panel = self.panel_b.with_user(self.users["b", "school_admin"])
                with self.assertRaises(UserError):  # a ValidationError, or the company check's refusal
                    panel.member_ids = [Command.set(panel.member_ids.ids)]  # saving the panel as it now is
                request.with_user(self.users["b", "mentor"]).action_workflow_withdraw(comment="撤回")
                self.restore(gone, how)

    def test_panel_unable_to_reach_its_number_opens_no_review(self):
        """Five members needing five, one archived: no review opens that no vote could ever approve, and an
        approval never counts as a rejection."""
        self.panel_a.with_user(self.admin_a).votes_required = 5
        self.five[4].active = False
        request = self.exit_at_review()
        with self.assertRaisesRegex(UserError, "fewer than 5"):
            self.vote(request, self.five[:1])
        self.assertEqual(request.stage_id, self.exit_review)

    def test_open_review_keeps_its_panel_when_a_member_leaves(self):
        """A review that opened with three keeps its members and number when one is archived: the other two
        still decide it, each vote counted once."""
        request = self.exit_at_review(self.case_b, "b")
        self.vote(request, self.panel_members("b")[:1])
        self.panel_members("b")[2].active = False
        self.assertEqual((request.review_sitting_ids.member_count, request.votes_required), (3, 2))
        self.vote(request, self.panel_members("b")[1:2])
        self.assertEqual(request.workflow_state, "approved")


@tagged("post_install", "-at_install")
class TestHostileDecidedExit(ExitPanelCommon):
    """Attacks on a decided exit request through doors other than its form's fields."""

    def decided(self, outcome):
        request = self.exit_at_review(self.case_b, "b")
        self.vote(request, self.panel_members("b")[:2], "approve" if outcome == "approved" else "reject", "意见")
        self.assertEqual(request.workflow_state, outcome)
        return request

    def test_decided_request_is_never_deleted(self):
        """The school admin (who may delete an undecided request) cannot delete a decided one."""
        for outcome in ("rejected", "approved"):
            with self.subTest(outcome=outcome):
                request = self.decided(outcome)
                with self.assertRaisesRegex(UserError, "has been decided"):
                    request.with_user(self.users["b", "school_admin"]).unlink()
                self.assertTrue(request.exists())
        undecided = self.env["student.case.exit"].with_user(self.users["b", "mentor"]).create(
            {"case_id": self.confirmed(self.env["student.student"].create(
                {"name": "吴刚", "company_id": self.school_b.id}), "b").id, "explanation": "稳定"})
        undecided.with_user(self.users["b", "school_admin"]).unlink()
        self.assertFalse(undecided.exists())

    def test_decided_request_keeps_its_case_and_content(self):
        """Related fields, the case and the reason of a decided request are refused on write; a copy is a
        new request at the first stage, with no review of its own."""
        request = self.decided("rejected")
        mentor = self.users["b", "mentor"]
        other = self.env["student.student"].create({"name": "郑爽", "company_id": self.school_b.id})
        for vals in ({"student_id": other.id}, {"reason": "other"}, {"explanation": "改写"},
                     {"case_id": self.case_a.id}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                request.with_user(mentor).write(vals)
        self.assertEqual((request.student_id, request.reason), (self.student_b1, "normal_development"))
        copy = request.with_user(mentor).copy()
        self.assertEqual((copy.workflow_state, copy.workflow_round), ("in_progress", 1))
        self.assertNotEqual(copy.stage_id, self.exit_review)
        self.assertFalse(copy.with_env(self.env).review_sitting_ids)
        self.assertEqual(request.workflow_state, "rejected")


@tagged("post_install", "-at_install")
class TestHostilePanelTodos(ExitPanelCommon):
    """Attacks on the to-dos given when a panel changes (``_workflow_panel_changed``)."""

    def test_school_a_panel_reaches_no_school_b_record(self):
        """School A's admin can neither move his panel to school B nor make one there; no member of school A
        gets a to-do naming school B's records."""
        self.panel_b.unlink()
        request_b = self.exit_at_review(self.case_b, "b")
        panel = self.panel_a.with_user(self.admin_a)
        with self.assertRaises(UserError):
            panel.company_id = self.school_b
        with self.assertRaises(UserError):
            self.env["student.review.panel"].with_user(self.admin_a).create(
                {"company_id": self.school_b.id, "member_ids": [Command.set(self.five[:3].ids)]})
        panel.member_ids = [Command.unlink(self.five[4].id)]
        self.assertFalse(self.todo_users(request_b))
        activities = self.env["mail.activity"].search([("user_id", "in", self.five.ids)])
        self.assertNotIn(request_b.display_name, activities.mapped("res_name"))
        self.assertFalse(activities.filtered(lambda a: a.res_model == "student.case.exit"
                                             and a.res_id == request_b.id))
