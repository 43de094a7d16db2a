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
