import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_county_filing import FilingCommon


@tagged("post_install", "-at_install")
class TestHostileReporting(FilingCommon):
    """Attacks on today's reporting rounds, workbooks and printed records, as a county officer, a mentor, a
    school's caseworker: each is refused or shows nothing it should not."""

    def test_county_officer_posing_as_a_school_gets_the_county_table(self):
        """A county officer whose default company is a school still gets the county's table: names masked."""
        self.sub[self.school_a].with_user(self.users["a", "caseworker"]).action_submit()
        self.file("a", self.school_a)
        officer = self.county_officer
        officer.with_user(officer).write({"company_id": self.school_a.id})  # a user may pick his own company
        self.assertEqual(officer.company_id, self.school_a)
        workbook = self.render_xlsx("report_round_xlsx", self.sub[self.school_a], officer)
        text = str([self.cells(sheet) for sheet in workbook.worksheets])
        self.assertNotIn(self.student_a2.name, text)  # a key-support case: masked in any county output
        self.assertIn("附件2 汇总表", workbook.sheetnames)
        register = self.render_xlsx("report_round_xlsx", self.filing_sub[self.school_a], officer)
        self.assertIn("区县教育局名称", str(self.cells(register["备案名册"])))

    def test_submission_dates_only_set_by_submitting(self):
        """Nobody backdates a submission or names another submitter: submitted on and by are refused on write."""
        submission = self.filing_sub[self.school_a]
        self.file("a", self.school_a)
        for user in (self.users["a", "caseworker"], self.users["a", "school_admin"], self.county_officer):
            for vals in ({"submitted_date": datetime.datetime(2026, 12, 1)},
                         {"submitted_by": self.users["b", "caseworker"].id}):
                with self.subTest(user=user.login, vals=list(vals)), self.assertRaises(UserError):
                    submission.with_user(user).write(vals)

    def test_county_writes_no_school_text_nor_a_school_the_county_reasons(self):
        """The county writes no section of a school's summary; a school writes no reason of the county's round."""
        summary = self.annual_sub[self.school_a].with_user(self.county_officer)
        with self.assertRaises(AccessError):
            summary.write({"summary_work": "<p>县里代写</p>"})
        with self.assertRaises(AccessError):
            self.round.with_user(self.users["a", "school_admin"]).write({"coverage_reason": "学校代写"})

    def test_case_review_record_is_not_for_the_mentor_or_county(self):
        """The case's mentor and the county officer cannot print its collective review record."""
        Report = self.env["ir.actions.report"]
        for user in (self.users["a", "mentor"], self.county_officer):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Report.with_user(user)._render_qweb_html("student_support_reports.report_case_review", self.case.ids)

    def test_grant_templates_refuse_the_new_protected_fields(self):
        """A school admin's template on grants neither filters nor groups on a loan contract, a subsidy's reason,
        the lender typed in or the approving admin."""
        admin = self.users["a", "school_admin"]
        refused = [
            {"domain": "[('contract_number', '=', 'HT-7788123')]"},
            {"domain": "[('emergency_reason', 'ilike', '重病')]"},
            {"domain": "[('student_id.grant_ids.contract_number', 'ilike', 'HT')]", "res_model": "student.case"},
            {"row_field_id": "contract_number"},
            {"row_field_id": "lender"},
            {"row_field_id": "approved_by_id"},
        ]
        for values in refused:
            with self.subTest(values=values), self.assertRaises(UserError):
                self.make(admin, **{"res_model": "student.aid.grant", **values})
