import re

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_official_reports import TERM, YEAR, ReportsCommon


class FilingCommon(ReportsCommon):
    """A key-support case in each school (school B's exited in the term), a filing round and an annual
    work summary round opened by the county."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["student.service.category"]
        cls.need_a = Category.search([("company_id", "in", (False, cls.school_a.id))], limit=1)
        cls.need_b = Category.search([("company_id", "in", (False, cls.school_b.id))], limit=1)
        cls.case.need_category_ids = cls.need_a
        cls.student_a2.register_number = "G" + cls.student_a2.national_id
        cls.case_b = cls.env["student.case"].with_user(cls.users["b", "caseworker"]).create({
            "student_id": cls.student_b1.id, "company_id": cls.school_b.id, "applicant_role": "teacher",
            "mentor_id": cls.users["b", "mentor"].id, "description": "学业严重落后",
            "need_category_ids": cls.need_b.ids})
        cls.case_b._workflow_write_protected({"confirmed_date": "2026-09-15", "exit_date": "2026-11-20",
                                              "exit_reason": "达到正常发展水平"})
        Period = cls.env["student.report.period"].with_user(cls.county_officer)
        cls.filing = Period.create({"company_id": cls.county.id, "kind": "filing", "school_year": YEAR, "term": TERM})
        cls.filing_sub = {s.company_id: s for s in cls.filing.submission_ids}
        cls.annual = Period.create({"company_id": cls.county.id, "kind": "annual_summary", "school_year": YEAR,
                                    "term": "autumn"})
        cls.annual_sub = {s.company_id: s for s in cls.annual.submission_ids}

    def file(self, key, school):
        self.filing_sub[school].with_user(self.users[key, "caseworker"]).action_submit()

    def personal_values(self):
        """Every value that would tell the county who a student is: names, ID and register numbers, the
        growth archive's code, classes and mentors."""
        values = []
        for student in self.students.sudo():
            values += [student.name, student.national_id, student.national_id_masked, student._archive_code()]
            values += [v for v in (student.register_number, student.register_number_masked) if v]
        values += [self.users[key, "mentor"].name for key in ("a", "b")]
        return values


@tagged("post_install", "-at_install")
class TestKeySupportFiling(FilingCommon):
    """Schools file their confirmed key-support cases with the county (备案): counts and an anonymised register,
    snapshotted on submission; the case says it was filed."""

    def test_filing_snapshots_counts_and_register(self):
        """A school's filing counts its cases of the term and files a register row per case, locked on submit."""
        self.assertEqual(str(self.filing.deadline), "2026-12-15")
        submission = self.filing_sub[self.school_a].with_user(self.users["a", "caseworker"])
        self.assertIn(self.case.name, submission.register_html)  # the school reviews what it files
        self.file("a", self.school_a)
        self.assertEqual(submission.state, "submitted")
        self.assertEqual((submission.figures["filed_cases"], submission.figures["filed_new"],
                          submission.figures["filed_exited"]), (1, 1, 0))
        self.assertEqual(submission.register, [[
            self.case.name, "School A", self.need_a.with_context(lang="zh_CN").name, "申请",
            fields.Date.to_string(self.case.create_date.date()), "2026-10-08", "", "帮扶中"]])
        # the register is a snapshot: a case confirmed later is not in it, and only the buttons change it
        late = self.env["student.case"].create({"student_id": self.student_a1.id, "company_id": self.school_a.id,
                                                "mentor_id": self.users["a", "mentor"].id})
        late._workflow_write_protected({"confirmed_date": "2026-11-02"})
        self.assertEqual(len(submission._get_register()), 1)
        with self.assertRaises(UserError):
            submission.write({"register": []})
        self.file("b", self.school_b)
        b = self.filing_sub[self.school_b]
        self.assertEqual((b.figures["filed_cases"], b.figures["filed_exited"]), (1, 1))
        self.assertEqual(b.register[0][6:], ["2026-11-20", "已退出"])
        # the filing counts what the statistics table counts as 重点帮扶对象数
        stats = self.env["student.report.figures"]._statistics_figures(self.school_a | self.school_b, YEAR, TERM)
        self.assertEqual(stats[self.school_b.id]["cases"], b.figures["filed_cases"])

    def test_case_says_it_was_filed(self):
        """A filed case shows the round and the day to the school; a returned filing clears it until filed again."""
        self.file("a", self.school_a)
        case = self.case.with_user(self.users["a", "caseworker"])
        self.assertEqual((case.filed_round, case.filed_date),
                         (self.filing_sub[self.school_a].name, fields.Date.context_today(case)))
        self.assertIn(self.filing.name, str(case.message_ids.mapped("body")))
        with self.assertRaises(UserError):
            case.write({"filed_date": "2026-01-01"})
        self.assertFalse(self.case_b.filed_round)  # school B has not filed
        self.filing_sub[self.school_a].with_user(self.county_officer).action_return("请补充成长困境")
        self.assertEqual((case.filed_round, self.filing_sub[self.school_a].register), (False, False))
        self.file("a", self.school_a)
        self.assertTrue(case.filed_date)

    def test_county_workbook_counts_and_register(self):
        """The county's workbook: counts per school and their total, then the filed register; no personal value."""
        self.file("a", self.school_a)
        self.file("b", self.school_b)
        workbook = self.render_xlsx("report_round_xlsx", self.filing.submission_ids, self.county_officer)
        counts = self.cells(workbook["备案汇总表"])
        self.assertEqual(counts[0][0], "重点帮扶对象备案汇总表")
        headers = counts[3]
        rows = {row[0]: dict(zip(headers, row, strict=True)) for row in counts[4:7]}
        self.assertEqual([rows[name]["在册重点帮扶对象数"] for name in ("School A", "School B", "合计")], [1, 1, 2])
        self.assertEqual(rows["合计"]["本学期退出人数"], 1)
        register = self.cells(workbook["备案名册"])
        self.assertEqual(register[3][:3], ("序号", "档案编号", "学校"))
        self.assertEqual(sorted((row[1], row[2]) for row in register[4:6]),
                         sorted([(self.case.name, "School A"), (self.case_b.name, "School B")]))
        text = str([self.cells(sheet) for sheet in workbook.worksheets])
        for value in self.personal_values():
            self.assertNotIn(value, text)

    def test_archive_code_carries_no_personal_data(self):
        """The register's code is the case reference, never the register or ID number, archive code or student id."""
        self.file("a", self.school_a)
        code = self.filing_sub[self.school_a].register[0][0]
        student = self.student_a2.sudo()
        self.assertEqual(code, self.case.name)
        self.assertRegex(code, r"^ZD\d{4}-\d{4}$")
        self.assertEqual(self.env.ref("student_support.seq_student_case").prefix, "ZD%(year)s-")
        for value in (student.register_number, student.national_id, student._archive_code()):
            self.assertNotIn(code, value)
            self.assertNotIn(value, code)
        self.assertNotEqual(re.sub(r"\D", "", code)[-4:].lstrip("0"), str(student.id))


