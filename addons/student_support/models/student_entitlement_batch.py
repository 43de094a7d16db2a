import base64
import collections

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from . import entitlement_file
from . import national_id as nid
from .student_identification import default_school_year

MAX_ROWS_PARAM = "student_support.import_max_rows"
ROW_STATES = [
    ("updated", "Updated"),
    ("unchanged", "Already up to date"),
    ("unmatched", "No such student"),
    ("invalid", "Invalid row"),
    ("duplicate", "Repeated in the file"),
]


class StudentEntitlementBatch(models.Model):
    """A list of ID numbers and hardship categories sent by the county or the province
    for auto-entitlement (免申即享), imported once: matched students get the categories
    and a proposed identification without applying; every other row is reported with
    its reason, and importing the same file again changes nothing."""

    _name = "student.entitlement.batch"
    _description = "Auto-entitlement import"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, default=lambda self: self.env._("Auto-entitlement list"))
    company_id = fields.Many2one("res.company", string="School", required=True, index=True,
                                 default=lambda self: self.env.company,
                                 help="Students are matched in this school only.")
    source = fields.Selection([("county", "County"), ("province", "Province"), ("national", "National")],
                              required=True, default="province")
    school_year = fields.Char(string="School year", required=True, default=default_school_year)
    file = fields.Binary(required=True, attachment=True)
    filename = fields.Char()
    state = fields.Selection([("draft", "To import"), ("done", "Imported")], string="Status", default="draft",
                             required=True, tracking=True)
    line_ids = fields.One2many("student.entitlement.line", "batch_id", string="Rows")
    summary = fields.Html(readonly=True, sanitize=False)

    @api.constrains("company_id")
    def _check_lines_stay_in_school(self):
        # the rows take their school from the list: moving it would show their students to another school
        for batch in self:
            # sudo: compares the schools of the matched students, shows none of them
            if batch.sudo().line_ids.student_id.company_id - batch.company_id:
                raise ValidationError(self.env._("%(list)s names students of its school: its school cannot change.",
                                                 list=batch.name))

    def action_import(self):
        self.ensure_one()
        if self.state == "done":
            raise UserError(self.env._("This list has been imported; upload it again as a new list to re-check it."))
        # the whole file is read and checked before anything is written: a file refused whole leaves no trace
        rows = self._read_file()
        id_col, cat_col = entitlement_file.find_columns(rows[0])
        if id_col is None or cat_col is None:
            raise UserError(self.env._(
                "%(file)s needs a column of ID numbers (身份证号码) and one of hardship categories (困难类型) in its "
                "first row.", file=self.filename or self.name))
        if len(rows) < 2:
            raise UserError(self.env._("%(file)s has a header row and no row of students under it.",
                                       file=self.filename or self.name))
        lines, updates = self._check_rows(rows[1:], id_col, cat_col)
        self._apply(updates, lines)
        self.env["student.entitlement.line"].create(lines)
        counts = collections.Counter(line["state"] for line in lines)
        labels = dict(ROW_STATES)
        self.write({
            "state": "done",
            "summary": Markup("<ul>%s</ul>") % Markup("").join(
                Markup("<li>%s: %s</li>") % (labels[state], counts[state]) for state, _label in ROW_STATES
                if counts[state]),
        })
        return True

    @api.model
    def _max_rows(self):
        """The most rows (besides the header) an imported file may have: system parameter
        ``student_support.import_max_rows``, 100,000 when unset or not a positive number."""
        # sudo: reading one technical setting, nothing else
        value = self.env["ir.config_parameter"].sudo().get_param(MAX_ROWS_PARAM)
        try:
            return int(value) if int(value) > 0 else entitlement_file.DEFAULT_MAX_ROWS
        except (TypeError, ValueError):
            return entitlement_file.DEFAULT_MAX_ROWS

    def _read_file(self):
        """The file's rows (header first), or a UserError saying what is wrong with the file."""
        self.ensure_one()
        name = self.filename or self.name
        max_rows = self._max_rows()
        try:
            return entitlement_file.read_rows(base64.b64decode(self.file or b""), self.filename, max_rows)
        except entitlement_file.FileProblem as problem:
            messages = {
                "empty": self.env._("%(file)s is empty: there is no row to read.", file=name),
                "binary": self.env._("%(file)s is not a text file (csv) nor an xlsx workbook: it holds binary data. "
                                     "Export the list again as xlsx or csv.", file=name),
                "encoding": self.env._("%(file)s cannot be read: its text is neither UTF-8 nor GBK. Save it again "
                                       "as xlsx, or as csv in UTF-8.", file=name),
                "utf16": self.env._("%(file)s is a UTF-16 (\"Unicode text\") file: save it again as xlsx, or as csv "
                                    "in UTF-8.", file=name),
                "xls": self.env._("%(file)s is an old Excel 97-2003 (xls) workbook: save it again as xlsx.",
                                  file=name),
                "xlsx": self.env._("%(file)s is not a readable xlsx workbook (it is damaged or not a workbook): "
                                   "open it in Excel or WPS and save it again as xlsx.", file=name),
                "no_sheet": self.env._("%(file)s is an xlsx workbook without any worksheet: put the list in its "
                                       "first sheet.", file=name),
                "csv": self.env._("%(file)s is not a well-formed csv file (%(why)s).", file=name,
                                  why=problem.params.get("why", "")),
                "too_many_rows": self.env._(
                    "%(file)s has more than %(limit)s rows: split it into smaller files, or ask an administrator to "
                    "raise the limit (Settings → Technical → System Parameters, key %(key)s).",
                    file=name, limit=max_rows, key=MAX_ROWS_PARAM),
            }
            raise UserError(messages[problem.code]) from None

    def _check_rows(self, rows, id_col, cat_col):
        """Validate every row; (line values, {student id: category ids}) for the matched ones."""
        categories = self._category_map()
        numbers, lines, seen = {}, [], {}
        for offset, row in enumerate(rows, start=2):  # row 1 is the header
            raw_id = row[id_col] if id_col < len(row) else ""
            raw_cats = row[cat_col] if cat_col < len(row) else ""
            line = {"batch_id": self.id, "row": offset, "categories": raw_cats}
            if isinstance(raw_id, entitlement_file.Formula) or isinstance(raw_cats, entitlement_file.Formula):
                # its value is whatever the formula would compute (nobody computed it): the row is not read,
                # nor the formula kept (it may spell an ID number)
                lines.append({**line, "state": "invalid", "id_masked": "", "categories": "", "message": self.env._(
                    "a cell of the row holds a formula: type the ID number and the categories themselves")})
                continue
            try:
                number = nid.check_number(raw_id)
            except ValueError as error:
                lines.append({**line, "state": "invalid", "id_masked": nid.mask(raw_id) if raw_id else "",
                              "message": self._id_error(str(error))})
                continue
            line["id_masked"] = nid.mask(number)
            codes = entitlement_file.split_categories(raw_cats)
            unknown = [code for code in codes if code.lower() not in categories]
            if not codes or unknown:
                lines.append({**line, "state": "invalid", "message": self.env._(
                    "unknown hardship category: %(names)s", names=", ".join(unknown) or "—")})
                continue
            if number in seen:
                lines.append({**line, "state": "duplicate",
                              "message": self.env._("same ID number as row %(row)s", row=seen[number])})
                continue
            seen[number] = offset
            numbers[number] = (len(lines), {categories[code.lower()] for code in codes})
            lines.append(line)
        # one query for all the students of the list's school holding these numbers (its rows may name
        # no other school's student: they would show that student's name back)
        students = dict(self.env.execute_query(SQL(
            "SELECT national_id, id FROM student_student WHERE national_id = ANY(%s) AND company_id = %s",
            list(numbers), self.company_id.id,
        ))) if numbers else {}
        updates = {}
        for number, (index, category_ids) in numbers.items():
            if number not in students:
                lines[index].update(state="unmatched", message=self.env._("no student of this school has this ID"))
            else:
                lines[index]["student_id"] = students[number]
                updates[students[number]] = (index, category_ids)
        return lines, updates

    def _id_error(self, code):
        return {
            "length": self.env._("the ID number must have 18 characters"),
            "format": self.env._("the ID number may only hold digits and a final X"),
            "checksum": self.env._("the check digit of the ID number is wrong"),
            "birth_date": self.env._("the birth date in the ID number is impossible"),
        }.get(code, self.env._("invalid ID number"))

    def _category_map(self):
        """Hardship categories by code and by name in every installed language, lower-cased."""
        result = {}
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        for lang in langs:
            Category = self.env["student.hardship.category"].with_context(lang=lang)
            for category in Category.search([("code", "!=", False)]):
                result[category.code.lower()] = category.id
                result[category.name.lower()] = category.id
        return result

    def _apply(self, updates, lines):
        """Give matched students the missing categories and a proposed identification; mark each line."""
        if not updates:
            return
        Student = self.env["student.student"]
        Student.browse(list(updates)).check_access("write")
        current = collections.defaultdict(set)
        for student_id, category_id in self.env.execute_query(SQL(
                "SELECT student_student_id, student_hardship_category_id"
                "  FROM student_hardship_category_student_student_rel WHERE student_student_id = ANY(%s)",
                list(updates))):
            current[student_id].add(category_id)
        by_category = collections.defaultdict(list)
        for student_id, (_index, category_ids) in updates.items():
            for category_id in category_ids - current[student_id]:
                by_category[category_id].append(student_id)
        # one write per category; the list's rows are the trail of what changed (no message per student)
        for category_id, student_ids in by_category.items():
            Student.browse(student_ids).with_context(tracking_disable=True).write(
                {"hardship_category_ids": [fields.Command.link(category_id)]})
        identified = set(self.env["student.identification"].with_context(active_test=False).search(
            [("student_id", "in", list(updates)), ("school_year", "=", self.school_year)]).student_id.ids)
        new = [student_id for student_id in updates if student_id not in identified]
        proposed = self.env["student.identification"]._create_proposed(self.school_year, {
            student_id: current[student_id] | updates[student_id][1] for student_id in new})
        changed = set(new) | {sid for ids in by_category.values() for sid in ids}
        for student_id, (index, _categories) in updates.items():
            lines[index]["state"] = "updated" if student_id in changed else "unchanged"
        if new:
            batch = self.with_context(lang=self.company_id._school_lang())  # read by the school's staff later
            batch.message_post(body=batch.env._("%(count)s proposed identifications opened (auto-entitlement).",
                                                count=len(new)),
                               partner_ids=proposed._workflow_bulk_recipients().ids, subtype_xmlid="mail.mt_note")


class StudentEntitlementLine(models.Model):
    """One row of an auto-entitlement list and what became of it."""

    _name = "student.entitlement.line"
    _description = "Auto-entitlement row"
    _order = "batch_id, row"
    _check_company_auto = True

    batch_id = fields.Many2one("student.entitlement.batch", required=True, ondelete="cascade", index=True,
                               check_company=True)
    company_id = fields.Many2one(related="batch_id.company_id", store=True, index=True, precompute=True)
    row = fields.Integer(required=True)
    id_masked = fields.Char(string="ID number")
    categories = fields.Char(string="Categories in the file")
    student_id = fields.Many2one("student.student", check_company=True)
    state = fields.Selection(ROW_STATES, string="Result", required=True)
    message = fields.Char()

    @api.depends("row")
    def _compute_display_name(self):
        for line in self:
            line.display_name = self.env._("Row %(row)s", row=line.row)
