import io

import openpyxl
import xlsxwriter

from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase, tagged

from ..models.report_xlsx import merge_cell, sheet_name, write_cell
from .test_official_reports import TERM, YEAR, ReportsCommon

PAYLOADS = ("=1+1", "+1+1", "-1+1", "@SUM(1)")


def text_cells(workbook):
    """{value: data types} of every non-empty cell of the workbook."""
    found = {}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    found.setdefault(cell.value, set()).add(cell.data_type)
    return found


@tagged("post_install", "-at_install")
class TestXlsxCells(BaseCase):
    """The one writer of our workbooks' cells."""

    def test_writer_keeps_text_text_and_numbers_numbers(self):
        """A text starting with = + - @ is written as text, not a formula; numbers stay numbers."""
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer)  # default options: write() would make "=..." a formula
        sheet = workbook.add_worksheet(sheet_name("a/b:c[d]*?'"))
        for col, payload in enumerate(PAYLOADS):
            write_cell(sheet, 0, col, payload)
        merge_cell(sheet, 1, 0, 1, 2, "=HYPERLINK(\"http://example.com\")")
        write_cell(sheet, 2, 0, 3)
        write_cell(sheet, 2, 1, 2.5)
        write_cell(sheet, 2, 2, "")
        write_cell(sheet, 2, 3, "http://example.com")
        workbook.close()
        sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
        self.assertEqual(sheet.title, "a_b_c_d___")
        self.assertEqual([(c.value, c.data_type) for c in sheet[1]], [(p, "s") for p in PAYLOADS])
        self.assertEqual((sheet["A2"].value, sheet["A2"].data_type), ("=HYPERLINK(\"http://example.com\")", "s"))
        self.assertEqual([(c.value, c.data_type) for c in sheet[3]],
                         [(3, "n"), (2.5, "n"), (None, "n"), ("http://example.com", "s")])
        self.assertIsNone(sheet["D3"].hyperlink)


@tagged("post_install", "-at_install")
class TestWorkbooksEscapeFormulas(ReportsCommon):
    """Values the schools typed reach every workbook as text: none becomes a formula."""

    def type_values(self, payload):
        """School names, student and mentor names, the screenings' reasons and measures, a mentor's letter
        number: each starts with ``payload``. The screenings go back to the schools and are submitted again."""
        for key, school in (("a", self.school_a), ("b", self.school_b)):
            school.name = f"{payload}学校{key}"
        self.student_a2.name = f"{payload}李小红"  # key-support case
        self.student_b1.name = f"{payload}张伟"
        self.users["a", "mentor"].name = f"{payload}导师"
        self.mentor_roster.filtered(lambda m: m.company_id == self.school_a).letter_number = f"{payload}001"
        for key, screening in self.screenings.items():
            caseworker = self.users[key, "caseworker"]
            if screening.state == "submitted":
                screening.with_user(self.county_officer).action_return("请核对")
            screening.line_ids.with_user(caseworker).write(
                {"reason": f"{payload}名额不足", "measure": f"{payload}追加资助"})
            screening.with_user(caseworker).action_submit()

    def assert_text(self, workbook, *values):
        cells = text_cells(workbook)
        self.assertFalse({value for value, types in cells.items() if "f" in types})  # no formula at all
        for value in values:
            self.assertEqual(cells.get(value), {"s"}, value)

    def test_every_workbook_writes_typed_values_as_text(self):
        """School table, county workbook, statistics table, key-support and mentor rosters, report template:
        values starting with = + - @ read back as the same text."""
        caseworker, admin = self.users["a", "caseworker"], self.users["a", "school_admin"]
        stats = self.env["student.report.period"].with_user(self.county_officer).create(
            {"company_id": self.county.id, "kind": "statistics", "school_year": YEAR, "term": TERM})
        for payload in PAYLOADS:
            with self.subTest(payload=payload):
                self.type_values(payload)
                reason, measure = f"{payload}名额不足", f"{payload}追加资助（2026-12-31前）"
                school_a, school_b = f"{payload}学校a", f"{payload}学校b"
                own = self.render_xlsx("report_round_xlsx", self.sub[self.school_a], caseworker)
                self.assert_text(own, f"{payload}李小红", reason, measure, school_a)
                county = self.render_xlsx("report_round_xlsx", self.round.submission_ids, self.county_officer)
                # a2 is a key-support case: printed as any other (test_hostile_today)
                self.assert_text(county, f"{payload}张伟", f"{payload}李小红", reason, measure, school_a, school_b)
                self.assert_text(self.render_xlsx("report_round_xlsx", stats.submission_ids, self.county_officer),
                                 school_a, school_b)
                cases = self.env["student.case"].with_user(caseworker).search([])
                self.assert_text(self.render_xlsx("key_support_roster_xlsx", cases, caseworker),
                                 f"{payload}李小红", f"{payload}导师")
                mentors = self.mentor_roster.filtered(lambda m: m.company_id == self.school_a)
                self.assert_text(self.render_xlsx("mentor_roster_xlsx", mentors, admin),
                                 f"{payload}导师", f"{payload}001", school_a)
                template = self.env["student.report.template"].with_user(admin).create({
                    "name": f"{payload}报表", "company_id": self.school_a.id, "res_model": "student.case",
                    "row_field_id": self.env["ir.model.fields"]._get("student.case", "company_id").id})
                workbook = self.render_xlsx("report_template_xlsx", template, admin)
                self.assert_text(workbook, f"{payload}报表", school_a)
                self.assertEqual(workbook.sheetnames, [f"{payload}报表"])

    def test_template_name_makes_a_valid_sheet_name(self):
        """A template name with characters Excel refuses in a sheet name still prints, its title unchanged."""
        admin = self.users["a", "school_admin"]
        template = self.env["student.report.template"].with_user(admin).create(
            {"name": "各校/各年级:统计[1]", "company_id": self.school_a.id, "res_model": "student.case"})
        workbook = self.render_xlsx("report_template_xlsx", template, admin)
        self.assertEqual(workbook.sheetnames, ["各校_各年级_统计_1_"])
        self.assertEqual(workbook.active["A1"].value, "各校/各年级:统计[1]")