@tagged("post_install", "-at_install")
class TestAnnualSummary(FilingCommon):
    """Seed 002's annual work summary (年度工作总结): the school writes it, the year's figures are attached, the
    county reads it once submitted and accepts or returns it; a PDF."""

    def test_deadline_is_15_december(self):
        """The annual summary is due on 15 December, and opens for the autumn term only."""
        self.assertEqual(str(self.annual.deadline), "2026-12-15")
        with self.assertRaises(ValidationError):
            self.env["student.report.period"].with_user(self.county_officer).create(
                {"company_id": self.county.id, "kind": "annual_summary", "school_year": YEAR, "term": "spring"})

    def test_text_sanitised_and_locked_after_submit(self):
        """The school's text is sanitised, snapshotted on submit and refused on write until the county returns it."""
        submission = self.annual_sub[self.school_a].with_user(self.users["a", "caseworker"])
        submission.write({"summary_work": "<p>结对帮扶</p><script>alert(1)</script>",
                          "summary_plans": "<p>家校协同</p>"})
        self.assertNotIn("<script", submission.summary_work)
        submission.action_submit()
        self.assertIn("结对帮扶", submission.summary["summary_work"])
        self.assertEqual(submission.figures["autumn_cases"], 1)  # the year's figures: both terms of 2026
        self.assertIn("spring_total", submission.figures)
        for vals in ({"summary_work": "<p>改过的</p>"}, {"summary_plans": False}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                submission.write(vals)
        with self.assertRaises(UserError):
            self.filing_sub[self.school_a].with_user(self.users["a", "caseworker"]).write({"summary_work": "<p>x</p>"})
        self.annual_sub[self.school_a].with_user(self.county_officer).action_return("请补充典型经验")
        submission.write({"summary_examples": "<p>心愿单</p>"})
        self.assertFalse(submission.summary)

    def test_county_reads_the_summary_once_submitted(self):
        """The county reads no draft; once submitted it reads the text, prints it and accepts; school B never."""
        draft = self.annual_sub[self.school_a]
        draft.with_user(self.users["a", "caseworker"]).write({"summary_work": "<p>草稿内容</p>"})
        county = draft.with_user(self.county_officer)
        with self.assertRaises(AccessError):
            county.read(["summary_work"])
        self.assertNotIn("草稿内容", county.summary_html)
        Report = self.env["ir.actions.report"]
        html = Report.with_user(self.county_officer)._render_qweb_html(
            "student_support_reports.report_annual_summary", draft.ids)[0].decode()
        self.assertNotIn("草稿内容", html)
        self.assertIn("学校尚未报送年度工作总结", html)
        own = Report.with_user(self.users["a", "caseworker"])._render_qweb_html(
            "student_support_reports.report_annual_summary", draft.ids)[0].decode()
        self.assertIn("草稿内容", own)
        draft.with_user(self.users["a", "caseworker"]).action_submit()
        self.env.invalidate_all()
        self.assertIn("草稿内容", county.summary_html)
        html = Report.with_user(self.county_officer)._render_qweb_html(
            "student_support_reports.report_annual_summary", draft.ids)[0].decode()
        for text in ("困境学生教育助学关爱服务年度工作总结", "一、工作开展情况", "五、下一步工作计划", "草稿内容",
                     "重点帮扶对象数", "2026年秋季学期"):
            self.assertIn(text, html)
        self.assertEqual(county.action_print()["report_name"], "student_support_reports.report_annual_summary")
        county.action_accept()
        user_b = self.users["b", "caseworker"]
        with self.assertRaises(AccessError):
            draft.with_user(user_b).read(["summary"])
        with self.assertRaises(AccessError):
            Report.with_user(user_b)._render_qweb_html("student_support_reports.report_annual_summary", draft.ids)

    def test_forms_open_for_every_role(self):
        """Filing and summary forms open for the caseworker and the county; the filed case for caseworker and mentor."""
        self.file("a", self.school_a)
        users = [self.users["a", "caseworker"], self.county_officer]
        self.assert_form_opens(self.filing_sub[self.school_a], users)
        self.assert_form_opens(self.annual_sub[self.school_a], users)
        self.assert_form_opens(self.case, [self.users["a", "caseworker"], self.users["a", "mentor"]])
