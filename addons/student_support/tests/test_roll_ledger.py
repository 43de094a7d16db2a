from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import StudentSupportCommon


@tagged("post_install", "-at_install")
class TestRollLedger(StudentSupportCommon):
    """The semester roll ledger (控辍保学, seed 002): per term, by absence type, who persuaded whom back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.teacher_a = cls.users["a", "class_teacher"]
        cls.Ledger = cls.env["student.dropout.record"]
        cls.lines = cls.Ledger.with_user(cls.teacher_a).create([
            {"student_id": cls.student_a1.id, "school_year": "2026-2027", "term": "autumn",
             "absence_type": "sick_leave", "reason": "住院治疗"},
            {"student_id": cls.student_a1.id, "school_year": "2026-2027", "term": "spring",
             "absence_type": "dropout", "persuaded_back": True, "persuaded_date": "2027-03-10",
             "persuaded_by_id": cls.teacher_a.id, "follow_up": "三次上门劝返"},
        ])
        cls.line_b = cls.Ledger.with_user(cls.users["b", "caseworker"]).create(
            {"student_id": cls.student_b1.id, "school_year": "2026-2027", "term": "autumn",
             "absence_type": "suspension"})

    def test_ledger_grouped_by_term(self):
        """The class teacher's ledger groups by school year and term, each with its own lines."""
        groups = self.Ledger.with_user(self.teacher_a)._read_group(
            [], ["school_year", "term", "absence_type"], ["__count"])
        self.assertEqual(sorted(groups), [("2026-2027", "autumn", "sick_leave", 1),
                                          ("2026-2027", "spring", "dropout", 1)])
        action = self.env.ref("student_support.student_dropout_record_action")
        self.assertIn("search_default_group_term", action.context)
        self.assertIn("2026-2027 秋季学期", self.lines[0].with_context(lang="zh_CN").display_name)

    def test_persuaded_back_says_when_and_by_whom(self):
        """A line marked persuaded back without a date or a person is refused."""
        with self.assertRaises(ValidationError):
            self.Ledger.with_user(self.teacher_a).create(
                {"student_id": self.student_a1.id, "absence_type": "dropout", "persuaded_back": True})

    def test_ledger_stays_in_its_school(self):
        """School B's staff see only school B's line, and the county officer reads no ledger at all."""
        self.env.invalidate_all()
        self.assertEqual(self.Ledger.with_user(self.users["b", "caseworker"]).search([]), self.line_b)
        with self.assertRaises(AccessError):
            self.lines[0].with_user(self.users["b", "caseworker"]).read(["reason"])
        with self.assertRaises(AccessError):
            self.Ledger.with_user(self.county_officer).search([])
