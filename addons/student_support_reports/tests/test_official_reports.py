import io

import openpyxl

from odoo import Command
from odoo.addons.student_support.tests.common import StudentSupportCommon
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..models.report_figures import SCREENING_KEYS

YEAR, TERM = "2026-2027", "autumn"


class ReportsCommon(StudentSupportCommon):
    """Both schools of the county with students in difficulty, a highest-tier grant, a key-support
    case, submitted screenings, and a screening round opened by the county."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["student.hardship.category"]
        cat = {code: Category.search([("code", "=", code)]) for code in ("orphan", "registered_poor", "disabled")}
        cls.student_a1.hardship_category_ids = [Command.set(cat["orphan"].ids)]
        cls.student_a2.hardship_category_ids = [Command.set((cat["registered_poor"] | cat["disabled"]).ids)]
        cls.student_b1.hardship_category_ids = [Command.set(cat["disabled"].ids)]
        cls.student_c1.hardship_category_ids = [Command.set(cat["orphan"].ids)]  # another county: never counted
        levels = cls.env["student.difficulty.level"].search([])
        programme = cls.env["student.aid.programme"].create({
            "name": "国家助学金", "kind": "national_grant", "funding_source": "national", "amount_mode": "level",
            "period": "term",
            "stage_ids": [Command.set(cls.env["student.school.stage"].search([]).ids)],
            "amount_ids": [Command.create({"level_id": level.id, "amount": 500 + 250 * n})
                           for n, level in enumerate(levels.sorted("min_score"))],
        })
        cls.programme = programme
        cls.grant = cls.env["student.aid.grant"].create({
            "student_id": cls.student_a1.id, "programme_id": programme.id, "amount": programme._highest_amount(),
            "school_year": YEAR, "term": TERM, "state": "paid"})
        cls.partial_grant = cls.env["student.aid.grant"].create({  # below the highest tier: a2 stays unaided
            "student_id": cls.student_a2.id, "programme_id": programme.id, "amount": 500, "date": "2026-09-20",
            "school_year": YEAR, "term": TERM, "state": "paid"})
        cls.case = cls.env["student.case"].with_user(cls.users["a", "caseworker"]).create({
            "student_id": cls.student_a2.id, "company_id": cls.school_a.id, "applicant_role": "parent",
            "mentor_id": cls.users["a", "mentor"].id, "description": "家庭变故"})
        cls.case._workflow_write_protected({"confirmed_date": "2026-10-08"})
        cls.screenings = {}
        for key, school in (("a", cls.school_a), ("b", cls.school_b)):
            screening = cls.env["student.screening"].with_user(cls.users[key, "caseworker"]).create(
                {"company_id": school.id, "school_year": YEAR, "term": TERM})
            screening.action_scan()
            screening.line_ids.write({"reason": "资助名额不足", "measure": "追加国家助学金", "deadline": "2026-12-31"})
            screening.coverage_reason = f"{school.name}：名额不足，已追加申请"  # not every priority student covered
            screening.action_submit()
            cls.screenings[key] = screening
        cls.round = cls.env["student.report.period"].with_user(cls.county_officer).create(
            {"company_id": cls.county.id, "kind": "screening", "school_year": YEAR, "term": TERM})
        cls.sub = {s.company_id: s for s in cls.round.submission_ids}

    def render_xlsx(self, report, records, user):
        data, kind = self.env["ir.actions.report"].with_user(user)._render_xlsx(
            f"student_support_reports.{report}", records.ids, None)
        self.assertEqual(kind, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(data))

    @staticmethod
    def cells(sheet):
        return list(sheet.iter_rows(values_only=True))

    template_name = "报表"

    def make(self, user, **values):
        """A report template of ``user``'s company, fields given by name."""
        Field = self.env["ir.model.fields"]
        model = values.get("res_model", "student.case")
        for key in ("row_field_id", "measure_field_id"):
            if isinstance(values.get(key), str):
                values[key] = Field._get(model, values[key]).id
        return self.env["student.report.template"].with_user(user).create(
            {"name": self.template_name, "company_id": user.company_id.id, **values})


