"""Every user-facing label of our addons has a zh_CN translation (users read Chinese)."""

import io
import pathlib

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import trans_export

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADDONS = ["student_support", "student_support_reports"]


# pytest-odoo runs these outside an addon: tagged() gives them the test tags Odoo expects
@tagged("post_install", "-at_install")
class TestZhCnTranslations(TransactionCase):
    def test_every_term_of_the_installed_code_is_translated(self):
        """Each term Odoo exports from the installed addons has a non-empty zh_CN translation in the repo."""
        for addon in ADDONS:
            buffer = io.BytesIO()
            trans_export(None, [addon], buffer, "po", self.env)
            exported = {entry.msgid for entry in polib.pofile(buffer.getvalue().decode())}
            po_path = ROOT / "addons" / addon / "i18n" / "zh_CN.po"
            translated = {e.msgid for e in polib.pofile(str(po_path)) if e.msgstr and not e.obsolete}
            with self.subTest(addon=addon):
                self.assertFalse(
                    sorted(exported - translated),
                    f"untranslated in {po_path.relative_to(ROOT)}: run tools/update_po.py and translate",
                )

    def test_every_translation_is_in_the_template(self):
        """Each zh_CN.po entry is in the addon's .pot: Odoo merges the two and drops the others as obsolete."""
        for addon in ADDONS:
            i18n = ROOT / "addons" / addon / "i18n"
            template = {entry.msgid for entry in polib.pofile(str(i18n / f"{addon}.pot"))}
            missing = sorted(e.msgid for e in polib.pofile(str(i18n / "zh_CN.po")) if not e.obsolete
                             and e.msgid not in template)
            with self.subTest(addon=addon):
                self.assertFalse(missing, f"in {addon}/i18n/zh_CN.po, not in {addon}.pot: never loaded")

    def test_labels_show_in_chinese(self):
        """With the user's language set to zh_CN, field labels, selections, menus and roles read in Chinese."""
        Student = self.env["student.student"].with_context(lang="zh_CN")
        fields_ = Student.fields_get(["enrolment_state", "national_id_masked", "hardship_category_ids"])
        self.assertEqual(fields_["enrolment_state"]["string"], "学籍状态")
        self.assertIn(("enrolled", "在读"), fields_["enrolment_state"]["selection"])
        self.assertEqual(fields_["national_id_masked"]["string"], "身份证号")
        menu = self.env.ref("student_support.menu_student_support_root").with_context(lang="zh_CN")
        self.assertEqual(menu.name, "学生资助")
        group = self.env.ref("student_support.group_class_teacher").with_context(lang="zh_CN")
        self.assertEqual(group.name, "班主任")
        orphan = self.env.ref("student_support.hardship_category_orphan").with_context(lang="zh_CN")
        self.assertEqual(orphan.name, "孤儿")


@tagged("post_install", "-at_install")
class TestDemoReadsChinese(TransactionCase):
    """What a demo user reads in the browser is Chinese: model names, demo names, chatter lines, to-dos."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("student_support.demo_county_bureau", raise_if_not_found=False):
            cls.skipTest(cls, "database installed without demo data")
        cls.caseworker = cls.env["res.users"].search([("login", "=", "primary_caseworker")])
        cls.env = cls.env(user=cls.caseworker, context={"lang": cls.caseworker.lang})

    def test_demo_users_and_schools_read_chinese(self):
        """Demo users, new users and the schools' messages are in Chinese."""
        self.assertEqual(self.caseworker.lang, "zh_CN")
        self.assertEqual(self.env["ir.default"]._get("res.partner", "lang"), "zh_CN")
        self.assertEqual(self.env.ref("student_support.demo_school_primary").sudo()._school_lang(), "zh_CN")

    def test_model_and_demo_names(self):
        """Model names (breadcrumbs, activities), reporting rounds and services of the demo read Chinese."""
        self.assertEqual(self.env["ir.model"]._get("student.case").name, "重点帮扶对象")
        self.assertEqual(self.env["ir.model"]._get("student.home.visit").name, "家访")
        round_ = self.env.ref("student_support_reports.demo_round_screening").sudo()
        self.assertEqual(round_.name, f"{round_.school_year} 秋季学期 排查统计汇总表")
        service = self.env.ref("student_support.demo_service_primary_tutoring")
        self.assertEqual(service.name, "一对一学业辅导")

    def test_chatter_and_todos_of_demo_cases(self):
        """The decision lines, creation lines and to-dos of the demo cases carry no English."""
        cases = self.env["student.case"].search([])
        self.assertTrue(cases)
        bodies = [str(body) for body in cases.message_ids.mapped("body")]
        decision = next(body for body in bodies if "已同意" in body)
        self.assertIn("申请", decision)
        self.assertIn("重点帮扶对象 创建", " ".join(bodies))
        english = [b for b in bodies if any(word in b for word in ("Approved", "Decide", "Agreed", "created",
                                                                   "Application", "Workflow decision"))]
        self.assertFalse(english)
        summaries = set(cases.activity_ids.mapped("summary"))
        self.assertIn("待审批：申请", summaries)
        self.assertFalse([s for s in summaries if not s.startswith("待审批：")])
