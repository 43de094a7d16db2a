from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import StudentSupportCommon

SEEDED_RULES = ("warning_rule_new_student_no_visit", "warning_rule_no_reward")


@tagged("post_install", "-at_install")
class TestPolicyCoverage(StudentSupportCommon):
    """Seeds 001-003 to the letter: categories, phone visits, traits, a visit before a new student's
    identification and a growth reward for every student in difficulty."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.teacher_a = cls.users["a", "class_teacher"]
        cls.disaster = cls.env.ref("student_support.hardship_category_disaster")
        cls.student_a1.write({"hardship_category_ids": [Command.set(cls.disaster.ids)], "is_new_student": True})
        cls.student_b1.write({"hardship_category_ids": [Command.set(cls.disaster.ids)], "is_new_student": True})

    def run_rules(self, *xmlids):
        rules = self.env["student.warning.rule"].union(*(self.env.ref(f"student_support.{x}") for x in xmlids))
        self.env["student.warning"]._evaluate(rules)
        self.env.invalidate_all()

    def open_warnings(self, xmlid):
        """The rule's open warnings about the test's students (the demo's students are left out)."""
        return self.env["student.warning"].search(
            [("rule_id", "=", self.env.ref(f"student_support.{xmlid}").id), ("state", "!=", "resolved"),
             ("res_model", "=", "student.student"), ("res_id", "in", self.students.ids)])

    def test_categories_and_visit_modes_of_the_seeds(self):
        """Lacking guardianship/harmed and disaster/sudden event are categories; phone is a visit mode."""
        Category = self.env["student.hardship.category"].with_context(lang="zh_CN")
        names = dict(Category.search([("code", "in", ("guardianship_abuse", "disaster"))]).mapped(
            lambda c: (c.code, c.name)))
        self.assertEqual(names, {"guardianship_abuse": "监护缺失或受侵害",
                                 "disaster": "家庭遭遇自然灾害或突发事件"})
        visit = self.env["student.home.visit"].with_user(self.teacher_a).create(
            {"student_id": self.student_a1.id, "mode": "phone"})
        modes = dict(visit.with_context(lang="zh_CN")._fields["mode"]._description_selection(
            visit.with_context(lang="zh_CN").env))
        self.assertEqual(modes[visit.mode], "电话家访")

    def test_traits_read_by_school_staff_only(self):
        """School A's class teacher writes and reads the traits; school B and the county officer do not."""
        self.student_a1.with_user(self.teacher_a).traits = "喜欢画画，开朗"
        self.env.invalidate_all()
        self.assertEqual(self.student_a1.with_user(self.users["a", "caseworker"]).traits, "喜欢画画，开朗")
        with self.assertRaises(AccessError):
            _read = self.student_a1.with_user(self.users["b", "class_teacher"]).traits
        with self.assertRaises(AccessError):
            _read = self.student_a1.with_user(self.county_officer).traits

    def test_new_student_visited_before_identification(self):
        """A new student in difficulty without a visit this school year raises a warning to his class
        teacher, in his school only; a visit resolves it."""
        self.run_rules("warning_rule_new_student_no_visit")
        warning = self.open_warnings("warning_rule_new_student_no_visit")
        self.assertEqual(set(warning.mapped("res_id")), {self.student_a1.id, self.student_b1.id})
        mine = warning.filtered(lambda w: w.res_id == self.student_a1.id)
        self.assertEqual(mine.user_ids, self.teacher_a)
        self.assertFalse(self.env["student.warning"].with_user(self.users["b", "caseworker"]).search(
            [("id", "=", mine.id)]))
        self.env["student.home.visit"].with_user(self.teacher_a).create(
            {"student_id": self.student_a1.id, "mode": "phone"})
        self.run_rules("warning_rule_new_student_no_visit")
        self.assertEqual(self.open_warnings("warning_rule_new_student_no_visit").mapped("res_id"),
                         [self.student_b1.id])
        # a student who is no longer new is not watched
        self.student_b1.is_new_student = False
        self.run_rules("warning_rule_new_student_no_visit")
        self.assertFalse(self.open_warnings("warning_rule_new_student_no_visit"))

    def test_reward_for_every_student_in_difficulty(self):
        """A student in difficulty without a growth reward this year is warned about; the dashboard
        shows the school's reward coverage, and both change once he is rewarded."""
        self.run_rules("warning_rule_no_reward")
        self.assertEqual(set(self.open_warnings("warning_rule_no_reward").mapped("res_id")),
                         {self.student_a1.id, self.student_b1.id})
        year = fields.Date.context_today(self.school_a).year
        self.assertEqual(self.school_a._monitoring_figures()["rewarded"], (0, 1))
        self.env["student.growth.reward"].with_user(self.users["a", "caseworker"]).create(
            {"student_id": self.student_a1.id, "kind": "recognition", "name": "三好学生"})
        self.run_rules("warning_rule_no_reward")
        self.assertEqual(self.open_warnings("warning_rule_no_reward").mapped("res_id"), [self.student_b1.id])
        self.assertEqual(self.school_a._reward_coverage(year), (1, 1))
        self.assertEqual(self.school_b._reward_coverage(year), (0, 1))
        html = self.school_a.with_user(self.teacher_a).with_context(lang="zh_CN").monitoring
        self.assertIn("成长奖励覆盖（本年）", html)
        self.assertIn("1 / 1 (100%)", html)

    def test_seeded_conditions_pass_the_checker(self):
        """The new seeded rules use no protected or typed-text field: a school admin could write them."""
        admin = self.users["a", "school_admin"]
        Checker = self.env["student.user.domain"]
        for xmlid in SEEDED_RULES:
            rule = self.env.ref(f"student_support.{xmlid}")
            with self.subTest(rule=xmlid):
                Checker._check_user_domain(rule.model_name, rule._get_domain(), admin)
                self.assertEqual(rule.owner_id, self.env.ref("base.user_root"))
