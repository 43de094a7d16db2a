import datetime

from odoo.tests import tagged

from .common import StudentSupportCommon, make_national_id

FIELDS = ["name", "national_id", "register_number", "household_registration"]
OPTIONS = {"has_headers": True, "separator": ",", "quoting": '"', "encoding": "utf-8"}


@tagged("post_install", "-at_install")
class TestStudentImport(StudentSupportCommon):
    def _import(self, user, rows):
        lines = ["name,national_id,register_number,household_registration"]
        lines += [",".join(row) for row in rows]
        wizard = self.env["base_import.import"].with_user(user).create(
            {"res_model": "student.student", "file": "\n".join(lines).encode(), "file_type": "text/csv",
             "file_name": "students.csv"}
        )
        return wizard.execute_import(FIELDS, FIELDS, dict(OPTIONS))

    def test_valid_file_imports_every_row_into_own_school(self):
        """A valid file creates every student in the importing user's school."""
        rows = [
            [f"学生{i}", make_national_id(datetime.date(2015, 1, 1 + i), 500 + i), f"G{i:05d}", "rural"]
            for i in range(5)
        ]
        result = self._import(self.users["a", "caseworker"], rows)
        self.assertFalse([m for m in result["messages"] if m["type"] == "error"], result["messages"])
        students = self.env["student.student"].browse(result["ids"])
        self.assertEqual(len(students), 5)
        self.assertEqual(students.company_id, self.school_a)
        self.assertEqual(students[0].birth_date, datetime.date(2015, 1, 1))

    def test_bad_id_numbers_are_reported_by_row_and_nothing_is_written(self):
        """Every invalid or duplicate ID number is reported with its row and number, and no row is written."""
        good = make_national_id(datetime.date(2015, 2, 1), 601)
        bad_digit = good[:-1] + ("0" if good[-1] != "0" else "1")
        rows = [
            ["甲", good, "G1", "urban"],
            ["乙", bad_digit, "G2", "urban"],  # file row 3 (header is row 1)
            ["丙", "1234", "G3", "rural"],  # file row 4
            ["丁", self.student_b1.national_id, "G4", "rural"],  # duplicate in the county, file row 5
        ]
        result = self._import(self.users["a", "caseworker"], rows)
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertFalse(result["ids"])
        # rows are 0-based data rows; Odoo's load() also repeats a batch's first
        # error at the batch's first row, so match each message to its student.
        rows_of = {
            name: {m["rows"]["from"] for m in errors if m["message"].startswith(f"Student {name}:")}
            for name in ("甲", "乙", "丙", "丁")
        }
        self.assertFalse(rows_of["甲"], errors)
        self.assertEqual(rows_of["乙"], {1})
        self.assertEqual(rows_of["丙"], {2})
        self.assertIn(3, rows_of["丁"])
        messages = {m["rows"]["from"]: m["message"] for m in errors if m["rows"]["from"] > 0}
        self.assertIn(bad_digit, messages[1])
        self.assertIn("1234", messages[2])
        self.assertIn("already registered", messages[3])
        self.assertFalse(self.env["student.student"].search([("name", "in", ["甲", "乙", "丙", "丁"])]))

    def test_class_teacher_cannot_import_students(self):
        """Only staff who may create students can import them."""
        result = self._import(self.users["a", "class_teacher"], [["戊", "", "G9", "urban"]])
        self.assertFalse(result["ids"])
        self.assertTrue([m for m in result["messages"] if m["type"] == "error"])
