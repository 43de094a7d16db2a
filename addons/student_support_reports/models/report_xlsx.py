"""The official tables as xlsx (OCA report_xlsx): layouts of the seeds' annexes, in Chinese.

Every cell goes through :func:`write_cell` (and :func:`merge_cell`): what users typed (a
student's name, a reason, a template's name) is written as text, so that a value starting
with ``=``, ``+``, ``-`` or ``@`` never becomes a live formula, nor a URL a link.
"""

import datetime
import re

from odoo import fields, models
from odoo.addons.student_support.models.elevated import elevated
from odoo.exceptions import UserError

from .report_figures import FILING_REGISTER_HEADERS, SCREENING_KEYS, coverage_keys, is_compulsory

SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def write_cell(sheet, row, col, value, cell_format=None):
    """Write ``value`` in one cell: numbers stay numbers, anything else is text (never a formula)."""
    if value is None or value is False or value == "":
        return sheet.write_blank(row, col, None, cell_format)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return sheet.write_number(row, col, value, cell_format)
    if isinstance(value, (datetime.date, datetime.datetime)):
        value = fields.Date.to_string(value) if type(value) is datetime.date else fields.Datetime.to_string(value)
    return sheet.write_string(row, col, str(value), cell_format)


def merge_cell(sheet, first_row, first_col, last_row, last_col, value, cell_format=None):
    """Merge a range and write ``value`` in it as :func:`write_cell` does (merge_range alone would
    turn a string starting with ``=`` into a formula); a range of one cell is that cell."""
    if (first_row, first_col) == (last_row, last_col):
        return write_cell(sheet, first_row, first_col, value, cell_format)
    sheet.merge_range(first_row, first_col, last_row, last_col, None, cell_format)
    return write_cell(sheet, first_row, first_col, value, cell_format)


def sheet_name(name):
    """A worksheet name Excel accepts, from a name a user typed (31 characters, none of ``[]:*?/\\``)."""
    name = SHEET_NAME_FORBIDDEN.sub("_", name or "").strip("'")[:31].strip("'")
    return name or "Sheet"


class OfficialXlsxMixin(models.AbstractModel):
    """Formats and the title block shared by the official tables."""

    _name = "report.student_support_reports.official_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Official table (xlsx)"

    def get_workbook_options(self):
        # belt and braces: even a cell written without write_cell stays text
        return {**super().get_workbook_options(), "strings_to_formulas": False, "strings_to_urls": False}

    def _formats(self, workbook):
        base = {"font_name": "宋体", "font_size": 11, "border": 1, "valign": "vcenter", "text_wrap": True}
        return {
            "title": workbook.add_format({"font_name": "方正小标宋简体", "font_size": 16, "bold": True,
                                          "align": "center", "valign": "vcenter"}),
            "meta": workbook.add_format({"font_name": "宋体", "font_size": 11}),
            "head": workbook.add_format({**base, "bold": True, "align": "center", "bg_color": "#F2F2F2"}),
            "cell": workbook.add_format(base),
            "num": workbook.add_format({**base, "align": "right"}),
            "total": workbook.add_format({**base, "bold": True, "align": "right"}),
            "note": workbook.add_format({"font_name": "宋体", "font_size": 10, "text_wrap": True, "valign": "top"}),
        }

    def _title_block(self, sheet, fmt, title, width, meta_left, meta_right):
        """Title on row 1, the issuer (公章) and the period/unit on row 2; the table starts on row 4."""
        if width > 1:
            merge_cell(sheet, 0, 0, 0, width - 1, title, fmt["title"])
        else:
            write_cell(sheet, 0, 0, title, fmt["title"])
        sheet.set_row(0, 30)
        write_cell(sheet, 1, 0, meta_left, fmt["meta"])
        write_cell(sheet, 1, max(width - 3, 1), meta_right, fmt["meta"])

    def _write_school_list(self, workbook, records, sheet_name, title, headers, rows, widths):
        """A school's list (roster) of ``records`` (access checked by the caller): the title, the
        schools (公章), the date, then the table."""
        fmt = self._formats(workbook)
        sheet = workbook.add_worksheet(sheet_name)
        self._title_block(sheet, fmt, title, len(headers),
                          f"学校名称（公章）：{'、'.join(records.company_id.mapped('name'))}",
                          f"制表日期：{fields.Date.context_today(self)}")
        self._write_table(sheet, fmt, 3, headers, rows, widths=widths)

    def _write_table(self, sheet, fmt, row, headers, lines, widths=None):
        """Headers on ``row``, then ``lines``; returns the next free row."""
        for col, header in enumerate(headers):
            write_cell(sheet, row, col, header, fmt["head"])
            sheet.set_column(col, col, (widths or {}).get(col, max(8, min(24, len(header) * 2 + 2))))
        for offset, values in enumerate(lines, start=1):
            for col, value in enumerate(values):
                write_cell(sheet, row + offset, col, value,
                           fmt["num"] if isinstance(value, (int, float)) else fmt["cell"])
        return row + len(lines) + 1