@tagged("post_install", "-at_install")
class TestReportingRound(ReportsCommon):
    """Schools submit a snapshot of their figures; the county accepts or returns; the reporting rate."""

    def test_round_has_a_submission_per_school_of_the_county(self):
        """A round lists every school of the county (not another county's), none submitted yet."""
        self.assertEqual(self.round.submission_ids.company_id, self.school_a | self.school_b)
        self.assertEqual(self.round.reporting_rate, 0)
        self.assertEqual(self.round.missing_school_ids, self.school_a | self.school_b)
        self.assertEqual(str(self.round.deadline), "2026-12-15")  # seed 004: 15 December for the autumn term
        with self.assertRaisesRegex(ValidationError, "2026/27"):
            self.env["student.report.period"].with_user(self.county_officer).create(
                {"company_id": self.county.id, "kind": "statistics", "school_year": "2026/27", "term": "spring"})
        with self.assertRaises(AccessError):
            self.env["student.report.period"].with_user(self.users["a", "school_admin"]).create(
                {"company_id": self.county.id, "kind": "statistics"})

    def test_submission_is_a_locked_snapshot(self):
        """Submitted figures stay as submitted when the data changes, and only the buttons change them."""
        submission = self.sub[self.school_a].with_user(self.users["a", "caseworker"])
        submission.action_submit()
        self.assertEqual(submission.state, "submitted")
        self.assertEqual(submission.figures["total"], 2)
        self.assertEqual((submission.figures["priority"], submission.figures["covered"]), (2, 1))
        newcomer = self.student_a1.copy({"name": "新生", "national_id": False})
        newcomer.hardship_category_ids = self.student_a1.hardship_category_ids
        self.assertEqual(submission._get_figures()[submission.id]["total"], 2)
        self.assertEqual(submission._live_figures()[self.school_a.id]["total"], 3)
        with self.assertRaises(UserError):
            submission.write({"figures": {"total": 99}})
        with self.assertRaises(UserError):
            submission.action_submit()
        self.assertEqual((self.round.reporting_rate, self.round.missing_school_ids), (50.0, self.school_b))

    def test_submit_needs_the_submitted_screening(self):
        """The screening table counts the screening's findings: a school with a draft screening cannot submit."""
        self.screenings["b"].with_user(self.county_officer).action_return("请补充原因")
        self.assertEqual(self.screenings["b"].state, "draft")
        with self.assertRaisesRegex(UserError, "Submit the semester screening"):
            self.sub[self.school_b].with_user(self.users["b", "caseworker"]).action_submit()

    def test_county_returns_with_comment_then_accepts(self):
        """The county returns with a reason, the school submits again, the county accepts; schools cannot decide."""
        submission = self.sub[self.school_a]
        submission.with_user(self.users["a", "caseworker"]).action_submit()
        with self.assertRaises(UserError):
            submission.with_user(self.users["a", "school_admin"]).action_accept()
        county = submission.with_user(self.county_officer)
        with self.assertRaises(UserError):
            county.action_return("  ")
        county.action_return("孤儿人数与民政数据不符")
        self.assertEqual((county.state, county.county_comment, county.figures),
                         ("returned", "孤儿人数与民政数据不符", False))
        self.assertEqual(self.round.reporting_rate, 0)
        self.assertEqual(self.screenings["a"].state, "draft")  # the table's screening goes back with it
        self.screenings["a"].with_user(self.users["a", "caseworker"]).action_submit()
        submission.with_user(self.users["a", "caseworker"]).action_submit()
        county.action_accept()
        self.assertEqual(county.state, "accepted")

    def test_school_never_reaches_another_schools_report(self):
        """School B cannot read, count or print school A's submission, nor compute its figures."""
        user_b = self.users["b", "caseworker"]
        self.sub[self.school_a].with_user(self.users["a", "caseworker"]).action_submit()
        Submission = self.env["student.report.submission"].with_user(user_b)
        self.assertEqual(Submission.search_count([("company_id", "=", self.school_a.id)]), 0)
        with self.assertRaises(AccessError):
            self.sub[self.school_a].with_user(user_b).read(["figures"])
        with self.assertRaises(AccessError):
            self.render_xlsx("report_round_xlsx", self.sub[self.school_a], user_b)
        with self.assertRaises(AccessError):
            self.env["student.report.figures"].with_user(user_b)._screening_figures(self.school_a, YEAR, TERM)
        with self.assertRaises(AccessError):
            self.sub[self.school_a].with_user(user_b).action_submit()


