import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_county_filing import FilingCommon
from .test_screening_annexes import ScreeningCommon


@tagged("post_install", "-at_install")
class TestHostileReporting(FilingCommon):
    """Attacks on today's reporting rounds, workbooks and printed records, as a county officer, a mentor, a
    school's caseworker: each is refused or shows nothing it should not."""

    def test_county_officer_posing_as_a_school_gets_the_county_table(self):
        """A county officer whose default company is a school still gets the county's table: submitted screenings
        only, the county's register sheet."""
        self.file("a", self.school_a)
        self.screenings["a"].with_user(self.county_officer).action_return("请核对")  # school A's is a draft again
        officer = self.county_officer
        officer.with_user(officer).write({"company_id": self.school_a.id})  # a user may pick his own company
        self.assertEqual(officer.company_id, self.school_a)
        workbook = self.render_xlsx("report_round_xlsx", self.sub[self.school_a], officer)
        self.assertEqual(workbook.sheetnames[0], "附件2 汇总表")
        text = str([self.cells(sheet) for sheet in workbook.worksheets])
        for student in (self.student_a1, self.student_a2):  # on school A's draft screening
            self.assertNotIn(student.name, text)
        register = self.render_xlsx("report_round_xlsx", self.filing_sub[self.school_a], officer)
        self.assertIn("区县教育局名称", str(self.cells(register["备案名册"])))

    def test_county_cannot_tell_key_support_students_in_the_unaided_list(self):
        """The county's unaided list prints a key-support student like any other: the county reads the screening
        lines' names, so a mark on one row (a masked name, a note) would tell who is a key-support case."""
        for key, school in (("a", self.school_a), ("b", self.school_b)):
            self.sub[school].with_user(self.users[key, "caseworker"]).action_submit()
        officer = self.county_officer
        workbook = self.render_xlsx("report_round_xlsx", self.round.submission_ids, officer)
        rows = [row for row in self.cells(workbook["附件2 汇总表"]) if isinstance(row[0], int)]
        names = {line.student_id.name for line in self.env["student.screening.line"].with_user(officer).search(
            [("screening_id", "in", [s.id for s in self.screenings.values()])])}
        self.assertIn(self.student_a2.name, names)  # the county reads the lines it counts
        self.assertNotIn("重点帮扶", str(rows))
        self.assertTrue(rows)
        for row in rows:
            with self.subTest(row=row[0]):
                self.assertIn(row[1], names)  # every name as on the lines: none masked apart
                self.assertIn("*", row[2])  # every ID number masked alike

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


@tagged("post_install", "-at_install")
class TestHostileAnnex2(ScreeningCommon):
    """Attacks on the county's Annex 2 and 各校明细 through the new question of compulsory-stage schools."""

    def test_county_detail_prints_no_draft_reasons(self):
        """A school's screening back in draft (returned) keeps its reasons and measures from the county, which
        reads submitted screenings only: its 各校明细 row prints none of its drafting, and neither does Annex 2."""
        draft = self.reopen("b")
        draft.coverage_reason = "草稿：校内讨论中的原因"
        with self.assertRaises(AccessError):
            draft.with_user(self.county_officer).read(["coverage_reason"])
        workbook, _sheet, _cells = self.annex(self.round.submission_ids, self.county_officer, "附件2 汇总表")
        texts = [str(value) for sheet in workbook for row in self.cells(sheet) for value in row if value]
        self.assertFalse([text for text in texts if "草稿" in text])
        detail = self.cells(workbook["各校明细"])
        rows = {row[0]: dict(zip(detail[3], row, strict=True)) for row in detail[4:7]}
        self.assertFalse(rows["School B"]["具体原因及整改措施"])
        self.assertEqual(rows["School A"]["具体原因及整改措施"], "School A：名额不足，已追加申请")  # submitted
        # the school's own part of Annex 2 prints its draft, to itself
        _workbook, _sheet, own = self.annex(self.sub[self.school_b], self.users["b", "caseworker"], "附件2 汇总表")
        self.assertIn("草稿：校内讨论中的原因", [row[9] for row in own])
