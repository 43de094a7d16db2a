from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import StudentSupportCommon


@tagged("post_install", "-at_install")
class TestSchoolLanguage(StudentSupportCommon):
    """What our code writes for a school (chatter lines, to-dos) is in the school's language, whoever acted;
    what it tells the acting user (errors, dialog titles) is in the user's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.school_a | cls.school_b).partner_id.lang = "zh_CN"
        cls.caseworker = cls.users["a", "caseworker"]

    def new_case(self, lang):
        return self.env["student.case"].with_user(self.caseworker).with_context(lang=lang).create({
            "student_id": self.student_a1.id, "company_id": self.school_a.id, "description": "家庭变故",
            "mentor_id": self.users["a", "mentor"].id})

    def test_model_names_read_in_chinese(self):
        """Our models' names (breadcrumbs, chatter, activities) read in Chinese for a zh_CN user."""
        expected = {"student.case": "重点帮扶对象", "student.home.visit": "家访", "student.student": "学生",
                    "student.case.exit": "帮扶对象退出申请"}
        for model, name in expected.items():
            with self.subTest(model=model):
                self.assertEqual(self.env["ir.model"]._get(model).with_context(lang="zh_CN").name, name)

    def test_who_fields_read_in_chinese_by_what_they_record(self):
        """Who recorded a support record, check-in or job offer reads 记录人; only a decision's user reads 审批人."""
        expected = {"student.support.record": "记录人", "student.care.checkin": "记录人",
                    "student.job.offer": "记录人", "student.workflow.approval": "审批人"}
        for model, label in expected.items():
            with self.subTest(model=model):
                described = self.env[model].with_context(lang="zh_CN").fields_get(["user_id"], ["string"])
                self.assertEqual(described["user_id"]["string"], label)

    def test_decision_line_and_next_todos_in_the_schools_language(self):
        """An approval by a user working in English leaves a Chinese line and Chinese to-dos at a Chinese school."""
        case = self.new_case("en_US")
        case.action_workflow_approve(comment="OK")
        self.env.invalidate_all()
        case = case.with_user(self.caseworker).with_context(lang="zh_CN")
        line = case.message_ids.filtered(lambda m: "申请" in str(m.body) and "已同意" in str(m.body))
        self.assertEqual(len(line), 1, case.message_ids.mapped("body"))
        self.assertNotIn("Approved", str(line.body))
        todo = case.activity_ids.filtered(lambda a: a.user_id == self.caseworker)
        self.assertEqual(todo.summary, "待审批：集体评议")

    def test_errors_stay_in_the_users_language(self):
        """A refused decision is explained in the user's language; another school's caseworker cannot decide."""
        case = self.new_case("en_US")
        mentor = self.users["a", "mentor"]  # reads the case he mentors, decides at no default stage
        with self.assertRaisesRegex(UserError, "Only the approvers of stage Application"):
            case.with_user(mentor).with_context(lang="en_US").action_workflow_approve(comment="OK")
        with self.assertRaises(AccessError):
            case.with_user(self.users["b", "caseworker"]).action_workflow_approve(comment="OK")
        self.assertFalse(case.message_ids.filtered(lambda m: "已同意" in str(m.body)))

    def test_decision_dialog_is_titled(self):
        """The decision dialog is titled with the decision and the record, not 'Odoo'."""
        case = self.new_case("zh_CN")
        for decision, word in (("approve", "同意"), ("send_back", "退回"), ("reject", "不同意"), ("withdraw", "撤回")):
            with self.subTest(decision=decision):
                action = case.with_context(lang="zh_CN", workflow_decision=decision).action_open_decision_wizard()
                self.assertEqual(action["name"], f"{word} {case.name}")

    def test_new_users_read_chinese(self):
        """Once installed, the platform gives new users Chinese (unless an administrator chose another default)."""
        self.env["ir.default"].discard_values("res.partner", "lang", ["zh_CN"])
        self.assertNotEqual(self.env["res.users"].create({"name": "新用户甲", "login": "test_lang_1"}).lang, "zh_CN")
        self.env["res.users"]._default_to_chinese()
        self.assertEqual(self.env["res.users"].create({"name": "新用户乙", "login": "test_lang_2"}).lang, "zh_CN")