@tagged("post_install", "-at_install")
class TestOfficialWorkbooks(ReportsCommon):
    """The workbooks match the annexes' layout and the data; the county total is the sum of the schools."""

    def test_county_workbook_totals_equal_the_schools_own_tables(self):
        """Annex 2 then a row per school as the school's own Annex 1 counts it; the county's counts are their sum."""
        for key, school in (("a", self.school_a), ("b", self.school_b)):
            self.sub[school].with_user(self.users[key, "caseworker"]).action_submit()
        workbook = self.render_xlsx("report_round_xlsx", self.round.submission_ids, self.county_officer)
        self.assertEqual(workbook.sheetnames, ["附件2 汇总表", "各校明细"])
        detail = self.cells(workbook["各校明细"])
        self.assertEqual(detail[0][0], "家庭经济困难学生排查统计汇总表（各校明细）")
        self.assertIn("Test County Bureau", detail[1][0])
        headers = detail[3]
        self.assertEqual(headers[2:2 + len(SCREENING_KEYS)], tuple(label for _key, label in SCREENING_KEYS))
        rows = {row[0]: row for row in detail[4:7]}
        self.assertEqual(set(rows), {"School A", "School B", "合计"})
        labels = [label for _key, label in SCREENING_KEYS]
        for key, school in (("a", self.school_a), ("b", self.school_b)):
            # both schools are of the compulsory stage: their own table is their part of Annex 2
            own = self.cells(self.render_xlsx("report_round_xlsx", self.sub[school],
                                              self.users[key, "caseworker"])["附件2 汇总表"])
            self.assertIn(school.name, own[2][0])
            # the count block of the school's table and its row in the county's detail
            counts = dict(zip(labels, rows[school.name][2:], strict=False))
            self.assertEqual((own[3][2], own[3][5], own[3][8], own[3][11], own[4][5], own[4][8], own[4][11]),
                             tuple(counts[label] for label in labels[:7]))
            self.assertEqual(own[5][9], counts["覆盖学生数（义务教育阶段）"])
        # school A: 孤儿 a1 (covered by the highest tier), 建档立卡+残疾 a2 (not covered, found by the screening)
        a = dict(zip(labels, rows["School A"][2:], strict=False))
        self.assertEqual((a["家庭困难学生总数"], a["建档立卡学生数"], a["非建档立卡的家庭经济困难残疾学生数"],
                          a["孤儿学生数"], a["覆盖学生数（义务教育阶段）"], a["应助未助学生数"]),
                         (2, 1, 0, 1, 1, 1))
        for col in range(2, 2 + len(SCREENING_KEYS)):
            # Annex 1's figures are no compulsory-stage school's: they read — and the total leaves them out
            figures = [rows[name][col] for name in ("School A", "School B") if rows[name][col] != "—"]
            self.assertEqual(rows["合计"][col], sum(figures), headers[col])
        self.assertEqual(rows["合计"][2], 3)  # school C (another county) is not counted
        # Annex 1's question is nobody's; not every compulsory-stage student of the four categories has aid (b1)
        self.assertEqual(rows["合计"][2 + len(SCREENING_KEYS):4 + len(SCREENING_KEYS)], ("—", "否"))
        self.assertEqual(rows["School A"][-2], "School A：名额不足，已追加申请")  # the school's own reasons
        annex = self.cells(workbook["附件2 汇总表"])
        self.assertEqual(annex[3][2], rows["合计"][2])

    def test_county_picks_some_schools(self):
        """The county picks a round and some of its schools: the workbook has those rows and their total only."""
        action = self.round.with_user(self.county_officer).action_print_round()
        Wizard = self.env[action["res_model"]].with_user(self.county_officer)
        wizard = Wizard.with_context(**action["context"]).create({})
        self.assertEqual(wizard.school_ids, self.school_a | self.school_b)
        wizard.school_ids = self.school_b
        report = wizard.action_print()
        self.assertEqual(report["context"]["active_ids"], self.sub[self.school_b].ids)
        workbook = self.render_xlsx("report_round_xlsx", self.sub[self.school_b], self.county_officer)
        sheet = self.cells(workbook["各校明细"])
        self.assertEqual([row[0] for row in sheet[4:6]], ["School B", "合计"])
        self.assertEqual(sheet[5][2], 1)
        self.assertEqual(self.cells(workbook["附件2 汇总表"])[3][2], 1)  # the county's total: school B's only
        with self.assertRaises(AccessError):
            wizard.school_ids = self.school_c  # another county's school
        wizard.school_ids = False
        with self.assertRaises(UserError):
            wizard.action_print()

    def test_county_workbook_sets_no_key_support_student_apart(self):
        """The unaided list of a county output shows no full ID number and does not set key-support students apart."""
        for key, school in (("a", self.school_a), ("b", self.school_b)):
            self.sub[school].with_user(self.users[key, "caseworker"]).action_submit()
        workbook = self.render_xlsx("report_round_xlsx", self.round.submission_ids, self.county_officer)
        text = str([self.cells(sheet) for sheet in workbook.worksheets])
        listed = self.cells(workbook["附件2 汇总表"])
        self.assertEqual(listed[9][:4], ("序号", "姓名", "身份证号", "学校"))
        self.assertNotIn("重点帮扶", text)  # a2 is a key-support case: printed as any other (see test_hostile_today)
        self.assertIn(self.student_b1.name, text)  # unaided, not key-support: the annex names the student
        for student in self.students:
            self.assertNotIn(student.sudo().national_id, text)
        own_list = self.cells(self.render_xlsx("report_round_xlsx", self.sub[self.school_a],
                                               self.users["a", "caseworker"])["附件2 汇总表"])
        self.assertIn(self.student_a2.name, str(own_list))  # the school's own table names its students
        self.assertEqual((own_list[9][8], own_list[10][8], own_list[10][9]), ("已享受资助项目情况", "时间", "名称"))
        row = next(row for row in own_list[11:] if row[1] == self.student_a2.name)
        self.assertEqual(row[2], self.student_a2.sudo().national_id)  # the school's caseworker reads the full ID
        self.assertEqual(row[6:11], ("是", "☑是 □否", "2026-09-20", "国家助学金", "资助名额不足"))

    def test_statistics_table_counts_categories_and_care(self):
        """Seed 002's table: students by category and care given in the term, county total the sum of schools."""
        stats = self.env["student.report.period"].with_user(self.county_officer).create(
            {"company_id": self.county.id, "kind": "statistics", "school_year": YEAR, "term": TERM})
        self.assertEqual(str(stats.deadline), "2026-12-15")
        self.env["student.support.record"].with_user(self.users["a", "mentor"]).create(
            {"case_id": self.case.id, "kind": "talk", "content": "谈心", "date": "2026-10-20"})
        sheet = self.cells(self.render_xlsx("report_round_xlsx", stats.submission_ids, self.county_officer)["统计表"])
        self.assertEqual(sheet[0][0], "困境学生教育助学关爱服务情况统计表")
        headers = sheet[3]
        rows = {row[0]: dict(zip(headers, row, strict=True)) for row in sheet[4:7]}
        # the table is Chinese whatever the user's language
        orphan = self.env["student.hardship.category"].search([("code", "=", "orphan")]).with_context(lang="zh_CN").name
        self.assertEqual((rows["School A"][orphan], rows["School A"]["谈心谈话次数"],
                          rows["School A"]["重点帮扶对象数"], rows["School A"]["资助金额（元）"]),
                         (1, 1, 1, self.grant.amount + self.partial_grant.amount))
        for header in headers[2:]:
            self.assertEqual(rows["合计"][header], rows["School A"][header] + rows["School B"][header], header)

    def test_statistics_table_counts_the_roll_ledger(self):
        """Seed 002's semester ledger: missing students per absence type and those persuaded back, per school,
        in the workbook; another term's lines are not counted."""
        Ledger = self.env["student.dropout.record"]
        teacher_a = self.users["a", "class_teacher"]
        Ledger.with_user(teacher_a).create([
            {"student_id": self.student_a1.id, "school_year": YEAR, "term": TERM, "absence_type": "dropout",
             "persuaded_back": True, "persuaded_date": "2026-09-20", "persuaded_by_id": teacher_a.id},
            {"student_id": self.student_a1.id, "school_year": YEAR, "term": "spring", "absence_type": "dropout"},
        ])
        Ledger.with_user(self.users["b", "caseworker"]).create(
            {"student_id": self.student_b1.id, "school_year": YEAR, "term": TERM, "absence_type": "sick_leave"})
        stats = self.env["student.report.period"].with_user(self.county_officer).create(
            {"company_id": self.county.id, "kind": "statistics", "school_year": YEAR, "term": TERM})
        sheet = self.cells(self.render_xlsx("report_round_xlsx", stats.submission_ids, self.county_officer)["统计表"])
        headers = sheet[3]
        rows = {row[0]: dict(zip(headers, row, strict=True)) for row in sheet[4:7]}
        self.assertEqual([rows[name]["辍学人数"] for name in ("School A", "School B", "合计")], [1, 0, 1])
        self.assertEqual([rows[name]["长期病假人数"] for name in ("School A", "School B", "合计")], [0, 1, 1])
        self.assertEqual([rows[name]["劝返复学人数"] for name in ("School A", "School B", "合计")], [1, 0, 1])
        figures = self.env["student.report.figures"]._statistics_figures(self.school_a, YEAR, "spring")
        self.assertEqual((figures[self.school_a.id]["dropout_dropout"],
                          figures[self.school_a.id]["dropout_persuaded"]), (1, 0))

    def test_statistics_table_counts_the_graduate_database(self):
        """Seed 002's employment support: graduates in difficulty of the year, those with 3 offers or more, the
        employed, and the offers of the term, per school in the workbook."""
        Graduate = self.env["student.graduate"]
        grad_a1, grad_a2 = Graduate.with_user(self.users["a", "caseworker"]).create([
            {"student_id": self.student_a1.id, "school_year": YEAR},
            {"student_id": self.student_a2.id, "school_year": YEAR, "state": "employed"}])
        Graduate.with_user(self.users["b", "caseworker"]).create({"student_id": self.student_b1.id,
                                                                   "school_year": "2025-2026"})
        self.env["student.job.offer"].with_user(self.users["a", "caseworker"]).create(
            [{"graduate_id": grad_a1.id, "employer": f"企业{n}", "post": "文员", "date": f"2026-10-0{n + 1}"}
             for n in range(3)] + [{"graduate_id": grad_a2.id, "employer": "企业", "post": "文员",
                                    "date": "2027-04-01"}])
        stats = self.env["student.report.period"].with_user(self.county_officer).create(
            {"company_id": self.county.id, "kind": "statistics", "school_year": YEAR, "term": TERM})
        sheet = self.cells(self.render_xlsx("report_round_xlsx", stats.submission_ids, self.county_officer)["统计表"])
        headers = sheet[3]
        rows = {row[0]: dict(zip(headers, row, strict=True)) for row in sheet[4:7]}
        self.assertEqual([rows["School A"][h] for h in ("困境毕业生数", "获得3个以上岗位信息的毕业生数",
                                                        "已就业毕业生数", "提供岗位信息数")], [2, 1, 1, 3])
        self.assertEqual(rows["School B"]["困境毕业生数"], 0)
        self.assertEqual(rows["合计"]["提供岗位信息数"], 3)

    def test_support_record_form_and_work_record(self):
        """The support record form and the case's work record print the records; school B cannot print them."""
        record = self.env["student.support.record"].with_user(self.users["a", "mentor"]).create(
            {"case_id": self.case.id, "kind": "talk", "content": "谈学习计划", "next_step": "下周复谈"})
        Report = self.env["ir.actions.report"]
        form = Report.with_user(self.users["a", "mentor"])._render_qweb_html(
            "student_support_reports.report_support_record", record.ids)[0].decode()
        for text in ("发展型资助育人帮扶记录表", "谈学习计划", "下周复谈", self.student_a2.name):
            self.assertIn(text, form)
        work = Report.with_user(self.users["a", "caseworker"])._render_qweb_html(
            "student_support_reports.report_case_work_record", self.case.ids)[0].decode()
        self.assertIn("发展型资助育人工作记录", work)
        self.assertIn("谈学习计划", work)
        with self.assertRaises(AccessError):
            Report.with_user(self.users["b", "caseworker"])._render_qweb_html(
                "student_support_reports.report_case_work_record", self.case.ids)

    def test_rosters_and_letter(self):
        """Key-support and mentor rosters list the school's own; the letter names the mentor; others are refused."""
        caseworker = self.users["a", "caseworker"]
        cases = self.env["student.case"].with_user(caseworker).search([])
        roster = self.cells(self.render_xlsx("key_support_roster_xlsx", cases, caseworker)["重点帮扶对象名册"])
        self.assertEqual(roster[0][0], "发展型资助育人重点帮扶对象名册")
        self.assertEqual([row[1] for row in roster[4:]], [self.student_a2.name])
        self.assertEqual(roster[4][7], self.users["a", "mentor"].name)
        for user in (self.users["b", "caseworker"], self.county_officer):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.render_xlsx("key_support_roster_xlsx", self.case, user)
        mentors = self.mentor_roster.filtered(lambda m: m.company_id == self.school_a)
        mentors.letter_number = "001"
        admin = self.users["a", "school_admin"]
        sheet = self.cells(self.render_xlsx("mentor_roster_xlsx", mentors, admin)["导师名册"])
        self.assertEqual(sheet[4][1:5], (self.users["a", "mentor"].name, "School A", None, "001"))
        self.assertEqual(sheet[4][6], 1)  # the confirmed case
        html = self.env["ir.actions.report"].with_user(admin)._render_qweb_html(
            "student_support_reports.report_mentor_letter", mentors.ids)[0].decode()
        self.assertIn("聘书", html)
        self.assertIn(self.users["a", "mentor"].name, html)
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.users["b", "school_admin"])._render_qweb_html(
                "student_support_reports.report_mentor_letter", mentors.ids)


