from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .test_county_filing import FilingCommon
from .test_official_reports import TERM, YEAR, ReportsCommon


@tagged("post_install", "-at_install")
class TestReportTemplatePrivacy(ReportsCommon):
    """Report templates pass the checker of user-written definitions: a county's count names nobody,
    a school's figures are computed with the reader's rights."""

    template_name = "隐私报表"

    def test_county_template_names_nobody(self):
        """A county template filters and groups on no name, typed text, person, protected field or record id."""
        officer = self.county_officer
        refused = [
            {"domain": f"[('student_id.name', '=', '{self.student_a2.name}')]"},
            {"domain": f"[('student_id', 'any', [('name', '=', '{self.student_a2.name}')])]"},
            {"domain": "[('applicant_name', '=', '张三')]"},
            {"domain": "[('description', 'ilike', '变故')]"},
            {"domain": "[('student_id', 'any', [('mental_health_note', '!=', False)])]"},
            {"domain": "[('student_id.national_id', '=like', '3208%')]"},
            {"domain": "[('mentor_id', '=', False)]"},
            {"domain": f"[('id', '=', {self.case.id})]"},
            {"domain": f"[('company_id', '=', {self.school_c.id})]"},
            {"row_field_id": "applicant_name"},
            {"row_field_id": "description"},
            {"row_field_id": "name"},
            {"row_field_id": "mentor_id"},
            {"res_model": "student.identification", "measure": "sum", "measure_field_id": "income_per_head"},
            {"res_model": "student.identification", "row_field_id": "income_per_head"},
        ]
        for values in refused:
            with self.subTest(**values), self.assertRaises(ValidationError):
                self.make(officer, **values)
        # what a county may count: coded fields, by school; the cells hold counts, never a name
        report = self.make(officer, domain="[('confirmed_date', '!=', False), ('exit_date', '=', False)]",
                           row_field_id="company_id")
        self.assertEqual(report._run(), ([("School A", "<3")], "<3"))
        self.assertNotIn(self.student_a2.name, report.with_user(officer).result_html)
        text = str(self.cells(self.render_xlsx("report_template_xlsx", report, officer)["隐私报表"]))
        self.assertNotIn(self.student_a2.name, text)
        # nobody saves an unsafe definition, and one made unsafe behind the ORM's back does not run
        with self.assertRaises(ValidationError):
            report.sudo().domain = "[('applicant_name', '!=', False)]"
        self.env.cr.execute("UPDATE student_report_template SET domain = %s WHERE id = %s",
                            [f"[('student_id.name', '=', '{self.student_a2.name}')]", report.id])
        self.env.invalidate_all()
        with self.assertRaises(ValidationError):
            report.with_user(officer)._run()

    def test_school_sum_of_income_is_the_readers(self):
        """A school's sum of income per head shows its own figures to its caseworkers, nothing to the county."""
        admin, caseworker = self.users["a", "school_admin"], self.users["a", "caseworker"]
        for key, student, income in (("a", self.student_a1, 300.0), ("a", self.student_a2, 500.0),
                                     ("b", self.student_b1, 700.0)):
            self.env["student.identification"].with_user(self.users[key, "caseworker"]).create(
                {"student_id": student.id, "school_year": YEAR, "income_per_head": income})
        report = self.make(admin, res_model="student.identification", row_field_id="school_year",
                           measure="sum", measure_field_id="income_per_head")
        for user in (admin, caseworker):
            with self.subTest(user=user.login):
                self.assertEqual(report.with_user(user)._run(), ([(YEAR, 800.0)], 800.0))
        # the county officer reads the school's template but gets no amount: county outputs count
        self.assertIn(self.school_a, self.county_officer.company_ids)
        html = report.with_user(self.county_officer).result_html
        self.assertNotIn("800", html)
        self.assertIn("sum no amount", html)
        with self.assertRaises(ValidationError):
            report.with_user(self.county_officer)._run()
        with self.assertRaises(ValidationError):
            self.render_xlsx("report_template_xlsx", report, self.county_officer)
        # the amount is summed only by who reads it; it is never a filter or a row, whoever writes it
        Checker = self.env["student.user.domain"]
        with self.assertRaisesRegex(ValidationError, "income per head|人均"):
            Checker._check_user_measure("student.identification", "income_per_head", self.users["a", "mentor"])
        for values in ({"domain": "[('income_per_head', '<', 400)]"}, {"row_field_id": "income_per_head"},
                       {"domain": "[('student_id', 'any', [('family_poverty_detail', '!=', False)])]"}):
            with self.subTest(**values), self.assertRaises(ValidationError):
                self.make(admin, res_model="student.identification", **values)

    def test_school_template_names_no_record_of_school_b(self):
        """A school admin's filter naming a record of school B, a person or a record id is refused."""
        admin = self.users["a", "school_admin"]
        programme_b = self.env["student.aid.programme"].create({
            "name": "乙校奖学金", "company_id": self.school_b.id, "funding_source": "school", "amount_mode": "fixed",
            "amount_fixed": 300, "period": "year",
            "stage_ids": [Command.set(self.env["student.school.stage"].search([]).ids)]})
        for domain in (f"[('programme_id', '=', {programme_b.id})]", f"[('student_id', '=', {self.student_b1.id})]",
                       f"[('id', 'in', {self.grant.ids})]", "[('student_id.name', 'ilike', '张')]"):
            with self.subTest(domain=domain), self.assertRaises(ValidationError):
                self.make(admin, res_model="student.aid.grant", domain=domain)
        own = self.make(admin, res_model="student.aid.grant", row_field_id="programme_id",
                        domain=f"[('programme_id', '=', {self.grant.programme_id.id}), ('student_id', '!=', False)]")
        self.assertEqual(own._run()[1], 2)

    def test_school_figures_follow_the_readers_record_rules(self):
        """A school template's figures are computed with the reader's record rules, never elevated."""
        admin = self.users["a", "school_admin"]
        report = self.make(admin, res_model="student.aid.grant", measure="sum", measure_field_id="amount")
        self.assertGreater(self.grant.amount, 600)
        self.assertEqual(report._run(), ([("School A", self.grant.amount + 500)], self.grant.amount + 500))
        self.env["ir.rule"].create({
            "name": "test: small grants only", "model_id": self.env["ir.model"]._get_id("student.aid.grant"),
            "domain_force": "[('amount', '<', 600)]",
            "groups": [Command.link(self.env.ref("student_support.group_caseworker").id)]})
        self.env.invalidate_all()
        self.assertEqual(report.with_user(admin)._run(), ([("School A", 500.0)], 500.0))

    def test_roles_below_school_admin(self):
        """Mentors, class teachers and counsellors neither define nor run templates; a caseworker runs them only."""
        report = self.make(self.users["a", "school_admin"], row_field_id="company_id")
        for role in ("class_teacher", "mentor", "counsellor", "caseworker"):
            user = self.users["a", role]
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    self.make(user, row_field_id="company_id")
                if role == "caseworker":
                    self.assertEqual(report.with_user(user)._run(), ([("School A", 1)], 1))
                else:
                    with self.assertRaises(AccessError):
                        report.with_user(user)._run()

    def test_no_role_writes_an_id_number_oracle(self):
        """No role of school A saves a template filtering on an ID number prefix, nor one inside a sub-domain."""
        prefix = self.student_a2.sudo().national_id[:7]
        roles = {role: self.users["a", role] for role in
                 ("class_teacher", "mentor", "caseworker", "counsellor", "school_admin")}
        roles["county_officer"] = self.county_officer
        for role, user in roles.items():
            expected = ValidationError if role in ("school_admin", "county_officer") else AccessError
            for domain in (f"[('student_id.national_id', '=like', '{prefix}%')]",
                           f"[('student_id', 'any', [('national_id', '=like', '{prefix}%')])]"):
                with self.subTest(role=role, domain=domain), self.assertRaises(expected):
                    self.make(user, domain=domain)
        self.assertFalse(self.env["student.report.template"].search([("name", "=", "隐私报表")]))

    def test_reminders_reach_no_county_officer(self):
        """The reporting-round reminder reaches the school's caseworkers, never a county officer with that role too."""
        self.county_officer.group_ids = [Command.link(self.env.ref("student_support.group_caseworker").id)]
        self.round.with_user(self.county_officer).action_remind()
        messages = self.round.submission_ids.message_ids.filtered(lambda m: m.partner_ids)
        self.assertIn(self.users["a", "caseworker"].partner_id, messages.partner_ids)
        self.assertNotIn(self.county_officer.partner_id, messages.partner_ids)