# Annexes 1 and 2 of seed 004, their words as printed: Annex 1 is the table of a school other than of the
# compulsory stage, Annex 2 the district's, whose part a compulsory-stage school prints as its own table
SCREENING_ANNEXES = {
    "annex1": {
        "number": "附件1",
        "title": "普通高校（中职学校）家庭经济困难学生排查统计汇总表",
        "issuer": "学校名称（公章）：",
        "question": "高校是否100%按照最高档次落实建档立卡、农村低保、农村特困救助、孤残学生、烈士子女及家庭遭遇自然灾害"
                    "或突发事件学生的国家助学金",
        "keys": ("priority", "covered"),
        "unit": "学院（系）",
        "notes": ("说明：1.家庭经济困难类型包括：建档立卡学生、非建档立卡的家庭经济困难残疾学生、农村低保家庭学生、"
                  "农村特困救助供养学生、孤儿、其他学校认定的家庭经济困难学生。",
                  "      2.资助项目包括学生入学以来的所有资助项目。"),
    },
    "annex2": {
        "number": "附件2",
        "title": "区教育局家庭经济困难学生排查统计汇总表",
        "issuer": "区教育局名称（公章）：",
        "question": "义务教育阶段是否100%落实建档立卡、非建档立卡家庭经济困难残疾、农村低保、农村特困救助四类学生，"
                    "以及家庭经济困难寄宿生生活补助",
        "keys": ("compulsory_priority", "compulsory_covered"),
        "unit": "学校",
        "notes": ("说明：1.家庭经济困难类型包括：建档立卡学生、非建档立卡的家庭经济困难残疾学生、农村低保家庭学生、"
                  "农村特困救助供养学生、孤儿、其他学校认定的家庭经济困难学生。",
                  "2.资助项目包括学生入学以来的所有资助项目"),
    },
}
# the count block of the annexes: (label, key) in their order, on two rows after 家庭困难学生总数 and 其中
SCREENING_COUNT_ROWS = [
    [("建档立卡学生数", "registered_poor"), ("非建档立卡的家庭经济困难残疾学生数", "disabled"),
     ("农村低保家庭学生数", "minimum_living")],
    [("农村特困救助供养学生数", "extreme_poverty"), ("孤儿学生数", "orphan"),
     ("学校认定的其他家庭经济困难学生数", "other")],
]
# the unaided list's columns (the two-row header: 已享受资助项目情况 over 时间 and 名称); the grid of the sheet
UNAIDED_HEADERS = ["序号", "姓名", "身份证号", None, "班级", "家庭经济困难类型", "是否建档立卡家庭",
                   "是否已享受部分资助", "时间", "名称", "其他应资助未资助原因", "解决措施与时限"]
SCREENING_WIDTHS = [6, 10, 21, 16, 12, 18, 10, 10, 12, 22, 26, 26]


def ticked(yes):
    """The annex's □是 □否 with the answer ticked: ("☑是", "□否") or ("□是", "☑否")."""
    return ("☑是", "□否") if yes else ("□是", "☑否")


