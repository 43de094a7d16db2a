from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..models.student_identification import current_school_year
from .common import StudentSupportCommon


@tagged("post_install", "-at_install")
class TestEmployment(StudentSupportCommon):
    """Employment support (seed 002): the graduate database, at least three targeted job offers each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cw_a = cls.users["a", "caseworker"]
        cls.year = current_school_year(cls.env.cr.now().date())
        Graduate = cls.env["student.graduate"]
        cls.grad_a1, cls.grad_a2 = Graduate.with_user(cls.cw_a).create([
            {"student_id": cls.student_a1.id, "intended_field": "护理", "intended_region": "本县"},
            {"student_id": cls.student_a2.id, "intended_field": "电商"},
        ])
        cls.grad_b1 = Graduate.with_user(cls.users["b", "caseworker"]).create({"student_id": cls.student_b1.id})

    def offer(self, graduate, user, count=1):
        return self.env["student.job.offer"].with_user(user).create([
            {"graduate_id": graduate.id, "employer": f"县医院{n}", "post": "护理员"} for n in range(count)])

    def test_graduates_seen_like_home_visits(self):
        """Class teacher and mentor see their own students' graduates and offers, the caseworker the whole school."""
        self.offer(self.grad_a1, self.cw_a)
        self.offer(self.grad_a2, self.cw_a)
        self.env.invalidate_all()
        Graduate, Offer = self.env["student.graduate"], self.env["student.job.offer"]
        expected = {"class_teacher": self.grad_a1, "mentor": self.grad_a2,
                    "caseworker": self.grad_a1 | self.grad_a2, "school_admin": self.grad_a1 | self.grad_a2}
        for role, graduates in expected.items():
            user = self.users["a", role]
            with self.subTest(role=role):
                self.assertEqual(Graduate.with_user(user).search([]), graduates)
                self.assertEqual(Offer.with_user(user).search([]).graduate_id, graduates)
        self.assertEqual(self.grad_a1.company_id, self.school_a)
        # the teacher of the class records the offers of his own student
        self.offer(self.grad_a1, self.users["a", "class_teacher"])
        self.assertEqual(self.grad_a1.offer_count, 2)

    def test_other_school_and_county_are_refused(self):
        """School B's staff read no graduate or offer of school A; the county officer reads none at all."""
        offer = self.offer(self.grad_a1, self.cw_a)
        self.env.invalidate_all()
        user_b = self.users["b", "caseworker"]
        self.assertEqual(self.env["student.graduate"].with_user(user_b).search([]), self.grad_b1)
        self.assertFalse(self.env["student.job.offer"].with_user(user_b).search([]))
        for record in (self.grad_a1, offer):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.with_user(user_b).read(["display_name"])
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                self.env[record._name].with_user(self.county_officer).search([])
        with self.assertRaises(AccessError):
            self.offer(self.grad_a1, user_b)

    def test_fewer_than_three_offers_warns(self):
        """A seeking graduate with fewer than 3 offers raises a warning to his school's caseworkers; the
        third offer resolves it."""
        rule = self.env.ref("student_support.warning_rule_graduate_offers")
        self.env["student.user.domain"]._check_user_domain(rule.model_name, rule._get_domain(),
                                                           self.users["a", "school_admin"])
        self.offer(self.grad_a1, self.cw_a, 2)
        self.grad_a2.state = "employed"
        self.env["student.warning"]._evaluate(rule)
        mine = (self.grad_a1 | self.grad_a2 | self.grad_b1).ids

        def open_warnings():
            return self.env["student.warning"].search(
                [("rule_id", "=", rule.id), ("state", "!=", "resolved"), ("res_model", "=", "student.graduate"),
                 ("res_id", "in", mine)])
        warnings = open_warnings()
        self.assertEqual(sorted(warnings.mapped("res_id")), sorted((self.grad_a1 | self.grad_b1).ids))
        warning_a = warnings.filtered(lambda w: w.res_id == self.grad_a1.id)
        self.assertIn(self.cw_a, warning_a.user_ids)
        self.assertNotIn(self.users["b", "caseworker"], warning_a.user_ids)
        self.assertEqual(warning_a.with_user(self.cw_a).record_name, self.grad_a1.display_name)
        self.offer(self.grad_a1, self.cw_a)
        self.env["student.warning"]._evaluate(rule)
        self.assertEqual(open_warnings().mapped("res_id"), self.grad_b1.ids)

    def test_one_to_one_help_is_a_support_record(self):
        """1:1 employment help is recorded on the student's key-support case as its own kind."""
        case = self.env["student.case"].with_user(self.cw_a).create(
            {"student_id": self.student_a1.id, "company_id": self.school_a.id, "applicant_role": "teacher",
             "mentor_id": self.users["a", "mentor"].id, "description": "就业困难"})
        record = self.env["student.support.record"].with_user(self.cw_a).create(
            {"case_id": case.id, "kind": "employment", "content": "简历问诊"})
        labels = dict(record._fields["kind"]._description_selection(record.with_context(lang="zh_CN").env))
        self.assertEqual(labels["employment"], "一对一就业帮扶")
        self.assertEqual(case.with_user(self.cw_a).support_record_ids.mapped("kind"), ["employment"])
