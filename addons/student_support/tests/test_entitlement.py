import base64
import datetime
import io

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase, tagged

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
