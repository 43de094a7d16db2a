from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import BaseCase, tagged
from odoo.tools import mute_logger

from ..models.identification_rules import mask_name, propose_level, score_evidence
from ..models.student_identification import current_school_year
from .common import StudentSupportCommon

CRITERIA = [
    {"label": "priority", "kind": "priority", "points": 60},
    {"label": "below", "kind": "income_below", "points": 20},
    {"label": "gap", "kind": "income_gap", "points": 20},
    {"label": "dependants", "kind": "dependants", "points": 5},
    {"label": "illness", "kind": "illness", "points": 15},
    {"label": "orphan", "kind": "category", "points": 30, "category_code": "orphan"},
    {"label": "visit", "kind": "form_field", "points": 3, "field_name": "visited"},
]


@tagged("post_install", "-at_install")
class TestIdentificationRules(BaseCase):
    """The pure rules: scoring, level proposal, name masking."""

    def test_score_adds_the_criteria_met(self):
        """Each criterion met adds its points (the income gap in proportion) and says why."""
        total, lines = score_evidence(
            {"category_codes": {"orphan"}, "priority": False, "income": 300.0, "standard": 600.0,
             "dependants": 2, "illness": True, "answers": {"visited": True}}, CRITERIA)
        self.assertEqual(total, 20 + 10 + 10 + 15 + 30 + 3)
        self.assertEqual([line[0] for line in lines], ["below", "gap", "dependants", "illness", "orphan", "visit"])
        self.assertEqual(score_evidence({"income": 700.0, "standard": 600.0}, CRITERIA), (0, []))
        self.assertEqual(score_evidence({"income": None, "standard": 600.0}, CRITERIA)[0], 0)

    def test_level_proposed_by_threshold(self):
        """The highest level whose minimum the score reaches is proposed; below every minimum, none."""
        levels = [("especially", 60), ("difficult", 40), ("general", 20)]
        self.assertEqual(propose_level(75, levels), "especially")
        self.assertEqual(propose_level(40, levels), "difficult")
        self.assertIsNone(propose_level(5, levels))

    def test_names_are_masked(self):
        """A public notice shows the first and last character of a name only."""
        self.assertEqual(mask_name("王小明"), "王*明")
        self.assertEqual(mask_name("李红"), "李*")
        self.assertEqual(mask_name("欧阳小明"), "欧**明")
        self.assertEqual(current_school_year(__import__("datetime").date(2027, 3, 1)), "2026-2027")


