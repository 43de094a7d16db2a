import datetime

from odoo import SUPERUSER_ID, Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from ..models.privacy import PROTECTED_FIELDS
from ..models.recipients import school_readers
from .common import StudentSupportCommon

HIDDEN = "(a record you may not read)"


class UserDomainCommon(StudentSupportCommon):
    """Every role of school A beside school B; a counsellor's note on a student of A, a key-support
    case in each school, disadvantaged students in both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.roles_a = {role: cls.users["a", role] for role in
                       ("class_teacher", "mentor", "caseworker", "school_admin", "counsellor")}
        cls.roles_a["county_officer"] = cls.county_officer
        cls.admin_a = cls.users["a", "school_admin"]
        cls.sysadmin = cls.env.ref("base.user_admin")  # administrator, school admin and counsellor: reads everything
        cls.sysadmin.company_ids = [Command.link(cls.school_a.id), Command.link(cls.school_b.id)]
        category = cls.env["student.hardship.category"].search([("code", "=", "orphan")])
        cls.student_a1.write({"guardian_consent": True, "guardian_consent_date": datetime.date.today(),
                              "mental_health_note": "抑郁倾向，需关注", "hardship_category_ids": category.ids})
        cls.student_b1.hardship_category_ids = category.ids
        cls.case_a = cls.env["student.case"].with_user(cls.users["a", "caseworker"]).create(
            {"student_id": cls.student_a2.id, "company_id": cls.school_a.id, "applicant_role": "parent",
             "mentor_id": cls.users["a", "mentor"].id, "description": "家庭变故"})
        cls.case_b = cls.env["student.case"].with_user(cls.users["b", "caseworker"]).create(
            {"student_id": cls.student_b1.id, "company_id": cls.school_b.id, "applicant_role": "parent",
             "mentor_id": cls.users["b", "mentor"].id, "description": "家庭变故"})
        cls.Rule = cls.env["student.warning.rule"]
        cls.Warning = cls.env["student.warning"]
        cls.Checker = cls.env["student.user.domain"]

    @staticmethod
    def vals(**values):
        return {"name": "测试规则", "model_name": "student.student", "responsible_type": "field",
                "responsible_field": "class_teacher_id", **values}

    @staticmethod
    def refusal(role):
        """What a role gets for a forbidden condition: the roles that write rules a ValidationError
        from the checker, the others an AccessError (they write none)."""
        return ValidationError if role in ("school_admin", "county_officer") else AccessError

    def warnings(self, rule, user=None):
        self.env.flush_all()
        self.env.invalidate_all()
        Warning = self.Warning.with_user(user) if user else self.Warning
        return Warning.search([("rule_id", "=", rule.id), ("state", "!=", "resolved")])


@tagged("post_install", "-at_install")
class TestUserDomain(UserDomainCommon):
    """Conditions users write are checked against what they may read, and run with their rights."""

    def test_mental_health_note_is_no_oracle(self):
        """No role writes a condition on a mental-health note, not even an administrator who reads it."""
        domain = "[('mental_health_note', 'ilike', '抑郁')]"
        for role, user in self.roles_a.items():
            with self.subTest(role=role), self.assertRaises(self.refusal(role)):
                self.Rule.with_user(user).create(self.vals(domain=domain, company_id=user.company_id.id))
        self.assertTrue(self.student_a1.with_user(self.sysadmin).mental_health_note)  # he reads it
        for model_name, condition in (
                ("student.student", domain),
                ("student.case", "[('student_id', 'any', [('mental_health_note', '!=', False)])]"),
                ("student.case", "[('student_id', 'not any', [('mental_health_note', '=', False)])]"),
                ("student.case", "[('student_id.mental_health_note', 'ilike', '抑')]")):
            with self.subTest(domain=condition), self.assertRaisesRegex(ValidationError, "Mental-health note"):
                self.Rule.with_user(self.sysadmin).create(
                    self.vals(model_name=model_name, domain=condition, company_id=self.school_a.id))
        self.assertFalse(self.Warning.search([("name", "=", "测试规则")]))

    def test_national_id_prefix_is_no_oracle(self):
        """A national ID prefix (one run per digit would spell the number) is refused, also to who reads the number."""
        prefix = self.student_a1.national_id[:7]
        domain = f"[('national_id', '=like', '{prefix}%')]"
        for role, user in self.roles_a.items():
            with self.subTest(role=role), self.assertRaises(self.refusal(role)):
                self.Rule.with_user(user).create(self.vals(domain=domain, company_id=user.company_id.id))
        # the school admin reads full ID numbers: the protected field is refused to him all the same
        self.assertEqual(self.student_a1.with_user(self.admin_a).national_id[:7], prefix)
        with self.assertRaisesRegex(ValidationError, "National ID number"):
            self.Rule.with_user(self.admin_a).create(self.vals(domain=domain, company_id=self.school_a.id))
        with self.assertRaisesRegex(ValidationError, "National ID number"):
            self.Rule.with_user(self.admin_a).create(self.vals(
                model_name="student.case", company_id=self.school_a.id, responsible_field="mentor_id",
                domain=f"[('student_id', 'any', [('national_id', '=like', '{prefix}%')])]"))
        self.assertFalse(self.Warning.search([("name", "=", "测试规则")]))

    def test_every_protected_field_is_refused(self):
        """Every protected field is refused directly, dotted and in a sub-domain, to an administrator."""
        for model_name, protected in PROTECTED_FIELDS.items():
            for name in protected:
                paths = [(model_name, [(name, "!=", False)]),
                         (model_name, ["|", ("company_id", "!=", False), "!", (name, "=", False)])]
                if model_name == "student.student":
                    paths += [("student.case", [(f"student_id.{name}", "!=", False)]),
                              ("student.case", [("student_id", "any", [(name, "!=", False)])]),
                              ("student.identification", [("student_id", "not any", [(name, "=", False)])])]
                else:
                    paths += [("student.student", [("identification_ids", "any", [(name, "!=", False)])])]
                for checked, domain in paths:
                    with self.subTest(model=checked, domain=domain), self.assertRaises(ValidationError):
                        self.Checker._check_user_domain(checked, domain, self.sysadmin)
        with self.assertRaisesRegex(ValidationError, "protected"):
            self.Checker._check_user_domain(
                "student.student", [("identification_ids", "any", [("income_per_head", "<", 300)])], self.sysadmin)

    def test_records_of_school_b_persons_and_text_are_refused(self):
        """A condition naming a record of school B, a record number, a person or typed text is refused."""
        Rule = self.Rule.with_user(self.admin_a)
        refused = (
            f"[('class_id', '=', {self.class_b1.id})]",
            f"[('class_id', 'in', [{self.class_a1.id}, {self.class_b1.id}])]",
            f"[('class_id', 'any', [('id', '=', {self.class_b1.id})])]",
            f"[('id', '=', {self.student_b1.id})]",
            f"[('mentor_id', '=', {self.users['a', 'mentor'].id})]",
            "[('mentor_id.login', '=', 'test_mentor_a')]",
            f"[('name', '=', '{self.student_a1.name}')]",
            "[('guardian_ids', 'any', [('name', 'ilike', '王')])]",
        )
        for domain in refused:
            with self.subTest(domain=domain), self.assertRaises(ValidationError):
                Rule.create(self.vals(domain=domain, company_id=self.school_a.id))
        # coded fields, a class of the own school, "is set" on a person: allowed, and they run
        rule = Rule.create(self.vals(
            domain=f"[('class_id', '=', {self.class_a1.id}), ('mentor_id', '=', False), "
                   "('hardship_category_ids', '!=', False), "
                   "('home_visit_ids', 'not any', [('date', '>=', year_start)])]",
            company_id=self.school_a.id))
        rule.with_user(self.admin_a).action_run()
        teacher = self.users["a", "class_teacher"]
        warning = self.warnings(rule, teacher)
        self.assertEqual((warning.res_id, warning.record_name), (self.student_a1.id, self.student_a1.name))
        self.assertEqual(warning.activity_ids.user_id, teacher)

    def test_class_teacher_does_not_run_a_general_rule(self):
        """Only the job or an administrator checks a general rule; a school's rule is its school admin's to run."""
        general = self.env.ref("student_support.warning_rule_no_home_visit")
        ours = (self.student_a1 | self.student_b1).ids
        for role, user in self.roles_a.items():
            with self.subTest(role=role), self.assertRaises(AccessError):
                general.with_user(user).action_run()
        self.assertFalse(self.warnings(general).filtered(lambda w: w.res_id in ours))  # not run: none in A or B
        own = self.Rule.with_user(self.admin_a).create(self.vals(
            domain="[('hardship_category_ids', '!=', False)]", company_id=self.school_a.id))
        others = [user for role, user in self.roles_a.items() if role != "school_admin"]
        for user in (*others, self.users["b", "school_admin"]):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                own.with_user(user).action_run()
        self.assertFalse(self.warnings(own))
        own.with_user(self.admin_a).action_run()
        self.assertEqual(self.warnings(own).company_id, self.school_a)
        general.with_user(self.sysadmin).action_run()
        self.assertEqual(self.warnings(general).filtered(lambda w: w.res_id in ours).company_id,
                         self.school_a | self.school_b)

    def test_county_rule_names_nobody(self):
        """A county rule on cases or naming a student is refused; its figures count, its to-dos reach school staff."""
        Rule = self.Rule.with_user(self.county_officer)
        with self.assertRaisesRegex(ValidationError, "county rule cannot watch"):
            Rule.create(self.vals(model_name="student.case", company_id=self.county.id,
                                  responsible_field="mentor_id",
                                  domain=f"[('student_id.name', '=', '{self.student_a2.name}')]"))
        for domain in (f"[('name', '=', '{self.student_a2.name}')]", "[('case_ids', '!=', False)]",
                       "[('national_id', '=like', '3208%')]", f"[('id', '=', {self.student_a2.id})]",
                       "[('mentor_id', '=', False)]", f"[('class_id', '=', {self.class_a1.id})]",
                       "[('guardian_ids', '!=', False)]", f"[('company_id', '=', {self.school_c.id})]"):
            with self.subTest(domain=domain), self.assertRaises(ValidationError):
                Rule.create(self.vals(domain=domain, company_id=self.county.id))
        # a school admin's rule is checked in county mode when the county owns it
        with self.assertRaises(UserError):
            self.Rule.with_user(self.admin_a).create(self.vals(domain="[('grade', '=', '三年级')]",
                                                              company_id=self.county.id))
        rule = Rule.create(self.vals(
            domain="[('hardship_category_ids', '!=', False), ('enrolment_state', '=', 'enrolled')]",
            company_id=self.county.id, responsible_type="group",
            responsible_group_id=self.env.ref("student_support.group_county_officer").id))
        rule.with_user(self.county_officer).action_run()
        warnings = self.warnings(rule)
        self.assertEqual(set(warnings.mapped("res_id")), {self.student_a1.id, self.student_b1.id})
        self.assertFalse(warnings.user_ids)  # county officers are never alerted
        self.assertFalse(self.env["mail.activity"].search([("user_id", "=", self.county_officer.id)]))
        stat = self.env["student.warning.stat"].with_user(self.county_officer).formatted_read_group(
            [("rule_id", "=", rule.id)], ["company_id"], ["warning_count:sum"])
        self.assertEqual({g["company_id"][0]: g["warning_count:sum"] for g in stat},
                         {self.school_a.id: 1, self.school_b.id: 1})
        with self.assertRaises(AccessError):
            self.Warning.with_user(self.county_officer).search([])
        # alerting the class teachers: each one of his own student, never of another class's
        rule.write({"responsible_group_id": self.env.ref("student_support.group_class_teacher").id})
        self.Warning.sudo().search([("rule_id", "=", rule.id)]).unlink()
        rule.with_user(self.county_officer).action_run()
        for key, student, other in (("a", self.student_a1, "b"), ("b", self.student_b1, "a")):
            alerted = self.warnings(rule).filtered(lambda w, s=student: w.res_id == s.id).user_ids
            self.assertIn(self.users[key, "class_teacher"], alerted)
            self.assertNotIn(self.users[other, "class_teacher"], alerted)
            self.assertNotIn(self.users[key, "mentor"], alerted)  # not his student, not his class
            self.assertNotIn(self.county_officer, alerted)

    def test_rules_run_as_their_owner(self):
        """The owner is whoever last changed the condition; a rule runs with his rights, in his schools only."""
        self.assertEqual(self.env.ref("student_support.warning_rule_no_talk").owner_id.id, SUPERUSER_ID)
        officer_a = new_test_user(
            self.env, login="test_county_officer_a", groups="student_support.group_county_officer",
            company_id=self.county.id, company_ids=[Command.set((self.county | self.school_a).ids)])
        rule = self.Rule.with_user(officer_a).create(self.vals(
            domain="[('hardship_category_ids', '!=', False)]", company_id=self.county.id,
            owner_id=self.sysadmin.id))
        self.assertEqual(rule.owner_id, officer_a)
        self.Warning._evaluate(rule)
        self.assertEqual(self.warnings(rule).company_id, self.school_a)  # school B is not his to watch
        with self.assertRaises(UserError):
            rule.with_user(officer_a).write({"owner_id": self.county_officer.id})
        rule.with_user(self.county_officer).write({"domain": "[('hardship_category_ids', '!=', False), "
                                                             "('enrolment_state', '=', 'enrolled')]"})
        self.assertEqual(rule.owner_id, self.county_officer)
        self.Warning._evaluate(rule)
        self.assertEqual(self.warnings(rule).company_id, self.school_a | self.school_b)
        # an owner who left: the job skips his rule (its warnings stay) and checks the others
        rule.write({"owner_id": officer_a.id, "last_run": False})
        officer_a.active = False
        other = self.Rule.with_user(self.admin_a).create(self.vals(
            domain="[('hardship_category_ids', '!=', False)]", company_id=self.school_a.id))
        with self.assertLogs("odoo.addons.student_support.models.student_warning", "WARNING"):
            self.Rule._cron_evaluate()
        self.assertEqual(len(self.warnings(rule)), 2)
        self.assertFalse(rule.last_run)
        self.assertEqual(self.warnings(other).res_id, self.student_a1.id)

    def test_warning_names_only_readable_records(self):
        """Who cannot read a case is not alerted of it, and a warning never shows him whose case it is."""
        teacher, mentor = self.users["a", "class_teacher"], self.users["a", "mentor"]
        rule = self.Rule.with_user(self.admin_a).create(self.vals(
            model_name="student.case", domain="[('exit_date', '=', False)]", company_id=self.school_a.id,
            responsible_type="group", responsible_group_id=self.env.ref("student_support.group_class_teacher").id))
        rule.with_user(self.admin_a).action_run()
        warning = self.warnings(rule)
        self.assertEqual(warning.res_id, self.case_a.id)
        self.assertNotIn(teacher, warning.user_ids)  # a class teacher reads no case
        self.assertEqual(warning.user_ids, school_readers(self.case_a, warning.user_ids))
        self.assertFalse(self.warnings(rule, teacher))
        # a mentor alerted of his case, who then hands it over, keeps the warning but no longer reads whose it is
        rule.write({"responsible_type": "field", "responsible_field": "mentor_id"})
        self.Warning.sudo().search([("rule_id", "=", rule.id)]).unlink()
        rule.with_user(self.admin_a).action_run()
        warning = self.warnings(rule, mentor)
        self.assertEqual(warning.record_name, self.case_a.display_name)
        self.assertIn(self.case_a.display_name, warning.activity_ids.note)
        other = new_test_user(self.env, login="test_mentor_a2", groups="student_support.group_mentor",
                              company_id=self.school_a.id, company_ids=[Command.set(self.school_a.ids)])
        self.env["student.mentor"].create({"user_id": other.id, "company_id": self.school_a.id, "max_cases": 3})
        self.case_a.mentor_id = other
        warning = self.warnings(rule, mentor)
        self.assertEqual(warning.record_name, HIDDEN)
        self.assertFalse(self.Warning.with_user(mentor).search([("record_name", "ilike", self.case_a.display_name)]))
        caseworker = self.users["a", "caseworker"]
        self.assertEqual(self.Warning.with_user(caseworker).search(
            [("record_name", "ilike", self.case_a.display_name)]).record_name, self.case_a.display_name)
        self.assertFalse(self.Warning.with_user(self.users["b", "caseworker"]).search(
            [("record_name", "ilike", self.case_a.display_name)]))


@tagged("post_install", "-at_install")
class TestRecipients(UserDomainCommon):
    """To-dos and messages our code sends reach only the school's staff who can read the record."""

    def test_school_readers_of_a_case(self):
        """A case reaches its school's staff who read it: not its class teacher, school B or a county officer."""
        everyone = self.env["res.users"].union(*self.users.values(), self.county_officer)
        readers = {role: self.users["a", role] for role in ("mentor", "caseworker", "school_admin", "counsellor")}
        self.assertEqual(school_readers(self.case_a, everyone), self.env["res.users"].union(*readers.values()))
        # the county officer reads students but is told of none; the class teacher of his own class only
        self.assertTrue(self.student_a1.with_user(self.county_officer).has_access("read"))
        self.assertEqual(school_readers(self.student_a1, everyone), self.users["a", "class_teacher"] | self.users[
            "a", "caseworker"] | self.users["a", "school_admin"] | self.users["a", "counsellor"])
        # a county officer who also holds a school role still receives nothing naming a student
        self.county_officer.group_ids = [Command.link(self.env.ref("student_support.group_caseworker").id)]
        self.assertTrue(self.case_a.with_user(self.county_officer).has_access("read"))
        self.assertFalse(school_readers(self.case_a, self.county_officer))

    def test_workflow_and_handover_reach_no_county_officer(self):
        """A stage's notified users and a hand-over to-do leave out a county officer, even one with a school role."""
        self.county_officer.group_ids = [Command.link(self.env.ref("student_support.group_school_admin").id)]
        stage = self.case_a.stage_id
        stage.sudo().notify_user_ids = [Command.set((self.county_officer | self.users["a", "caseworker"]).ids)]
        _approvers, recipients = self.case_a._workflow_entry_users(stage)
        self.assertEqual(recipients, self.users["a", "caseworker"])
        self.case_a._schedule_handover("测试移交")
        todos = self.case_a.activity_ids.filtered(lambda a: "测试移交" in str(a.note))
        self.assertIn(self.admin_a, todos.user_id)
        self.assertNotIn(self.county_officer, todos.user_id)
        self.assertFalse(self.env["mail.activity"].search([("user_id", "=", self.county_officer.id)]))
