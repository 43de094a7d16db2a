from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import StudentSupportCommon

YEAR = "2026-2027"


@tagged("post_install", "-at_install")
class TestAid(StudentSupportCommon):
    """Aid programmes, grants in batch with per-student checks, aid against targets, the semester screening."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cw = {key: cls.users[key, "caseworker"] for key in "ab"}
        cls.levels = {level.code: level for level in cls.env["student.difficulty.level"].search([])}
        cls.orphan = cls.env["student.hardship.category"].search([("code", "=", "orphan")])
        cls.disabled = cls.env["student.hardship.category"].search([("code", "=", "disabled")])
        stages = cls.env["student.school.stage"].search([("code", "in", ("primary", "junior_secondary"))])
        cls.grant_programme = cls.env["student.aid.programme"].create({
            "name": "National grant", "funding_source": "national", "stage_ids": [Command.set(stages.ids)],
            "amount_mode": "level", "period": "term", "priority_category_ids": [Command.set(cls.orphan.ids)],
            "amount_ids": [Command.create({"level_id": cls.levels[code].id, "amount": amount}) for code, amount in
                           (("especially_difficult", 1000), ("difficult", 750), ("generally_difficult", 500))],
        })
        Student = cls.env["student.student"]
        cls.s = {name: Student.create({"name": name, "company_id": cls.school_a.id, "class_id": cls.class_a1.id})
                 for name in ("甲", "乙", "丙", "丁", "戊", "己")}
        cls.s["乙"].hardship_category_ids = [Command.set(cls.orphan.ids)]
        cls.s["戊"].hardship_category_ids = [Command.set(cls.disabled.ids)]
        for name, level in (("甲", "difficult"), ("乙", "generally_difficult"), ("丁", "generally_difficult")):
            cls.identify(cls.s[name], level)
        cls.identify(cls.student_b1, "difficult", key="b")

    @classmethod
    def identify(cls, student, level, key="a"):
        record = cls.env["student.identification"].with_user(cls.users[key, "caseworker"]).create({
            "student_id": student.id, "school_year": YEAR, "level_id": cls.levels[level].id,
            "override_reason": "committee", "income_per_head": 100.0})
        record.sudo()._demo_advance(3)
        assert record.workflow_state == "approved", record.stage_id.name
        return record

    def batch(self, students, key="a", programme=None, term="autumn"):
        wizard = self.env["student.aid.grant.batch"].with_user(self.cw[key]).create({
            "programme_id": (programme or self.grant_programme).id, "school_year": YEAR, "term": term,
            "student_ids": [Command.set(students.ids)]})
        wizard.action_create()
        return wizard

    def grants(self, student):
        return self.env["student.aid.grant"].search([("student_id", "=", student.id)])

    def test_batch_checks_each_student(self):
        """A batch grants the identified students their level's amount, the highest tier to priority categories,
        and lists each refused student with the reason; nothing is granted twice for a period."""
        wizard = self.batch(self.s["甲"] | self.s["乙"] | self.s["丙"])
        self.assertEqual(wizard.created_count, 2)
        self.assertEqual(self.grants(self.s["甲"]).amount, 750)
        self.assertEqual(self.grants(self.s["乙"]).amount, 1000)  # orphan: highest tier whatever the level
        self.assertTrue(self.grants(self.s["乙"]).is_highest_tier)
        self.assertIn("丙: not identified for 2026-2027", wizard.result)
        again = self.batch(self.s["甲"])
        self.assertEqual(again.created_count, 0)
        self.assertIn("already has this programme", again.result)
        self.batch(self.s["甲"], term="spring")
        self.assertEqual(len(self.grants(self.s["甲"])), 2)
        senior_only = self.grant_programme.copy({"name": "Senior grant", "stage_ids": [Command.set(
            self.env["student.school.stage"].search([("code", "=", "senior_secondary")]).ids)]})
        self.assertIn("does not serve", self.batch(self.s["甲"], programme=senior_only).result)
        with self.assertRaises(UserError):  # a batch runs once
            wizard.action_create()

    def test_aid_against_targets(self):
        """Per-level yearly targets show who is under-aided, on target or over-aided."""
        Target = self.env["student.aid.target"].with_user(self.users["a", "school_admin"])
        Target.create([{"company_id": self.school_a.id, "school_year": YEAR, "level_id": self.levels[code].id,
                        "target_count": 5, "amount_per_student": amount}
                       for code, amount in (("difficult", 750), ("generally_difficult", 800))])
        self.batch(self.s["甲"] | self.s["乙"])
        balance = {i.student_id.name: i.aid_balance for i in self.env["student.identification"].with_user(
            self.cw["a"]).search([("school_year", "=", YEAR)])}
        self.assertEqual(balance, {"甲": "ok", "乙": "over", "丁": "under"})
        targets = self.env["student.aid.target"].search([("company_id", "=", self.school_a.id)])
        self.assertEqual(targets.filtered(lambda t: t.level_id.code == "generally_difficult").identified_count, 2)

    def test_screening_finds_every_planted_case(self):
        """The screening lists priority students without the highest tier, identified students without aid, and
        aided students who no longer qualify; nothing of another school; it is submitted only when complete."""
        self.batch(self.s["甲"])  # identified and aided: fine
        other = self.env["student.aid.programme"].create({
            "name": "School bursary", "funding_source": "school", "amount_mode": "fixed", "amount_fixed": 200,
            "stage_ids": [Command.set(self.grant_programme.stage_ids.ids)]})
        Grant = self.env["student.aid.grant"].with_user(self.cw["a"])
        Grant.create({"student_id": self.s["戊"].id, "programme_id": other.id, "amount": 200,
                      "school_year": YEAR, "term": "autumn"})  # priority (disabled), not the highest tier
        Grant.create({"student_id": self.s["己"].id, "programme_id": other.id, "amount": 200,
                      "school_year": YEAR, "term": "autumn"})  # neither identified nor priority
        screening = self.env["student.screening"].with_user(self.cw["a"]).create(
            {"company_id": self.school_a.id, "school_year": YEAR, "term": "autumn"})
        screening.action_scan()
        found = {(line.student_id.name, line.finding) for line in screening.line_ids}
        self.assertEqual(found, {("乙", "priority_not_highest"), ("戊", "priority_not_highest"),
                                 ("丁", "identified_unaided"), ("己", "no_longer_qualifies")})
        line = screening.line_ids.filtered(lambda ln: ln.student_id == self.s["戊"])
        self.assertTrue(line.partial_aid)
        self.assertIn("School bursary", line.aid_received)
        with self.assertRaises(UserError) as refused:
            screening.action_submit()
        self.assertIn("丁", str(refused.exception))
        line.write({"reason": "材料未齐", "measure": "补发国家助学金", "deadline": "2026-12-10"})
        screening.action_scan()  # a second scan keeps what was written
        self.assertEqual(screening.line_ids.filtered(lambda ln: ln.student_id == self.s["戊"]).reason, "材料未齐")
        for ln in screening.line_ids - line:
            ln.write({"reason": "新认定", "measure": "下月发放", "deadline": "2026-12-10"})
        screening.coverage_reason = "两名学生未按最高档次资助：材料未齐，12月10日前补发"
        screening.action_submit()
        self.assertEqual(screening.state, "submitted")
        with self.assertRaises(UserError):
            line.write({"reason": "changed"})
        # the county reads the submitted lines of its schools; school B reads none of A's
        self.assertEqual(self.env["student.screening.line"].with_user(self.county_officer).search(
            [("screening_id", "=", screening.id)]), screening.line_ids)
        self.assertFalse(self.env["student.screening"].with_user(self.cw["b"]).search([]))
        with self.assertRaises(AccessError):
            screening.with_user(self.cw["b"]).read(["line_ids"])

    def test_grants_stay_in_the_school(self):
        """Grants are read by the school's caseworkers only."""
        self.batch(self.s["甲"])
        grant = self.grants(self.s["甲"])
        for user in (self.cw["b"], self.users["a", "class_teacher"], self.county_officer):
            with self.assertRaises(AccessError):
                grant.with_user(user).read(["amount"])
        self.assertEqual(self.env["student.aid.grant"].with_user(self.cw["b"]).search_count([]), 0)
