from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import StudentSupportCommon

YEAR, TERM = "2026-2027", "autumn"
LOCKED = "stays as submitted until the county returns it"
DECISION = "records a decision: it stays as posted"


class ScreeningCommon(StudentSupportCommon):
    """A submitted screening in school A and in school B, each with one finding."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.screenings = {}
        for key, school, student in (("a", cls.school_a, cls.student_a1), ("b", cls.school_b, cls.student_b1)):
            caseworker = cls.users[key, "caseworker"]
            screening = cls.env["student.screening"].with_user(caseworker).create({
                "company_id": school.id, "school_year": YEAR, "term": TERM,
                "line_ids": [Command.create({"student_id": student.id, "finding": "identified_unaided",
                                             "reason": "材料未齐", "measure": "补发助学金",
                                             "deadline": "2026-12-31"})]})
            screening.action_submit()
            cls.screenings[key] = screening

    def school_roles(self, key="a"):
        return [self.users[key, "caseworker"], self.users[key, "school_admin"]]


@tagged("post_install", "-at_install")
class TestSubmittedScreening(ScreeningCommon):
    """A screening submitted to the county stays as submitted until the county returns it, with a reason."""

    def test_school_cannot_reopen_or_edit_a_submitted_screening(self):
        """Neither the caseworker nor the school admin puts a submitted screening back to draft or edits its lines."""
        screening = self.screenings["a"]
        line = screening.line_ids
        for user in self.school_roles():
            mine, my_line = screening.with_user(user), line.with_user(user)
            refused = {
                "back to draft": (mine.action_back_to_draft, "Only the county returns"),
                "status": (lambda mine=mine: mine.write({"state": "draft"}), "only through its buttons"),
                "scan": (mine.action_scan, "submitted screening cannot change"),
                "header": (lambda mine=mine: mine.write({"term": "spring"}), LOCKED),
                "reasons and measures": (lambda mine=mine: mine.write({"coverage_reason": "改过的原因"}), LOCKED),
                "line reason": (lambda my_line=my_line: my_line.write({"reason": "改过的原因"}), LOCKED),
                "line deleted": (my_line.unlink, LOCKED),
                "line added": (lambda user=user: self.env["student.screening.line"].with_user(user).create(
                    {"screening_id": screening.id, "student_id": self.student_a2.id,
                     "finding": "identified_unaided"}), LOCKED),
                "lines through the screening": (lambda mine=mine, line=line: mine.write({"line_ids": [
                    Command.update(line.id, {"measure": "改过的措施"}), Command.delete(line.id)]}), LOCKED),
                "screening deleted": (mine.unlink, LOCKED),
            }
            for what, (action, message) in refused.items():
                with self.subTest(user=user.login, what=what), self.assertRaisesRegex(UserError, message):
                    action()
        with self.assertRaisesRegex(UserError, LOCKED):  # not even the platform's code changes the lines
            line.sudo().write({"reason": "改过的原因"})
        with self.assertRaisesRegex(UserError, LOCKED):
            screening.sudo().line_ids.create({"screening_id": screening.id, "student_id": self.student_a2.id,
                                              "finding": "identified_unaided"})
        self.env.invalidate_all()
        self.assertEqual((screening.state, screening.term, len(screening.line_ids)), ("submitted", TERM, 1))
        self.assertEqual((line.reason, line.measure), ("材料未齐", "补发助学金"))

    def test_status_changes_only_through_the_buttons(self):
        """A school cannot create a screening as submitted, nor write its status or the county's comment."""
        caseworker = self.users["a", "caseworker"]
        Screening = self.env["student.screening"].with_user(caseworker)
        with self.assertRaisesRegex(UserError, "only through its buttons"):
            Screening.create({"company_id": self.school_a.id, "school_year": "2027-2028", "term": TERM,
                              "state": "submitted"})
        draft = Screening.create({"company_id": self.school_a.id, "school_year": "2027-2028", "term": TERM})
        for vals in ({"state": "submitted"}, {"county_comment": "自己写的意见"}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "only through its buttons"):
                draft.write(vals)
        draft.write({"term": "spring"})  # a draft is the school's to edit
        self.assertEqual((draft.state, draft.term), ("draft", "spring"))

    def test_county_returns_with_a_reason_and_the_school_corrects(self):
        """The county officer returns school A's screening with a required reason, kept in the chatter; the
        school then corrects its lines and submits again."""
        screening = self.screenings["a"]
        officer = screening.with_user(self.county_officer)
        with self.assertRaisesRegex(UserError, "Say why"):
            officer.action_return("  ")
        action = officer.action_open_return()
        wizard = self.env[action["res_model"]].with_user(self.county_officer).with_context(
            **action["context"]).create({"reason": "孤儿人数与民政数据不符"})
        wizard.action_confirm()
        self.env.invalidate_all()
        self.assertEqual((screening.state, screening.county_comment), ("draft", "孤儿人数与民政数据不符"))
        message = screening.message_ids.filtered("is_decision")
        self.assertEqual(len(message), 1)
        self.assertIn("孤儿人数与民政数据不符", str(message.body))
        self.assertEqual(message.author_id, self.county_officer.partner_id)
        caseworker = self.users["a", "caseworker"]
        screening.line_ids.with_user(caseworker).write({"reason": "已核对民政数据"})
        screening.with_user(caseworker).action_submit()
        self.assertEqual((screening.state, screening.line_ids.reason), ("submitted", "已核对民政数据"))
        with self.assertRaisesRegex(UserError, LOCKED):  # submitted again, it is locked again
            screening.line_ids.with_user(caseworker).write({"reason": "再改"})

    def test_only_the_county_returns_and_only_its_schools(self):
        """School roles of A and B cannot return A's screening; school B's caseworker does not even read it;
        the county returns submitted screenings only."""
        screening = self.screenings["a"]
        for user in self.school_roles("a"):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "Only the county's officers"):
                screening.with_user(user).action_return("不合格")
        with self.assertRaises(AccessError):
            screening.with_user(self.users["b", "caseworker"]).action_return("不合格")
        with self.assertRaises(AccessError):
            screening.with_user(self.users["b", "caseworker"]).read(["state"])
        officer = screening.with_user(self.county_officer)
        officer.action_return("不合格")
        with self.assertRaises(AccessError):  # back with the school: no longer the county's to read or return
            officer.action_return("再退回")
        self.assertEqual(self.screenings["b"].state, "submitted")  # school B's screening is untouched