@tagged("post_install", "-at_install")
class TestSubmittedTables(ReportsCommon):
    """A submitted table is reopened by the county's return only, and its screening goes with it."""

    def test_school_cannot_reopen_a_submitted_table(self):
        """Neither the caseworker nor the school admin reopens, resubmits or rewrites a submitted table."""
        submission = self.sub[self.school_a]
        submission.with_user(self.users["a", "caseworker"]).action_submit()
        figures = submission.figures
        for user in (self.users["a", "caseworker"], self.users["a", "school_admin"]):
            mine = submission.with_user(user)
            refused = {
                "status": (lambda mine=mine: mine.write({"state": "returned"}), "only through its buttons"),
                "figures": (lambda mine=mine: mine.write({"figures": {"total": 0}}), "only through its buttons"),
                "submit again": (mine.action_submit, "has already submitted"),
                "return": (lambda mine=mine: mine.action_return("自己退回"), "Only the county's officers"),
                "accept": (mine.action_accept, "Only the county's officers"),
                "comment": (lambda mine=mine: mine.write({"county_comment": "自己写的意见"}), "Only the county"),
            }
            for what, (action, message) in refused.items():
                with self.subTest(user=user.login, what=what), self.assertRaisesRegex(UserError, message):
                    action()
        with self.assertRaises(AccessError):
            submission.with_user(self.users["b", "caseworker"]).action_submit()
        self.env.invalidate_all()
        self.assertEqual((submission.state, submission.figures), ("submitted", figures))

    def test_returning_the_table_returns_its_screening(self):
        """The county returns school A's screening table: the screening goes back to the school with the same
        reason, both chatters keep it as a decision, and school B's are untouched."""
        for key, school in (("a", self.school_a), ("b", self.school_b)):
            self.sub[school].with_user(self.users[key, "caseworker"]).action_submit()
        self.sub[self.school_a].with_user(self.county_officer).action_return("孤儿人数与民政数据不符")
        screening = self.screenings["a"]
        self.assertEqual((self.sub[self.school_a].state, screening.state, screening.county_comment),
                         ("returned", "draft", "孤儿人数与民政数据不符"))
        for record in (self.sub[self.school_a], screening):
            self.assertIn("孤儿人数与民政数据不符", str(record.message_ids.filtered("is_decision").mapped("body")))
        self.assertEqual((self.sub[self.school_b].state, self.screenings["b"].state), ("submitted", "submitted"))
        caseworker = self.users["a", "caseworker"]
        screening.line_ids.with_user(caseworker).write({"reason": "已核对"})
        with self.assertRaisesRegex(UserError, "Submit the semester screening"):
            self.sub[self.school_a].with_user(caseworker).action_submit()
        screening.with_user(caseworker).action_submit()
        self.sub[self.school_a].with_user(caseworker).action_submit()
        self.assertEqual(self.sub[self.school_a].state, "submitted")

    def test_returning_the_screening_returns_its_table(self):
        """The county returns a screening whose table is submitted: the table goes back to the school too."""
        self.sub[self.school_a].with_user(self.users["a", "caseworker"]).action_submit()
        self.screenings["a"].with_user(self.county_officer).action_return("请补充解决措施")
        self.assertEqual((self.screenings["a"].state, self.sub[self.school_a].state), ("draft", "returned"))
        self.assertEqual(self.sub[self.school_a].county_comment, "请补充解决措施")
        self.assertFalse(self.sub[self.school_a].figures)

    def test_accepted_table_keeps_its_screening(self):
        """Once the county accepts a screening table (a decision message), its screening cannot be returned."""
        submission = self.sub[self.school_a]
        submission.with_user(self.users["a", "caseworker"]).action_submit()
        submission.with_user(self.county_officer).action_accept()
        self.assertIn("Accepted by the county", str(submission.message_ids.filtered("is_decision").body))
        with self.assertRaisesRegex(UserError, "has accepted"):
            self.screenings["a"].with_user(self.county_officer).action_return("再看看")
        with self.assertRaisesRegex(UserError, "has not submitted"):
            submission.with_user(self.county_officer).action_return("再看看")
        self.assertEqual((self.screenings["a"].state, submission.state), ("submitted", "accepted"))