@tagged("post_install", "-at_install")
class TestReportTemplates(ReportsCommon):
    """Reports defined without code: filter, rows, measure; on screen and as xlsx; counts only for the county."""

    def test_school_report_by_field_month_and_sum(self):
        """A school admin's report groups its own school's records and sums amounts; the pivot opens the same."""
        admin = self.users["a", "school_admin"]
        by_category = self.make(admin, res_model="student.identification", row_field_id="hardship_category_ids")
        orphan = self.env["student.hardship.category"].search([("code", "=", "orphan")])
        for key, student in (("a", self.student_a1), ("b", self.student_b1)):
            self.env["student.identification"].with_user(self.users[key, "caseworker"]).create(
                {"student_id": student.id, "school_year": YEAR, "hardship_category_ids": orphan.ids})
        rows, total = by_category._run()
        self.assertEqual((dict(rows), total), ({orphan.name: 1}, 1))  # school B's identification is not counted
        amounts = self.make(admin, res_model="student.aid.grant", row_field_id="date", row_interval="month",
                            measure="sum", measure_field_id="amount", domain="[('state', '!=', 'cancelled')]")
        self.env["student.aid.grant"].create({  # school B's grant is not counted
            "student_id": self.student_b1.id, "programme_id": self.grant.programme_id.id, "amount": 700,
            "school_year": YEAR, "term": TERM})
        rows, total = amounts._run()
        expected = sorted({self.grant.date.strftime("%Y-%m"): self.grant.amount, "2026-09": 500.0}.items())
        self.assertEqual((rows, total), (expected, self.grant.amount + 500))
        sheet = self.cells(self.render_xlsx("report_template_xlsx", amounts, admin)["报表"])
        self.assertEqual(sheet[0][0], "报表")
        self.assertEqual(sheet[3], ("Date", "Amount (yuan)"))
        self.assertEqual(sheet[-1], ("合计", self.grant.amount + 500))
        action = amounts.with_user(admin).action_open_pivot()
        self.assertEqual(action["context"]["pivot_row_groupby"], ["date:month"])
        self.assertEqual(self.env["student.aid.grant"].with_user(admin).search_count(action["domain"]), 2)

    def test_rows_by_custom_form_field(self):
        """Rows may follow a number or choice field of the school's own form (low-code), never a text one."""
        admin = self.users["a", "school_admin"]
        self.env["student.form.template"].with_user(admin).create({
            "name": "本校申请表", "res_model": "student.case", "company_id": self.school_a.id,
            "field_ids": [Command.create({"label": "家庭人口", "name": "family_size", "field_type": "integer"}),
                          Command.create({"label": "申请人电话", "name": "applicant_phone", "field_type": "char"})]})
        self.env["student.case"].with_user(self.users["a", "caseworker"]).create({
            "student_id": self.student_a1.id, "company_id": self.school_a.id, "description": "学业困难",
            "form_properties": {"family_size": 5, "applicant_phone": "13800000000"}})
        report = self.make(admin, row_property="family_size")
        rows, total = report._run()
        self.assertEqual(dict(rows)["5"], 1)
        self.assertEqual(total, 2)
        with self.assertRaisesRegex(ValidationError, "applicant_phone"):
            self.make(admin, row_property="applicant_phone")

    def test_county_report_counts_without_small_cells(self):
        """A county report counts its schools' records and shows no count below the threshold; never a person."""
        report = self.make(self.county_officer, row_field_id="company_id")
        rows, total = report._run()
        self.assertEqual((rows, total), ([("School A", "<3")], "<3"))
        self.county.report_min_count = 0
        self.assertEqual(report._run(), ([("School A", 1)], 1))
        text = str(self.cells(self.render_xlsx("report_template_xlsx", report, self.county_officer)["报表"]))
        self.assertNotIn(self.student_a2.name, text)
        with self.assertRaises(UserError):
            report.with_user(self.county_officer).action_open_pivot()
        with self.assertRaises(ValidationError):
            self.make(self.county_officer, row_field_id="student_id")
        # a filter naming a person (or free text) would tell "<3" from 0: refused
        for domain in (f"[('student_id.name', '=', '{self.student_a2.name}')]", "[('description', 'ilike', '变故')]",
                       f"[('student_id', '=', {self.student_a2.id})]"):
            with self.subTest(domain=domain), self.assertRaises(UserError):
                self.make(self.county_officer, row_field_id="company_id", domain=domain)._run()
        self.assertEqual(self.make(self.county_officer, domain="[('confirmed_date', '!=', False)]")._run()[1], 1)

    def test_remind_the_schools_that_have_not_submitted(self):
        """The county's reminder reaches the caseworkers of the schools that have not submitted, and only them."""
        self.sub[self.school_a].with_user(self.users["a", "caseworker"]).action_submit()
        self.round.with_user(self.county_officer).action_remind()
        for school, key, reminded in ((self.school_a, "a", False), (self.school_b, "b", True)):
            messages = self.sub[school].message_ids.filtered(lambda m: "Please submit" in str(m.body)
                                                             or "请于" in str(m.body))
            self.assertEqual(self.users[key, "caseworker"].partner_id in messages.partner_ids, reminded)
        with self.assertRaises(UserError):
            self.sub[self.school_b].with_user(self.users["b", "caseworker"]).write({"county_comment": "自己写的意见"})

    def test_reports_stay_with_their_owner(self):
        """School B neither reads nor runs school A's report; a caseworker runs reports but does not define them."""
        report = self.make(self.users["a", "school_admin"], row_field_id="company_id")
        for user in (self.users["b", "school_admin"], self.users["b", "caseworker"]):
            with self.subTest(user=user.login):
                self.assertEqual(self.env["student.report.template"].with_user(user).search_count([]), 0)
                with self.assertRaises(AccessError):
                    report.with_user(user)._run()
                with self.assertRaises(AccessError):
                    self.render_xlsx("report_template_xlsx", report, user)
        self.assertEqual(report.with_user(self.users["a", "caseworker"])._run()[1], 1)
        with self.assertRaises(AccessError):
            self.make(self.users["a", "caseworker"], row_field_id="company_id")

    def test_forms_open_for_every_role(self):
        """Rounds, submissions and report templates open in the web client for the roles that use them."""
        report = self.make(self.users["a", "school_admin"], row_field_id="company_id")
        self.assert_form_opens(report, [self.users["a", "school_admin"], self.users["a", "caseworker"]])
        self.assert_form_opens(self.sub[self.school_a], [self.users["a", "caseworker"], self.county_officer])
        self.assert_form_opens(self.round, [self.users["a", "caseworker"], self.county_officer])


@tagged("post_install", "-at_install")
class TestCountyBureauAlone(ReportsCommon):
    """The county's round works with the county bureau alone active in the company switcher."""

    def test_round_names_the_schools_with_the_county_alone_active(self):
        """With only the county bureau active, the officer reads the round's schools, missing ones and submissions."""
        self.sub[self.school_a].with_user(self.users["a", "caseworker"]).action_submit()
        self.env.invalidate_all()
        officer = self.county_officer.with_context(allowed_company_ids=self.county.ids)
        round_ = self.round.with_user(officer).with_context(allowed_company_ids=self.county.ids)
        values = round_.web_read({"missing_school_ids": {"fields": {"display_name": {}}},
                                  "submission_ids": {"fields": {"display_name": {}, "state": {}}}})[0]
        self.assertEqual([school["display_name"] for school in values["missing_school_ids"]], ["School B"])
        self.assertEqual(sorted(sub["display_name"].split(" · ")[0] for sub in values["submission_ids"]),
                         ["School A", "School B"])