@tagged("post_install", "-at_install")
class TestIdentification(StudentSupportCommon):
    """Yearly identification on the school's stages, with the model's proposal and the committee's decision."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cw = {key: cls.users[key, "caseworker"] for key in "ab"}
        cls.county.income_standard = 600.0
        cls.levels = {level.code: level for level in cls.env["student.difficulty.level"].search([])}
        cls.priority = cls.env["student.hardship.category"].search([("is_priority", "=", True)], limit=1)

    def apply(self, student, key="a", **vals):
        return self.env["student.identification"].with_user(self.cw[key]).create(
            {"student_id": student.id, "school_year": "2026-2027", **vals})

    def identify(self, record, key="a"):
        record.with_user(self.cw[key]).action_workflow_approve()
        record.with_user(record.class_teacher_id).action_workflow_approve()
        record.with_user(self.cw[key]).action_workflow_approve(comment="审核通过")

    def test_score_proposal_and_explanation(self):
        """The model scores the evidence against the county's standard, proposes a level and shows how."""
        record = self.apply(self.student_a1, income_per_head=300.0, dependants=2, family_illness=True)
        self.assertEqual(record.score, 20 + 10 + 10 + 15)
        self.assertEqual(record.proposed_level_id, self.levels["difficult"])
        self.assertIn("Illness or disability in the family", record.score_detail)
        record.with_user(self.cw["a"]).hardship_category_ids = [Command.set(self.priority.ids)]
        self.assertEqual(record.proposed_level_id, self.levels["especially_difficult"])

    def test_override_needs_a_reason(self):
        """The committee may decide another level than the proposal, only with a reason."""
        record = self.apply(self.student_a1, income_per_head=300.0, dependants=2, family_illness=True)
        with self.assertRaises(ValidationError):
            record.with_user(self.cw["a"]).level_id = self.levels["especially_difficult"]
        record.with_user(self.cw["a"]).write(
            {"level_id": self.levels["especially_difficult"].id, "override_reason": "家访发现父亲已失去劳动能力"})
        self.identify(record)
        self.assertEqual((record.workflow_state, record.level_id), ("approved", self.levels["especially_difficult"]))

    def test_runs_on_the_schools_stages_with_the_class_teacher(self):
        """The class review is the student's class teacher's; another teacher or school cannot decide or read."""
        record = self.apply(self.student_a1, income_per_head=300.0)
        record.with_user(self.cw["a"]).action_workflow_approve()
        self.assertEqual(record.stage_id.name, "Class review")
        with self.assertRaises(AccessError):
            record.with_user(self.users["b", "class_teacher"]).action_workflow_approve()
        with self.assertRaises(UserError):
            record.with_user(self.users["a", "mentor"]).action_workflow_approve()
        record.with_user(self.users["a", "class_teacher"]).action_workflow_approve()
        self.assertEqual(record.stage_id.name, "School review")
        with self.assertRaises(AccessError):
            record.with_user(self.users["a", "class_teacher"]).read(["income_per_head"])
        self.assertEqual(self.env["student.identification"].with_user(self.cw["b"]).search_count([]), 0)
        with self.assertRaises(AccessError):
            self.env["student.identification"].with_user(self.county_officer).search_count([])

    def test_one_identification_per_student_and_year(self):
        """A student has one identification per school year."""
        self.apply(self.student_a1)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.apply(self.student_a1)
        self.apply(self.student_a1, school_year="2027-2028")

    def test_public_notice_masks_and_exempts(self):
        """The notice lists identified students by masked name and level; exempt students and ID numbers never."""
        plain, sensitive, on_case, priority = self.env["student.student"].create([
            {"name": name, "company_id": self.school_a.id, "class_id": self.class_a1.id}
            for name in ("陈小东", "刘小西", "周小南", "吴小北")])
        priority.hardship_category_ids = [Command.set(self.priority.ids)]
        for student in (plain, sensitive, on_case, priority):
            record = self.apply(student, income_per_head=300.0, sensitive=student == sensitive)
            self.identify(record)
        self.env["student.case"].with_user(self.cw["a"]).create(
            {"student_id": on_case.id, "company_id": self.school_a.id, "applicant_role": "teacher"})
        other_school = self.apply(self.student_b1, key="b", income_per_head=100.0)
        self.identify(other_school, key="b")
        notice = self.env["student.identification.notice"].with_user(self.cw["a"]).create(
            {"company_id": self.school_a.id, "school_year": "2026-2027", "date_to": "2026-12-01"})
        lines = notice._get_lines()
        self.assertEqual([line["name"] for line in lines], ["陈*东"])
        html = self.env["ir.actions.report"].with_user(self.cw["a"])._render_qweb_html(
            "student_support_reports.report_identification_notice", notice.ids)[0].decode()
        self.assertIn("陈*东", html)
        for text in ("陈小东", "刘", "周", "吴", "张", plain.national_id or "no-id"):
            self.assertNotIn(text, html.split("<tbody>")[1].split("</tbody>")[0])
        with self.assertRaises(AccessError):
            notice.with_user(self.cw["b"]).read(["name"])

    def test_integrity_records_stay_with_caseworkers(self):
        """An integrity record for a false application is kept by caseworkers of the school only."""
        record = self.apply(self.student_a1)
        entry = self.env["student.integrity.record"].with_user(self.cw["a"]).create(
            {"student_id": self.student_a1.id, "identification_id": record.id, "description": "隐瞒家庭收入"})
        for user in (self.cw["b"], self.users["a", "class_teacher"], self.county_officer):
            with self.assertRaises(AccessError):
                entry.with_user(user).read(["description"])
