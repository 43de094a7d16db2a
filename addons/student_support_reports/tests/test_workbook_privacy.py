from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_county_filing import FilingCommon
from .test_official_reports import ReportsCommon


@tagged("post_install", "-at_install")
class TestWorkbookStaysInTheSchool(ReportsCommon):
    """A school's workbook lists its own students only, whatever its screening's lines were made to say."""

    def own_list(self):
        workbook = self.render_xlsx("report_round_xlsx", self.sub[self.school_a], self.users["a", "caseworker"])
        rows = self.cells(workbook["附件2 汇总表"])[11:]  # school A is primary: its part of Annex 2
        return [row for row in rows if isinstance(row[0], int)]  # the list's numbered rows, before the notes

    def test_caseworkers_workbook_shows_no_other_schools_student(self):
        """School A's unaided list names school A's students only, even with a finding forced onto school B's."""
        screening = self.screenings["a"]
        with self.assertRaises(UserError):
            self.env["student.screening.line"].with_user(self.users["a", "caseworker"]).create(
                {"screening_id": screening.id, "student_id": self.student_b1.id, "finding": "identified_unaided"})
        before = self.own_list()
        self.assertEqual([(row[1], row[3]) for row in before], [(self.student_a2.name, "School A")])
        # a row saved before the company check existed, written past the ORM
        self.env.cr.execute(
            "INSERT INTO student_screening_line (screening_id, company_id, student_id, finding)"
            " VALUES (%s, %s, %s, 'identified_unaided')", [screening.id, self.school_a.id, self.student_b1.id])
        self.env.invalidate_all()
        after = self.own_list()
        self.assertEqual(after, before)
        self.assertNotIn(self.student_b1.name, str(after))
        self.assertNotIn(self.student_b1.national_id_masked, str(after))


@tagged("post_install", "-at_install")
class TestFilingWorkbookNamesNobody(FilingCommon):
    """The filing's workbooks, the school's own and the county's, hold no name, number or code of a student."""

    def test_no_cell_names_a_student(self):
        """No cell of the filing workbooks names, numbers or codes a student or a mentor; the county's lists filings."""
        caseworker = self.users["a", "caseworker"]
        books = {"own, before filing": self.render_xlsx("report_round_xlsx", self.filing_sub[self.school_a],
                                                        caseworker),
                 "county, before filing": self.render_xlsx("report_round_xlsx", self.filing.submission_ids,
                                                           self.county_officer)}
        self.assertEqual([row[1] for row in self.cells(books["own, before filing"]["备案名册"])[4:]
                          if isinstance(row[0], int)],
                         [self.case.name])  # the school reviews its rows
        self.assertFalse([row for row in self.cells(books["county, before filing"]["备案名册"])[4:]
                          if isinstance(row[0], int)])
        self.file("a", self.school_a)
        books["county, A filed"] = self.render_xlsx("report_round_xlsx", self.filing.submission_ids,
                                                    self.county_officer)
        register = self.cells(books["county, A filed"]["备案名册"])
        self.assertEqual([row[1] for row in register[4:] if isinstance(row[0], int)], [self.case.name])
        for label, workbook in books.items():
            text = str([self.cells(sheet) for sheet in workbook.worksheets])
            for value in self.personal_values():
                with self.subTest(workbook=label, value=value):
                    self.assertNotIn(value, text)
