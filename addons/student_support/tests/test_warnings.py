import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..models.student_care_checkin import is_on_time
from ..models.student_identification import current_school_year
from .common import StudentSupportCommon


@tagged("post_install", "-at_install")
class TestWarnings(StudentSupportCommon):
    """Early warning (预警): seeded rules, idempotent runs, auto-resolution, isolation between schools."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cw = cls.users["a", "caseworker"]
        cls.mentor = cls.users["a", "mentor"]
        cls.rules = cls.env["student.warning.rule"].search([])
        cls.county.income_standard = 600.0
        cls.category = cls.env["student.hardship.category"].search([("code", "=", "orphan")])
        # a confirmed case without talk or support record, past its review date
        cls.case = cls.env["student.case"].with_user(cls.cw).create(
            {"student_id": cls.student_a1.id, "company_id": cls.school_a.id, "applicant_role": "parent",
             "mentor_id": cls.mentor.id, "description": "x"})
        cls.case.sudo()._demo_advance(3)
        cls.case._workflow_write_protected({"confirmed_date": "2020-01-01"})
        cls.student_a1.hardship_category_ids = [Command.set(cls.category.ids)]
        cls.student_b1.hardship_category_ids = [Command.set(cls.category.ids)]

    def run_rules(self):
        self.env["student.warning"]._evaluate(self.rules)
        self.env.invalidate_all()

    def warnings(self, xmlid, record=None):
        domain = [("rule_id", "=", self.env.ref(f"student_support.{xmlid}").id), ("state", "!=", "resolved")]
        if record:
            domain += [("res_model", "=", record._name), ("res_id", "=", record.id)]
        return self.env["student.warning"].search(domain)

    def test_seeded_rules_raise_and_resolve(self):
        """Each seeded rule raises one warning for its record, alerts the right person, and resolves itself."""
        self.env["student.dropout.record"].create({"student_id": self.student_a2.id, "reason": "未报到"})
        self.run_rules()
        expected = {
            "warning_rule_no_talk": (self.case, self.mentor),
            "warning_rule_no_support": (self.case, self.mentor),
            "warning_rule_review_due": (self.case, self.mentor),
            "warning_rule_no_home_visit": (self.student_a1, self.users["a", "class_teacher"]),
        }
        for xmlid, (record, user) in expected.items():
            with self.subTest(rule=xmlid):
                warning = self.warnings(xmlid, record)
                self.assertEqual(len(warning), 1)
                self.assertEqual(warning.user_ids, user)
                self.assertEqual(warning.activity_ids.user_id, user)
        self.assertEqual(self.warnings("warning_rule_absent", self.student_a2).company_id, self.school_a)
        # the conditions stop holding: talks, a visit, a review, a return, a mentor for the case
        self.env["student.support.record"].with_user(self.mentor).create(
            {"case_id": self.case.id, "kind": "talk", "content": "谈心"})
        self.env["student.home.visit"].with_user(self.cw).create({"student_id": self.student_a1.id})
        self.case.with_user(self.mentor).action_record_review()
        self.env["student.dropout.record"].search([("student_id", "=", self.student_a2.id)]).return_date = (
            datetime.date.today())
        self.run_rules()
        for xmlid in ("warning_rule_no_talk", "warning_rule_no_support", "warning_rule_review_due",
                      "warning_rule_absent"):
            self.assertFalse(self.warnings(xmlid, self.case if "rule_no" in xmlid or "review" in xmlid
                                           else self.student_a2))
        self.assertFalse(self.warnings("warning_rule_no_home_visit", self.student_a1))
        resolved = self.env["student.warning"].search([("res_id", "=", self.case.id), ("state", "=", "resolved")])
        self.assertEqual(len(resolved), 3)
        self.assertTrue(all(resolved.mapped("date_resolved")))
        self.assertFalse(resolved.activity_ids)

    def test_case_without_mentor_and_unaided_student(self):
        """A confirmed case losing its mentor and an identified student without aid raise high warnings."""
        self.case.sudo().mentor_id = False
        student = self.env["student.student"].create(
            {"name": "周同学", "company_id": self.school_a.id, "class_id": self.class_a1.id})
        identification = self.env["student.identification"].with_user(self.cw).create(
            {"student_id": student.id, "school_year": current_school_year(datetime.date.today()),
             "income_per_head": 100.0})
        identification.sudo()._demo_advance(3)
        self.run_rules()
        self.assertEqual(self.warnings("warning_rule_no_mentor", self.case).user_ids, self.users["a", "school_admin"])
        self.assertEqual(identification.workflow_state, "approved")
        unaided = self.warnings("warning_rule_unaided", student)
        self.assertEqual(unaided.severity, "high")
        self.assertIn(self.cw, unaided.user_ids)

    def test_runs_are_idempotent(self):
        """Running the rules again raises no duplicate and keeps acknowledged warnings."""
        self.run_rules()
        count = self.env["student.warning"].search_count([])
        warning = self.warnings("warning_rule_no_talk", self.case)
        warning.with_user(self.mentor).action_acknowledge()
        self.run_rules()
        self.assertEqual(self.env["student.warning"].search_count([]), count)
        self.assertEqual(warning.state, "acknowledged")
        with self.assertRaises(UserError):
            warning.with_user(self.mentor).write({"state": "resolved"})

    def test_isolation_and_county_figures(self):
        """School B sees none of A's warnings; the county reads counts per school, never a warning."""
        self.run_rules()
        warning = self.warnings("warning_rule_no_talk", self.case)
        for user in (self.users["b", "caseworker"], self.users["b", "class_teacher"]):
            self.assertFalse(self.env["student.warning"].with_user(user).search([("id", "=", warning.id)]))
            with self.assertRaises(AccessError):
                warning.with_user(user).read(["record_name"])
        with self.assertRaises(AccessError):
            self.env["student.warning"].with_user(self.county_officer).search_count([])
        # the class teacher of A sees only the warnings alerting him
        teacher_warnings = self.env["student.warning"].with_user(self.users["a", "class_teacher"]).search([])
        self.assertTrue(teacher_warnings)
        self.assertTrue(all(self.users["a", "class_teacher"] in w.user_ids for w in teacher_warnings))
        self.env.flush_all()
        groups = self.env["student.warning.stat"].with_user(self.county_officer).formatted_read_group(
            [("state", "!=", "resolved")], ["company_id"], ["warning_count:sum"])
        counts = {g["company_id"][0]: g["warning_count:sum"] for g in groups}
        self.assertEqual(counts[self.school_a.id], self.env["student.warning"].search_count(
            [("company_id", "=", self.school_a.id), ("state", "!=", "resolved")]))
        self.assertIn(self.school_b.id, counts)  # B's disadvantaged student has no home visit either
        self.assertFalse({"record_name", "res_id"} & set(self.env["student.warning.stat"]._fields))

    def test_rule_condition_is_checked(self):
        """A school admin's condition that cannot run is refused with the rule's name."""
        with self.assertRaises(ValidationError):
            self.env["student.warning.rule"].with_user(self.users["a", "school_admin"]).create(
                {"name": "坏规则", "model_name": "student.case", "domain": "[('no_such_field', '=', 1)]",
                 "company_id": self.school_a.id, "responsible_field": "mentor_id"})

    def test_care_cadence_and_school_dashboard(self):
        """The dashboard shows open warnings, talk and mentor coverage, and whether each check-in cadence is kept."""
        self.assertTrue(is_on_time("weekly_see", datetime.date(2026, 11, 16), datetime.date(2026, 11, 22)))
        self.assertFalse(is_on_time("weekly_see", datetime.date(2026, 11, 15), datetime.date(2026, 11, 22)))
        self.assertFalse(is_on_time("monthly_look", datetime.date(2026, 10, 31), datetime.date(2026, 11, 1)))
        self.run_rules()
        Checkin = self.env["student.care.checkin"]
        Checkin.with_user(self.users["a", "class_teacher"]).create(
            {"company_id": self.school_a.id, "kind": "daily_ask", "student_ids": [Command.set(self.student_a1.ids)]})
        Checkin.with_user(self.county_officer).create({"company_id": self.school_a.id, "kind": "monthly_look"})
        figures = self.school_a._monitoring_figures()
        self.assertTrue(figures["cadence"]["daily_ask"][1])
        self.assertFalse(figures["cadence"]["weekly_see"][1])
        self.assertTrue(figures["cadence"]["monthly_look"][1])
        self.assertEqual((figures["cases"], figures["talked"], figures["mentored"]), (1, 0, 1))
        self.assertEqual(sum(figures["warnings"].values()), self.env["student.warning"].search_count(
            [("company_id", "=", self.school_a.id), ("state", "!=", "resolved")]))
        # the dashboard opens for the school's staff, on their own school
        action = self.env.ref("student_support.action_school_dashboard").with_user(
            self.users["a", "class_teacher"]).with_company(self.school_a).run()
        self.assertEqual(action["res_id"], self.school_a.id)
        html = self.school_a.with_user(self.users["a", "class_teacher"]).monitoring
        self.assertIn("每日一问", html)
        self.assertFalse(Checkin.with_user(self.users["b", "caseworker"]).search([]))
