import base64
import datetime
import io
import pathlib

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase, tagged
from odoo.tools import SQL

from ..models import entitlement_file
from .common import StudentSupportCommon, make_national_id


@tagged("post_install", "-at_install")
class TestEntitlementFile(BaseCase):
    """Reading the county's and province's lists."""

    def test_encodings_and_columns(self):
        """UTF-8 (with BOM) and GBK files read the same; the columns are found by their header."""
        text = "序号,身份证号码,困难类型\n1,110101201001011234,孤儿、残疾\n"
        for data in (text.encode("utf-8-sig"), text.encode("gbk"), text.encode("utf-8")):
            rows = entitlement_file.read_rows(data, "list.csv")
            self.assertEqual(rows[1][2], "孤儿、残疾")
            self.assertEqual(entitlement_file.find_columns(rows[0]), (1, 2))
        self.assertEqual(entitlement_file.split_categories("孤儿、残疾; orphan"), ["孤儿", "残疾", "orphan"])
        with self.assertRaises(ValueError):
            entitlement_file.decode(b"\xff\xfe\xfa")


@tagged("post_install", "-at_install")
class TestEntitlementImport(StudentSupportCommon):
    """Auto-entitlement (免申即享): matched students get categories and a proposed identification."""

    def setUp(self):
        super().setUp()
        self.cw = self.users["a", "caseworker"]
        self.unknown_id = make_national_id(datetime.date(2011, 4, 4), 555)
        bad_checksum = self.student_a2.sudo().national_id[:-1] + ("0" if self.student_a2.sudo().national_id[-1] != "0"
                                                                  else "1")
        self.rows = [
            ("身份证号码", "困难类型"),
            (self.student_a1.sudo().national_id, "orphan"),       # 2: matched, by code
            (self.student_a2.sudo().national_id.lower(), "孤儿、残疾学生"),  # 3: matched, by names
            (bad_checksum, "orphan"),                               # 4: invalid ID
            ("12345", "orphan"),                                    # 5: invalid ID
            (self.student_a1.sudo().national_id, "orphan"),       # 6: repeated
            (self.student_a1.sudo().national_id, "外星人"),        # 7: unknown category
            (self.unknown_id, "orphan"),                            # 8: no such student
            (self.student_b1.sudo().national_id, "orphan"),       # 9: another school's student
        ]

    def csv_bytes(self, encoding):
        return "\n".join(",".join(row) for row in self.rows).encode(encoding)

    def run_import(self, data, filename="名单.csv", user=None):
        batch = self.env["student.entitlement.batch"].with_user(user or self.cw).create(
            {"file": base64.b64encode(data), "filename": filename, "school_year": "2026-2027"})
        batch.action_import()
        return batch

    def test_gbk_list_reports_every_row(self):
        """A GBK list: matched students are updated, every other row reported with its reason, nothing valid lost."""
        batch = self.run_import(self.csv_bytes("gbk"))
        result = {line.row: (line.state, line.message or "") for line in batch.line_ids}
        self.assertEqual({row: state for row, (state, _msg) in result.items()},
                         {2: "updated", 3: "updated", 4: "invalid", 5: "invalid", 6: "duplicate", 7: "invalid",
                          8: "unmatched", 9: "unmatched"})
        self.assertIn("check digit", result[4][1])
        self.assertIn("18 characters", result[5][1])
        self.assertIn("row 2", result[6][1])
        self.assertIn("外星人", result[7][1])
        orphan = self.env["student.hardship.category"].search([("code", "=", "orphan")])
        disabled = self.env["student.hardship.category"].search([("code", "=", "disabled")])
        self.assertIn(orphan, self.student_a1.hardship_category_ids)
        self.assertEqual(self.student_a2.hardship_category_ids, orphan | disabled)
        self.assertNotIn(orphan, self.student_b1.hardship_category_ids)
        proposed = self.env["student.identification"].search([("student_id", "in", self.students.ids)])
        self.assertEqual(proposed.student_id, self.student_a1 | self.student_a2)
        self.assertEqual(set(proposed.mapped("origin")), {"auto"})
        self.assertEqual(proposed.mapped("school_year"), ["2026-2027"] * 2)
        self.assertFalse(proposed.activity_ids)  # one summary on the list, not a to-do per student
        summary = batch.message_ids.filtered(  # in the school's language
            lambda m: "proposed identifications" in str(m.body) or "免申即享" in str(m.body))
        self.assertIn(self.users["a", "caseworker"].partner_id, summary.partner_ids)  # the first stage's approvers
        self.assertNotIn(self.users["b", "caseworker"].partner_id, summary.partner_ids)
        self.assertNotIn(self.student_a1.sudo().national_id, str(batch.line_ids.mapped("id_masked")))

    def test_reimport_changes_nothing(self):
        """Importing the same list again (here as xlsx) changes no student and opens no identification."""
        self.run_import(self.csv_bytes("utf-8"))
        workbook = openpyxl.Workbook()
        for row in self.rows:
            workbook.active.append(list(row))
        buffer = io.BytesIO()
        workbook.save(buffer)
        before = self.env["student.identification"].search_count([])
        again = self.run_import(buffer.getvalue(), "名单.xlsx")
        self.assertEqual(again.line_ids.filtered(lambda ln: ln.row in (2, 3)).mapped("state"), ["unchanged"] * 2)
        self.assertEqual(self.env["student.identification"].search_count([]), before)

    def test_bad_files_and_other_schools(self):
        """A file without the needed columns is refused as a whole; another school cannot read the list."""
        with self.assertRaises(UserError):
            self.run_import("姓名,班级\n张三,1班\n".encode("gbk"))
        batch = self.run_import(self.csv_bytes("utf-8"))
        with self.assertRaises(AccessError):
            batch.with_user(self.users["b", "caseworker"]).read(["summary"])
        with self.assertRaises(AccessError):
            self.run_import(self.csv_bytes("utf-8"), user=self.users["a", "class_teacher"])

    def test_bulk_proposals_equal_orm_created_ones(self):
        """Identifications opened in bulk hold what the ORM computes for one created alone, per student and school."""
        Student = self.env["student.student"]
        more = Student.create([{"name": f"学生{n}", "company_id": self.school_a.id, "class_id": self.class_a1.id,
                                "national_id": make_national_id(datetime.date(2015, 1, n), 300 + n)}
                               for n in (1, 2)])
        orphan = self.env["student.hardship.category"].search([("code", "=", "orphan")])
        disabled = self.env["student.hardship.category"].search([("code", "=", "disabled")])
        Identification = self.env["student.identification"].with_user(self.cw)
        bulk = Identification._create_proposed("2026-2027", {
            self.student_a1.id: orphan.ids, self.student_a2.id: orphan.ids, more[0].id: orphan.ids,
            more[1].id: (orphan | disabled).ids})
        self.assertEqual(bulk.student_id, self.student_a1 | self.student_a2 | more)
        own = {"id", "student_id", "class_teacher_id", "school_year", "create_date", "write_date", "stage_date"}
        names = [name for name, field in bulk._fields.items()
                 if field.store and (field.column_type or field.type == "many2many") and name not in own]
        for record in bulk:
            with self.subTest(student=record.student_id.name):
                alone = Identification.with_context(tracking_disable=True).create({
                    "student_id": record.student_id.id, "school_year": "2025-2026", "origin": "auto",
                    "hardship_category_ids": record.hardship_category_ids.ids})
                self.assertEqual(record.read(names)[0] | {"id": 0}, alone.read(names)[0] | {"id": 0})
                self.assertEqual(record.class_teacher_id, record.student_id.class_teacher_id)
                self.assertIn(record, record.student_id.identification_ids)
        self.assertEqual(bulk.filtered(lambda r: r.student_id == more[1]).hardship_category_ids, orphan | disabled)
        self.assertEqual(self.env["student.identification"].with_user(self.users["b", "caseworker"]).search_count(
            [("id", "in", bulk.ids)]), 0)
        with self.assertRaises(AccessError):
            Identification._create_proposed("2027-2028", {self.student_b1.id: orphan.ids})