class ReportRoundXlsx(models.AbstractModel):
    """The table of a reporting round for the chosen schools' submissions: a school's own
    table or the county's consolidation (the county's figures, then a row per school).
    Figures are the submitted snapshots, else the figures of now (status says which).
    The tables are Chinese documents: they print in Chinese whatever the user's language."""

    _name = "report.student_support_reports.report_round_xlsx"
    _inherit = "report.student_support_reports.official_xlsx"
    _description = "Reporting round table (xlsx)"

    def generate_xlsx_report(self, workbook, data, submissions):
        submissions.check_access("read")
        # category, programme, class and term names, statuses: read in Chinese, as the documents are
        report, submissions = self.with_context(lang="zh_CN"), submissions.with_context(lang="zh_CN")
        fmt = report._formats(workbook)
        for period in submissions.period_id:
            batch = submissions.filtered(lambda s, period=period: s.period_id == period).sorted(
                lambda s: s.company_id.name)
            if period.kind == "screening":
                report._write_screening(workbook, fmt, period, batch)
            else:
                report._write_round(workbook, fmt, period, batch)

    def _is_county_view(self, submissions):
        """The county's table (Annex 2) unless the submissions are one school's (with its colleges) printed by a
        user of a school: a university's table covers its colleges (二级学院), which the rows then name."""
        schools = {company.parent_id if company.org_type == "college" else company
                   for company in submissions.company_id}
        user = self.env.user
        # the school's own staff only: a county officer may make a school his default company (a user picks his
        # own), and must still get the county's output (submitted screenings only, key-support students masked)
        own_school = user.has_group("student_support.group_caseworker") and all(
            school in user.company_ids for school in schools)
        return len(schools) > 1 or not own_school or user.company_id.org_type == "county_bureau"

    def _write_round(self, workbook, fmt, period, submissions):
        county_view = self._is_county_view(submissions)
        issuer = period.company_id.name if county_view else submissions.company_id.name
        keys = submissions._keys()
        figures = submissions._get_figures()
        states = dict(submissions._fields["state"]._description_selection(self.env))
        terms = dict(period._fields["term"]._description_selection(self.env))
        title, sheet_name = self._round_title(period)
        sheet = workbook.add_worksheet(sheet_name)
        headers = ["学校", "报送状态"] + [label for _key, label in keys]
        width = len(headers)
        self._title_block(sheet, fmt, title, width,
                          f"{'区县教育局' if county_view else '学校'}名称（公章）：{issuer}",
                          f"{period.school_year}学年{terms.get(period.term, '')}　单位：人、元")
        lines, totals = [], dict.fromkeys((key for key, _label in keys), 0)
        for submission in submissions:
            values = figures[submission.id]
            row = [submission.company_id.name, states[submission.state]]
            row += [values.get(key, 0) for key, _label in keys]
            lines.append(row)
            for key in totals:
                totals[key] += values.get(key, 0)
        next_row = self._write_table(sheet, fmt, 3, headers, lines)
        if county_view:
            write_cell(sheet, next_row, 0, "合计", fmt["total"])
            write_cell(sheet, next_row, 1, f"{sum(1 for s in submissions if s.state in ('submitted', 'accepted'))}"
                                           f"/{len(submissions)} 已报送", fmt["total"])
            for col, (key, _label) in enumerate(keys, start=2):
                write_cell(sheet, next_row, col, round(totals[key], 2), fmt["total"])
            next_row += 1
        write_cell(sheet, next_row + 1, 0, f"填报日期：{fields.Date.context_today(self)}", fmt["meta"])

    def _round_title(self, period):
        """(title, sheet name) of a round's table other than the screening's."""
        return "困境学生教育助学关爱服务情况统计表", "统计表"

    def _write_screening(self, workbook, fmt, period, submissions):
        """Annex 1 (the table of a school other than of the compulsory stage), or Annex 2 (the county's totals, then
        a sheet of its schools; a compulsory-stage school's own part of it), cell for cell: the count block, the 100%
        question, the unaided finding and its list, the notes."""
        county_view = self._is_county_view(submissions)
        school = submissions.company_id.filtered(lambda c: c.org_type != "college")[:1] or submissions.company_id[:1]
        annex = SCREENING_ANNEXES["annex2" if county_view or is_compulsory(school) else "annex1"]
        figures = submissions._get_figures()
        totals = {key: sum(figures[s.id].get(key, 0) for s in submissions) for key, _label in SCREENING_KEYS}
        if county_view:
            issuer, reason = period.company_id.name, period.coverage_reason or ""
        else:
            issuer = "、".join(submissions.company_id.filtered(lambda c: c.org_type != "college").mapped("name")
                              or submissions.company_id.mapped("name"))
            reasons = [(s.company_id.name, figures[s.id].get("reason") or "") for s in submissions]
            reason = "\n".join(f"{name}：{text}" if len(submissions) > 1 else text for name, text in reasons if text)
        terms = dict(period._fields["term"]._description_selection(self.env))
        sheet = workbook.add_worksheet(f"{annex['number']} 汇总表")
        last = len(SCREENING_WIDTHS) - 1
        for col, width in enumerate(SCREENING_WIDTHS):
            sheet.set_column(col, col, width)
        write_cell(sheet, 0, 0, annex["number"], fmt["meta"])
        merge_cell(sheet, 1, 0, 1, last, annex["title"], fmt["title"])
        sheet.set_row(1, 30)
        merge_cell(sheet, 2, 0, 2, 6, f"{annex['issuer'] if county_view else '学校名称（公章）：'}{issuer}",
                   fmt["meta"])
        merge_cell(sheet, 2, 7, 2, last, f"{period.school_year}学年{terms.get(period.term, '')}　单位：人",
                   fmt["meta"])
        # the count block: 家庭困难学生总数 | n | 其中 over two rows, then three label/value pairs on each row
        merge_cell(sheet, 3, 0, 4, 1, "家庭困难学生总数", fmt["head"])
        merge_cell(sheet, 3, 2, 4, 2, totals["total"], fmt["num"])
        merge_cell(sheet, 3, 3, 4, 3, "其中", fmt["head"])
        for row, pairs in enumerate(SCREENING_COUNT_ROWS, start=3):
            sheet.set_row(row, 36)
            for (label, key), (label_cols, value_col) in zip(pairs, (((4, 4), 5), ((6, 7), 8), ((9, 10), 11)),
                                                              strict=True):
                merge_cell(sheet, row, label_cols[0], row, label_cols[1], label, fmt["head"])
                write_cell(sheet, row, value_col, totals[key], fmt["num"])
        # the 100% question over two rows: □是 | 覆盖学生数 | n, then □否 | 具体原因及整改措施 | text
        priority_key, covered_key = annex["keys"] if county_view else coverage_keys(school)
        complete = totals[covered_key] >= totals[priority_key]
        yes, no = ticked(complete)
        merge_cell(sheet, 5, 0, 6, 5, annex["question"], fmt["cell"])
        write_cell(sheet, 5, 6, yes, fmt["cell"])
        merge_cell(sheet, 5, 7, 5, 8, "覆盖学生数", fmt["head"])
        merge_cell(sheet, 5, 9, 5, last, totals[covered_key], fmt["num"])
        write_cell(sheet, 6, 6, no, fmt["cell"])
        merge_cell(sheet, 6, 7, 6, 8, "具体原因及整改措施", fmt["head"])
        merge_cell(sheet, 6, 9, 6, last, "" if complete else reason, fmt["cell"])
        sheet.set_row(5, 40)
        sheet.set_row(6, max(40, 15 * (reason.count("\n") + 1 + len(reason) // 40)))
        found_yes, found_no = ticked(totals["unaided"] > 0)
        merge_cell(sheet, 7, 0, 7, last, f"经排查是否发现有应助未助学生情况    {found_yes}  {found_no}", fmt["cell"])
        merge_cell(sheet, 8, 0, 8, last, "排查发现应助未助情况", fmt["head"])
        # the unaided list and its two-row header
        headers = [header or annex["unit"] for header in UNAIDED_HEADERS]
        for col, header in enumerate(headers):
            if col not in (8, 9):
                merge_cell(sheet, 9, col, 10, col, header, fmt["head"])
        merge_cell(sheet, 9, 8, 9, 9, "已享受资助项目情况", fmt["head"])
        write_cell(sheet, 10, 8, "时间", fmt["head"])
        write_cell(sheet, 10, 9, "名称", fmt["head"])
        rows = self._unaided_rows(period, submissions, county_view) or [[""] * len(headers)]
        for number, values in enumerate(rows, start=11):
            for col, value in enumerate(values):
                write_cell(sheet, number, col, value, fmt["num"] if col == 0 and value else fmt["cell"])
        next_row = 11 + len(rows)
        for offset, note in enumerate(annex["notes"]):
            merge_cell(sheet, next_row + offset, 0, next_row + offset, last, note, fmt["note"])
        if county_view:
            self._write_screening_schools(workbook, fmt, period, submissions, figures, totals)

    def _write_screening_schools(self, workbook, fmt, period, submissions, figures, totals):
        """The county's detail after Annex 2: a row per school (its snapshot once submitted) and the total, each
        school's answer to the 100% question that applies to it (coverage_keys; the other question's figures and
        answer are "—"), its own reasons and measures once it has filed; the total answers each question for its
        schools."""
        sheet = workbook.add_worksheet("各校明细")
        states = dict(submissions._fields["state"]._description_selection(self.env))
        terms = dict(period._fields["term"]._description_selection(self.env))
        headers = (["学校", "报送状态"] + [label for _key, label in SCREENING_KEYS]
                   + ["是否100%按照最高档次落实国家助学金", "义务教育阶段是否100%落实", "具体原因及整改措施",
                      "经排查是否发现有应助未助学生情况"])
        self._title_block(sheet, fmt, "家庭经济困难学生排查统计汇总表（各校明细）", len(headers),
                          f"区教育局名称（公章）：{period.company_id.name}",
                          f"{period.school_year}学年{terms.get(period.term, '')}　单位：人")
        questions = [("priority", "covered"), ("compulsory_priority", "compulsory_covered")]
        applied = dict.fromkeys(totals, 0)
        answered = set()  # the questions some school answers: the total row answers those

        def answer(values, keys):
            return "是" if values.get(keys[1], 0) >= values.get(keys[0], 0) else "否"

        # a school's reasons and measures are its own until it submits its screening (the county reads submitted
        # screenings only) or its table: a screening back in draft, returned to the school, prints none
        filed = submissions.filtered("figures").company_id | self.env["student.screening"].search([
            ("company_id", "in", submissions.company_id.ids), ("school_year", "=", period.school_year),
            ("term", "=", period.term), ("state", "=", "submitted")]).company_id
        lines = []
        for submission in submissions:
            values, own = figures[submission.id], coverage_keys(submission.company_id)
            answered.add(own)
            other = set(next(keys for keys in questions if keys != own))
            for key in applied:
                applied[key] += 0 if key in other else values.get(key, 0)
            lines.append([submission.company_id.name, states[submission.state],
                          *["—" if key in other else values.get(key, 0) for key, _label in SCREENING_KEYS],
                          *[answer(values, keys) if keys == own else "—" for keys in questions],
                          (values.get("reason") or "") if submission.company_id in filed else "",
                          "是" if values.get("unaided") else "否"])
        next_row = self._write_table(sheet, fmt, 3, headers, lines, widths={0: 24, len(headers) - 2: 36})
        done = sum(1 for s in submissions if s.state in ("submitted", "accepted"))
        total_row = ["合计", f"{done}/{len(submissions)} 已报送", *[applied[key] for key, _label in SCREENING_KEYS],
                     *[answer(applied, keys) if keys in answered else "—" for keys in questions],
                     period.coverage_reason or "", "是" if totals["unaided"] else "否"]
        for col, value in enumerate(total_row):
            write_cell(sheet, next_row, col, value, fmt["total"])

    @elevated("the cells of the eligible-but-unaided findings of the schools' screenings (the county: submitted "
              "ones only), each screening's own students only, as the county reads them on the lines; county "
              "officers read masked ID numbers only, and no row says whether its student is a key-support case")
    def _unaided_rows(self, period, submissions, county_view):
        """The annex's rows, numbered, by school and student."""
        domain = [("company_id", "in", submissions.company_id.ids), ("school_year", "=", period.school_year),
                  ("term", "=", period.term), *([("state", "=", "submitted")] if county_view else [])]
        # a line names a student of its own screening's school only (checked on write); rows saved before that
        # check are left out too, so that no other school's student is ever printed
        lines = self.env["student.screening"].sudo().search(domain).line_ids.filtered(
            lambda ln: ln.finding != "no_longer_qualifies" and ln.student_id.company_id == ln.company_id)
        groups = self.env["student.student"]._fields["national_id"].groups
        full_id = not county_view and groups and self.env.user.has_groups(groups)
        rows = []
        # every row alike: the county reads the lines' names, so a row printed apart (a masked name, a note)
        # would tell it who is a key-support case, which it learns as figures only
        for number, line in enumerate(lines.sorted(lambda ln: (ln.company_id.name, ln.student_id.id)), start=1):
            student = line.student_id
            national_id = student.national_id if full_id else student.national_id_masked
            rows.append([number, student.name, national_id or "", *self._unaided_cells(line)])
        return rows

    def _unaided_cells(self, line):
        """The annex's cells of a finding after the name and ID number (``line`` as read by _unaided_rows): the
        school (Annex 2) or the college (Annex 1: a university's rows name its 二级学院), the class, ..."""
        student = line.student_id
        return [line.company_id.name, student.class_id.display_name or "",
                "、".join(student.hardship_category_ids.mapped("name")), "是" if line.registered_poor else "否",
                " ".join(ticked(line.partial_aid)), *self._aid_columns(line.aid_received), line.reason or "",
                f"{line.measure or ''}（{line.deadline or ''}前）" if line.measure else ""]

    @staticmethod
    def _aid_columns(aid_received):
        """The aid received ("date programme; ...") as the annex's two columns: times and names."""
        entries = [entry.split(" ", 1) for entry in (aid_received or "").split("; ") if entry]
        return ["\n".join(entry[0] for entry in entries),
                "\n".join(entry[1] if len(entry) > 1 else "" for entry in entries)]


class ReportKeySupportRosterXlsx(models.AbstractModel):
    """重点帮扶对象名册 (annex 4 of seed 000): the school's confirmed key-support cases."""

    _name = "report.student_support_reports.key_support_roster_xlsx"
    _inherit = "report.student_support_reports.official_xlsx"
    _description = "Key-support roster (xlsx)"

    def generate_xlsx_report(self, workbook, data, cases):
        cases.check_access("read")
        cases = cases.filtered("confirmed_date").sorted(lambda c: (c.company_id.name, c.student_id.class_id.name or "",
                                                                   c.student_id.name))
        origins = dict(cases._fields["origin"]._description_selection(self.env))
        genders = dict(self.env["student.student"]._fields["gender"]._description_selection(self.env))
        rows = [[n, c.student_id.name, genders.get(c.student_id.gender, ""), c.student_id.grade or "",
                 c.student_id.class_id.name or "", "、".join(c.need_category_ids.mapped("name")),
                 origins.get(c.origin, ""), c.mentor_id.name or "", str(c.confirmed_date),
                 "已退出" if c.exit_date else "帮扶中"]
                for n, c in enumerate(cases, start=1)]
        self._write_school_list(
            workbook, cases, "重点帮扶对象名册", "发展型资助育人重点帮扶对象名册",
            ["序号", "姓名", "性别", "年级", "班级", "成长困境", "来源", "帮扶导师", "确认日期", "状态"], rows,
            widths={5: 24})


class ReportMentorRosterXlsx(models.AbstractModel):
    """导师名册 (annex 5 of seed 000): the school's mentors and their caseload."""

    _name = "report.student_support_reports.mentor_roster_xlsx"
    _inherit = "report.student_support_reports.official_xlsx"
    _description = "Mentor roster (xlsx)"

    def generate_xlsx_report(self, workbook, data, mentors):
        mentors.check_access("read")
        rows = [[n, m.user_id.name, m.company_id.name, "、".join(m.speciality_ids.mapped("name")),
                 m.letter_number or "", str(m.appointment_date or ""), m.case_count, m.max_cases]
                for n, m in enumerate(mentors.sorted(lambda m: (m.company_id.name, m.user_id.name)), start=1)]
        self._write_school_list(
            workbook, mentors, "导师名册", "发展型资助育人导师名册",
            ["序号", "姓名", "学校", "专长", "聘书编号", "聘任日期", "现帮扶对象数", "最多帮扶对象数"], rows,
            widths={3: 24})


class ReportTemplateXlsx(models.AbstractModel):
    """A report template's result as xlsx: its rows, its measure and the total."""

    _name = "report.student_support_reports.report_template_xlsx"
    _inherit = "report.student_support_reports.official_xlsx"
    _description = "Report template (xlsx)"

    def generate_xlsx_report(self, workbook, data, templates):
        fmt = self._formats(workbook)
        for template in templates:
            rows, total = template._run()
            sheet = workbook.add_worksheet(sheet_name(template.name))
            headers = [template._row_label(), template._measure_label()]
            self._title_block(sheet, fmt, template.name, 2, f"单位：{template.company_id.name}",
                              f"制表日期：{fields.Date.context_today(self)}")
            next_row = self._write_table(sheet, fmt, 3, headers, [list(row) for row in rows], widths={0: 30, 1: 14})
            write_cell(sheet, next_row, 0, "合计", fmt["total"])
            write_cell(sheet, next_row, 1, total, fmt["total"])


class ReportRoundFilingXlsx(models.AbstractModel):
    """The filing round (重点帮扶对象备案, seed 002) and the annual summary's figures in the round's workbook:
    the counts per school and the county total as for the other tables, then the filing's register, from the
    submitted snapshots only in a county output (a school's own table previews its rows of now)."""

    _inherit = "report.student_support_reports.report_round_xlsx"

    def _round_title(self, period):
        if period.kind == "filing":
            return "重点帮扶对象备案汇总表", "备案汇总表"
        if period.kind == "annual_summary":
            return "困境学生教育助学关爱服务年度工作数据", "年度数据"
        return super()._round_title(period)

    def _write_round(self, workbook, fmt, period, submissions):
        result = super()._write_round(workbook, fmt, period, submissions)
        if period.kind == "filing":
            county_view = self._is_county_view(submissions)
            self._write_filing_register(workbook, fmt, period, submissions, county_view)
        return result

    def _write_filing_register(self, workbook, fmt, period, submissions, county_view):
        """备案名册: a row per filed case, numbered: case reference, school, growth difficulties, origin, dates."""
        sheet = workbook.add_worksheet("备案名册")
        terms = dict(period._fields["term"]._description_selection(self.env))
        self._title_block(sheet, fmt, "重点帮扶对象备案名册", len(FILING_REGISTER_HEADERS),
                          f"{'区县教育局' if county_view else '学校'}名称（公章）："
                          f"{period.company_id.name if county_view else submissions.company_id.name}",
                          f"{period.school_year}学年{terms.get(period.term, '')}")
        rows = []
        for submission in submissions:
            if county_view and submission.state not in ("submitted", "accepted"):
                continue  # the county reads what a school has filed, never its cases of now
            rows += submission._get_register()
        self._write_table(sheet, fmt, 3, FILING_REGISTER_HEADERS,
                          [[number, *row] for number, row in enumerate(rows, start=1)],
                          widths={1: 14, 2: 24, 3: 30, 4: 12})
        write_cell(sheet, 5 + len(rows), 0,
                   "说明：档案编号为学校重点帮扶对象案卷编号，不含学生姓名、身份证号、学籍号、班级等个人信息。",
                   fmt["note"])


class ReportAnnualSummary(models.AbstractModel):
    """年度工作总结 (seed 002): the school's sections and the year's figures, in Chinese whatever the reader's
    language; the county reads the submitted summary only, a school its own."""

    _name = "report.student_support_reports.report_annual_summary"
    _description = "Annual work summary (PDF)"

    def _get_report_values(self, docids, data=None):
        docs = self.env["student.report.submission"].browse(docids)
        docs.check_access("read")
        if any(doc.kind != "annual_summary" for doc in docs):
            raise UserError(self.env._("Only annual work summaries print as this document."))
        states = dict(docs._fields["state"]._description_selection(self.with_context(lang="zh_CN").env))
        figures = docs._get_figures()
        return {
            "doc_ids": docs.ids, "doc_model": docs._name, "docs": docs,
            "school_names": {doc.id: doc._school_name() for doc in docs},
            "states": {doc.id: states[doc.state] for doc in docs},
            "figures_html": {doc.id: doc._annual_figures_html(figures[doc.id]) for doc in docs},
            "today": fields.Date.context_today(self),
        }