@tagged("post_install", "-at_install")
class TestDecisionMessages(StudentSupportCommon):
    """The chatter messages that record decisions stay as posted: nobody edits or deletes them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.caseworker = cls.users["a", "caseworker"]
        cls.record = cls.env["student.identification"].with_user(cls.caseworker).create(
            {"student_id": cls.student_a1.id, "school_year": YEAR, "income_per_head": 300.0})
        cls.record.with_user(cls.caseworker).action_workflow_approve(comment="材料齐全")
        cls.record.with_user(cls.users["a", "class_teacher"]).action_workflow_reject(comment="收入超标")
        cls.decisions = cls.record.message_ids.filtered("is_decision")

    def test_approvals_and_refusals_are_decision_messages(self):
        """The approval and the refusal are each posted as a decision message by the one who decided."""
        self.assertEqual(self.record.workflow_state, "rejected")
        self.assertEqual(len(self.decisions), 2)
        by_author = {message.author_id: str(message.body) for message in self.decisions}
        self.assertIn("材料齐全", by_author[self.caseworker.partner_id])
        self.assertIn("收入超标", by_author[self.users["a", "class_teacher"].partner_id])

    def test_nobody_edits_or_deletes_a_decision_message(self):
        """Neither its author, the school admin nor the superuser edits, empties or deletes a decision message."""
        message = self.decisions.filtered(lambda m: m.author_id == self.caseworker.partner_id)
        body = message.body
        for user in (self.caseworker, self.users["a", "school_admin"]):
            mine = message.with_user(user)
            thread = self.record.with_user(user)
            refused = {
                "write body": lambda mine=mine: mine.write({"body": "<p>改写的决定</p>"}),
                "write attachments": lambda mine=mine: mine.write({"attachment_ids": [Command.set([])]}),
                "unmark": lambda mine=mine: mine.write({"is_decision": False}),
                "delete": mine.unlink,
                # what the chatter's edit and delete do (the controller runs them as superuser for the author)
                "chatter edit": lambda thread=thread: thread._message_update_content(message.sudo(), body="改写"),
                "chatter delete": lambda thread=thread: thread._message_update_content(
                    message.sudo(), body="", attachment_ids=[]),
            }
            for what, action in refused.items():
                expected = "posted by the decisions themselves" if what == "unmark" else DECISION
                with self.subTest(user=user.login, what=what), self.assertRaisesRegex(UserError, expected):
                    action()
        with self.assertRaisesRegex(UserError, DECISION):
            message.sudo().write({"body": "<p>改写的决定</p>"})
        with self.assertRaisesRegex(UserError, DECISION):
            self.record.sudo()._message_update_content(message.sudo(), body="改写", strict=False)
        self.env.invalidate_all()
        self.assertEqual((message.exists(), message.body, message.is_decision), (message, body, True))

    def test_only_decisions_post_decision_messages(self):
        """A user cannot post or mark a message of his own as a decision; his own notes stay his to edit."""
        # in English: else mail answers in the user's language
        record = self.record.with_user(self.caseworker).with_context(lang="en_US")
        forged = "posted by the decisions themselves"
        with self.assertRaisesRegex(UserError, forged):
            record.message_post(body="伪造的决定", is_decision=True)
        with self.assertRaisesRegex(UserError, forged):
            self.env["mail.message"].with_user(self.caseworker).create(
                {"model": record._name, "res_id": record.id, "body": "伪造的决定", "is_decision": True})
        note = record.message_post(body="补充说明", message_type="comment", subtype_xmlid="mail.mt_note")
        with self.assertRaisesRegex(UserError, forged):
            note.write({"is_decision": True})
        record._message_update_content(note.sudo(), body="补充说明（已更正）")
        self.assertIn("已更正", str(note.body))
        note.unlink()
        self.assertFalse(note.exists())

    def test_deleting_a_record_takes_its_thread(self):
        """Odoo deletes a deleted record's messages with it, decisions included (the history rows stay)."""
        record = self.env["student.identification"].with_user(self.caseworker).create(
            {"student_id": self.student_a2.id, "school_year": YEAR, "income_per_head": 300.0})
        record.with_user(self.caseworker).action_workflow_approve()
        messages = record.message_ids.filtered("is_decision")
        self.assertEqual(len(messages), 1)
        history = self.env["student.workflow.approval"].sudo().search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)])
        record.with_user(self.caseworker).unlink()
        self.assertFalse(messages.exists())
        self.assertTrue(history.exists())