DATA = pathlib.Path(__file__).parent / "data" / "entitlement"
# {file: the message (English) of a file refused whole}
REFUSED = {
    "empty.csv": "is empty",
    "blank_lines.csv": "is empty",
    "random_bytes.csv": "neither UTF-8 nor GBK",
    "nul_bytes.csv": "holds binary data",
    "utf16.csv": "UTF-16",
    "windows1252.csv": "neither UTF-8 nor GBK",
    "big5.csv": "neither UTF-8 nor GBK",
    "no_id_column.csv": "needs a column of ID numbers",
    "header_only.csv": "no row of students under it",
    "not_a_workbook.xlsx": "not a readable xlsx workbook",
    "truncated.xlsx": "not a readable xlsx workbook",
    "sheetless.xlsx": "without any worksheet",
    "old_excel.xls": "Excel 97-2003",
}


@tagged("post_install", "-at_install")
class TestEntitlementBadFiles(StudentSupportCommon):
    """Every bad file of tests/data/entitlement gets a message naming what is wrong; a file refused whole
    writes nothing, a file read row by row keeps exactly its valid rows (see the folder's README)."""

    def import_file(self, name, user=None):
        batch = self.env["student.entitlement.batch"].with_user(user or self.users["a", "caseworker"]).create(
            {"file": base64.b64encode((DATA / name).read_bytes()), "filename": name, "school_year": "2026-2027"})
        before = self.written()
        return batch, before

    def written(self):
        """What an import writes: imported lists, their rows, identifications, students' categories."""
        self.env.flush_all()
        [(categories,)] = self.env.execute_query(
            SQL("SELECT count(*) FROM student_hardship_category_student_student_rel"))
        return {
            "imported lists": self.env["student.entitlement.batch"].search_count([("state", "=", "done")]),
            "rows": self.env["student.entitlement.line"].search_count([]),
            "identifications": self.env["student.identification"].search_count([]),
            "student categories": categories,
        }

    def test_every_bad_file_is_refused_whole(self):
        """Each file that cannot be read gets its own message, naming the file, and nothing is written."""
        self.assertGreaterEqual(len(REFUSED), 10)
        for name, message in REFUSED.items():
            with self.subTest(file=name):
                batch, before = self.import_file(name)
                with self.assertRaisesRegex(UserError, message) as caught:
                    batch.action_import()
                self.assertIn(name, str(caught.exception))
                self.assertEqual(self.written(), before)
                self.assertEqual((batch.state, batch.line_ids), ("draft", self.env["student.entitlement.line"]))

    def test_repeated_rows_keep_the_first(self):
        """Repeated ID numbers: the first row is imported, each repeat is reported with the row it repeats."""
        batch, before = self.import_file("duplicated_rows.csv")
        batch.action_import()
        rows = {line.row: (line.state, line.message or "") for line in batch.line_ids}
        self.assertEqual({row: state for row, (state, _msg) in rows.items()},
                         {2: "updated", 3: "updated", 4: "duplicate", 5: "duplicate"})
        self.assertIn("row 2", rows[4][1])
        self.assertIn("row 2", rows[5][1])
        after = self.written()
        self.assertEqual({key: after[key] - before[key] for key in after},
                         {"imported lists": 1, "rows": 4, "identifications": 2, "student categories": 2})
        orphan = self.env["student.hardship.category"].search([("code", "=", "orphan")])
        self.assertEqual((self.student_a1.hardship_category_ids, self.student_a2.hardship_category_ids),
                         (orphan, orphan))  # row 5's 残疾学生 repeats row 2's ID: not applied

    def test_formula_cells_are_reported_not_computed(self):
        """A row with a formula in its ID or categories is reported as such and not read; the others are kept."""
        batch, before = self.import_file("formula_cells.xlsx")
        batch.action_import()
        rows = {line.row: (line.state, line.message or "", line.id_masked or "", line.categories or "")
                for line in batch.line_ids}
        self.assertEqual({row: values[0] for row, values in rows.items()},
                         {2: "updated", 3: "invalid", 4: "invalid", 5: "unmatched"})
        for row in (3, 4):
            self.assertIn("formula", rows[row][1])
            self.assertEqual(rows[row][2:], ("", ""))  # the formula (it may spell an ID number) is not kept
        after = self.written()
        self.assertEqual({key: after[key] - before[key] for key in after},
                         {"imported lists": 1, "rows": 4, "identifications": 1, "student categories": 1})
        self.assertFalse(self.student_a2.hardship_category_ids)
        self.assertFalse(self.student_b1.hardship_category_ids)  # school B's student: out of school A's reach

    def test_row_limit_is_a_system_parameter(self):
        """Over the limit of student_support.import_max_rows a file is refused whole, with the limit and the
        parameter's key; at the limit it is imported. For the caseworker and the school admin alike."""
        Parameter = self.env["ir.config_parameter"].sudo()
        for user in (self.users["a", "caseworker"], self.users["a", "school_admin"]):
            with self.subTest(user=user.login):
                Parameter.set_param("student_support.import_max_rows", "3")
                batch, before = self.import_file("duplicated_rows.csv", user)
                with self.assertRaisesRegex(UserError, "more than 3 rows") as caught:
                    batch.action_import()
                self.assertIn("student_support.import_max_rows", str(caught.exception))
                self.assertIn("System Parameters", str(caught.exception))
                self.assertEqual(self.written(), before)
                Parameter.set_param("student_support.import_max_rows", "4")
                batch.action_import()
                self.assertEqual(len(batch.line_ids), 4)
        self.assertEqual(self.env["student.entitlement.batch"]._max_rows(), 4)
        for value in ("abc", "0", "-5"):
            Parameter.set_param("student_support.import_max_rows", value)
            self.assertEqual(self.env["student.entitlement.batch"]._max_rows(), 100_000)

    def test_school_b_imports_nothing_into_school_a(self):
        """School B's caseworker importing school A's list changes no student of school A."""
        batch, before = self.import_file("duplicated_rows.csv", self.users["b", "caseworker"])
        batch.action_import()
        self.assertEqual(set(batch.line_ids.mapped("state")), {"unmatched", "duplicate"})
        after = self.written()
        self.assertEqual((after["identifications"], after["student categories"]),
                         (before["identifications"], before["student categories"]))