@tagged("post_install", "-at_install")
class TestFilingPrivacy(FilingCommon):
    """The county learns how many key-support cases a school has and their anonymised register, through the
    filing's snapshot only; it never opens a case, and no school reads another's filing."""

    def test_county_opens_no_case_through_the_filing(self):
        """A county officer reads no case (read, search, count, the filing mark) and no register before filing."""
        officer = self.county_officer
        pending = self.filing_sub[self.school_a].with_user(officer)
        self.assertEqual(pending._get_figures()[pending.id]["filed_cases"], 1)  # counts, as for the other tables
        self.assertFalse(pending.read(["register"])[0]["register"])
        self.assertNotIn(self.case.name, pending.register_html)
        with self.assertRaises(AccessError):
            pending._filing_register()
        self.file("a", self.school_a)
        self.env.invalidate_all()
        self.assertEqual(pending.read(["register"])[0]["register"][0][0], self.case.name)
        self.assertIn(self.case.name, pending.register_html)
        Case = self.env["student.case"].with_user(officer)
        for door in (lambda: Case.search([("filed_round", "!=", False)]), lambda: Case.search_count([]),
                     lambda: self.case.with_user(officer).read(["filed_round"]),
                     lambda: self.case.with_user(officer).read(["name"]),
                     lambda: Case.search_read([("name", "=", self.case.name)], ["student_id"]),
                     lambda: self.student_a2.with_user(officer).read(["case_ids"]),
                     # a mentor is given to key-support cases: who has one is no more the county's to read
                     lambda: self.student_a2.with_user(officer).read(["mentor_id"]),
                     lambda: self.env["student.student"].with_user(officer).search([("mentor_id", "!=", False)])):
            with self.assertRaises(AccessError):
                door()

    def test_school_b_reads_no_filing_of_school_a(self):
        """School B neither counts, reads nor prints school A's filing or its summary, nor computes its counts."""
        self.file("a", self.school_a)
        user_b = self.users["b", "caseworker"]
        Submission = self.env["student.report.submission"].with_user(user_b)
        self.assertEqual(Submission.search_count([("company_id", "=", self.school_a.id)]), 0)
        for submission in (self.filing_sub[self.school_a], self.annual_sub[self.school_a]):
            with self.subTest(table=submission.kind), self.assertRaises(AccessError):
                submission.with_user(user_b).read(["register", "summary"])
        with self.assertRaises(AccessError):
            self.render_xlsx("report_round_xlsx", self.filing_sub[self.school_a], user_b)
        with self.assertRaises(AccessError):
            self.env["student.report.figures"].with_user(user_b)._filing_figures(self.school_a, YEAR, TERM)
