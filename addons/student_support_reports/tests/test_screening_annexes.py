import datetime
import io

import openpyxl

from odoo import Command
from odoo.addons.student_support.tests.common import make_national_id
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .test_official_reports import TERM, YEAR, ReportsCommon

ANNEX1_QUESTION = ("高校是否100%按照最高档次落实建档立卡、农村低保、农村特困救助、孤残学生、烈士子女及家庭遭遇自然灾害"
                   "或突发事件学生的国家助学金")
ANNEX2_QUESTION = ("义务教育阶段是否100%落实建档立卡、非建档立卡家庭经济困难残疾、农村低保、农村特困救助四类学生，"
                   "以及家庭经济困难寄宿生生活补助")
# the annexes' merged cells: the count block, the 100% question, the finding, the heading, the list's header
MERGED = {"A4:B5", "C4:C5", "D4:D5", "G4:H4", "J4:K4", "G5:H5", "J5:K5", "A6:F7", "H6:I6", "J6:L6", "H7:I7",
          "J7:L7", "A8:L8", "A9:L9", "A10:A11", "B10:B11", "C10:C11", "D10:D11", "E10:E11", "F10:F11", "G10:G11",
          "H10:H11", "I10:J10", "K10:K11", "L10:L11"}


class ScreeningCommon(ReportsCommon):
    """The reports' screening set-up, its users reading English (the tables print in Chinese whatever it is)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.county_officer, cls.users["a", "caseworker"], cls.users["b", "caseworker"]):
            user.lang = "en_US"  # the tables print in Chinese whatever the user's language

    def annex(self, submissions, user, name):
        workbook = self.render_xlsx("report_round_xlsx", submissions, user)
        return workbook, workbook[name], self.cells(workbook[name])

    def give(self, student, programme, amount, year=YEAR, **values):
        return self.env["student.aid.grant"].create({
            "student_id": student.id, "programme_id": programme.id, "amount": amount, "school_year": year,
            "term": TERM, "state": "paid", **values})

    def reopen(self, key):
        """The county returns school ``key``'s screening: its caseworker's draft again, read as they read it."""
        self.screenings[key].with_user(self.county_officer).action_return("请核对")
        return self.screenings[key].with_user(self.users[key, "caseworker"])


@tagged("post_install", "-at_install")
class TestScreeningAnnex1(ScreeningCommon):
    """Annex 1 of seed 004, a vocational school's table (school A), read back cell for cell; school B (junior
    secondary) answers Annex 2's question beside it in the county's detail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.school_a.school_stage = "vocational"  # the national grant is no compulsory-stage programme

    def test_school_annex1_cell_for_cell(self):
        """A school's Annex 1: title, issuer, the count block, the 100% answer 否 with its reasons, the finding,
        the two-row header of the list, the student's row (aid since enrolment), the notes; in Chinese."""
        # an aid of an earlier school year: the annex lists every aid since enrolment
        self.give(self.student_a2, self.programme, 500, year="2025-2026", date="2025-10-10")
        workbook, sheet, cells = self.annex(self.sub[self.school_a], self.users["a", "caseworker"], "附件1 汇总表")
        self.assertEqual(workbook.sheetnames, ["附件1 汇总表"])
        self.assertEqual((cells[0][0], cells[1][0]), ("附件1", "普通高校（中职学校）家庭经济困难学生排查统计汇总表"))
        self.assertEqual(cells[2][0], "学校名称（公章）：School A")
        self.assertEqual(cells[2][7], f"{YEAR}学年秋季学期　单位：人")
        self.assertTrue(MERGED <= {str(merged) for merged in sheet.merged_cells.ranges},
                        MERGED - {str(merged) for merged in sheet.merged_cells.ranges})
        # a1 orphan (highest national grant), a2 registered poor and disabled (500 only)
        self.assertEqual(cells[3], ("家庭困难学生总数", None, 2, "其中", "建档立卡学生数", 1,
                                    "非建档立卡的家庭经济困难残疾学生数", None, 0, "农村低保家庭学生数", None, 0))
        self.assertEqual(cells[4][4:], ("农村特困救助供养学生数", 0, "孤儿学生数", None, 1,
                                        "学校认定的其他家庭经济困难学生数", None, 0))
        self.assertEqual((cells[5][0], cells[5][6], cells[5][7], cells[5][9]),
                         (ANNEX1_QUESTION, "□是", "覆盖学生数", 1))
        self.assertEqual((cells[6][6], cells[6][7], cells[6][9]),
                         ("☑否", "具体原因及整改措施", "School A：名额不足，已追加申请"))
        self.assertEqual(cells[7][0], "经排查是否发现有应助未助学生情况    ☑是  □否")
        self.assertEqual(cells[8][0], "排查发现应助未助情况")
        self.assertEqual(cells[9], ("序号", "姓名", "身份证号", "学院（系）", "班级", "家庭经济困难类型",
                                    "是否建档立卡家庭", "是否已享受部分资助", "已享受资助项目情况", None,
                                    "其他应资助未资助原因", "解决措施与时限"))
        self.assertEqual(cells[10][8:10], ("时间", "名称"))
        categories = self.student_a2.hardship_category_ids.with_context(lang="zh_CN")
        self.assertNotEqual(categories.mapped("name"), categories.with_context(lang="en_US").mapped("name"))
        self.assertEqual(cells[11], (1, self.student_a2.name, self.student_a2.sudo().national_id, "School A",
                                     "三年级 2班", "、".join(categories.mapped("name")), "是", "☑是 □否",
                                     "2025-10-10\n2026-09-20", "国家助学金\n国家助学金", "资助名额不足",
                                     "追加国家助学金（2026-12-31前）"))
        self.assertTrue(cells[12][0].startswith("说明：1.家庭经济困难类型包括：建档立卡学生"))
        self.assertEqual(cells[13][0].strip(), "2.资助项目包括学生入学以来的所有资助项目。")

    def test_annex1_answer_follows_the_highest_national_grant(self):
        """是 only when every priority student has the highest tier of a national grant: another programme's
        highest tier leaves 否; the national grant's highest tier for a2 makes it 是, with no reason printed."""
        levels = self.env["student.difficulty.level"].search([])
        other = self.env["student.aid.programme"].create({
            "name": "校内助学金", "kind": "grant", "funding_source": "school", "amount_mode": "level",
            "stage_ids": [Command.set(self.env["student.school.stage"].search([]).ids)],
            "amount_ids": [Command.create({"level_id": level.id, "amount": 300}) for level in levels]})
        self.give(self.student_a2, other, 300)
        user = self.users["a", "caseworker"]
        _workbook, _sheet, cells = self.annex(self.sub[self.school_a], user, "附件1 汇总表")
        self.assertEqual((cells[5][6], cells[6][6], cells[5][9]), ("□是", "☑否", 1))
        self.partial_grant.amount = self.programme._highest_amount()
        _workbook, _sheet, cells = self.annex(self.sub[self.school_a], user, "附件1 汇总表")
        self.assertEqual((cells[5][6], cells[6][6], cells[5][9], cells[6][9]), ("☑是", "□否", 2, None))

    def test_screening_needs_reasons_when_not_every_priority_student_is_covered(self):
        """A vocational school answers Annex 1's question (a boarder in difficulty does not count): answering 否,
        its screening is submitted only with its reasons and measures, which the snapshot keeps."""
        own = self.reopen("a")
        self.assertTrue(own.coverage_question.startswith("Annex 1: "))
        self.assertIn("highest tier of the national grant", own.coverage_question)
        self.assertEqual((own.coverage_complete, own.coverage_figure), (False, "1 / 2"))
        self.student_a1.is_boarder = True  # Annex 2's boarders: not this school's question
        own.invalidate_recordset()
        self.assertEqual((own.coverage_complete, own.coverage_figure), (False, "1 / 2"))
        own.coverage_reason = " "
        with self.assertRaisesRegex(UserError, "highest tier of the national grant .1 / 2.: give the reasons"):
            own.action_submit()
        own.coverage_reason = "两名学生材料待补，12月底前补发"
        own.action_submit()
        submission = self.sub[self.school_a].with_user(self.users["a", "caseworker"])
        submission.action_submit()
        self.assertEqual(submission.figures["reason"], "两名学生材料待补，12月底前补发")
        with self.assertRaises(AccessError):  # school B never prints school A's table
            self.render_xlsx("report_round_xlsx", self.sub[self.school_a], self.users["b", "caseworker"])

    def test_county_detail_answers_each_school_its_question(self):
        """The county's 各校明细: the vocational school answers Annex 1's question, the junior secondary school
        Annex 2's; the other question's figures and answer read —, and the total answers each for its schools."""
        workbook, _sheet, cells = self.annex(self.round.submission_ids, self.county_officer, "附件2 汇总表")
        self.assertEqual((cells[5][0], cells[5][9]), (ANNEX2_QUESTION, 0))  # b1 (disabled) has no aid
        detail = self.cells(workbook["各校明细"])
        rows = {row[0]: dict(zip(detail[3], row, strict=True)) for row in detail[4:7]}
        national, compulsory = "是否100%按照最高档次落实国家助学金", "义务教育阶段是否100%落实"
        counted, covered = "应按最高档次落实国家助学金学生数", "覆盖学生数（国家助学金最高档次）"
        four, four_covered = "义务教育阶段四类学生及家庭经济困难寄宿生数", "覆盖学生数（义务教育阶段）"
        self.assertEqual({name: (row[counted], row[covered], row[national]) for name, row in rows.items()},
                         {"School A": (2, 1, "否"), "School B": ("—", "—", "—"), "合计": (2, 1, "否")})
        self.assertEqual({name: (row[four], row[four_covered], row[compulsory]) for name, row in rows.items()},
                         {"School A": ("—", "—", "—"), "School B": (1, 0, "否"), "合计": (1, 0, "否")})
        self.assertEqual(rows["School A"]["具体原因及整改措施"], "School A：名额不足，已追加申请")

    def test_university_annex1_names_its_colleges(self):
        """A university's Annex 1 covers its colleges: the list's column is 学院（系） and its rows name the college."""
        Company = self.env["res.company"]
        university = Company.create({"name": "University U", "parent_id": self.county.id,
                                     "school_stage": "higher_education"})
        college = Company.create({"name": "College of Arts", "parent_id": university.id, "org_type": "college",
                                  "school_stage": "higher_education"})
        user = new_test_user(self.env, login="test_caseworker_u", groups="student_support.group_caseworker",
                             company_id=university.id, company_ids=[Command.set((university | college).ids)])
        student = self.env["student.student"].create({
            "name": "陈晨", "company_id": college.id,
            "national_id": make_national_id(datetime.date(2006, 4, 2), 105),
            "hardship_category_ids": [Command.set(self.env["student.hardship.category"].search(
                [("code", "=", "martyr_child")]).ids)]})
        env = self.env(user=user, context={**self.env.context, "allowed_company_ids": (university | college).ids})
        screening = env["student.screening"].create({"company_id": college.id, "school_year": YEAR, "term": "spring"})
        screening.action_scan()
        self.assertEqual(screening.line_ids.student_id, student)
        screening.line_ids.write({"reason": "新生未申请", "measure": "补发国家助学金", "deadline": "2027-04-30"})
        screening.coverage_reason = "烈士子女陈晨未落实最高档，4月底前补发"
        screening.action_submit()
        spring = self.env["student.report.period"].with_user(self.county_officer).create(
            {"company_id": self.county.id, "kind": "screening", "school_year": YEAR, "term": "spring"})
        ours = env["student.report.submission"].search([("period_id", "=", spring.id)])
        self.assertEqual(ours.company_id, university | college)
        data, _kind = env["ir.actions.report"]._render_xlsx("student_support_reports.report_round_xlsx", ours.ids,
                                                            None)
        cells = self.cells(openpyxl.load_workbook(io.BytesIO(data))["附件1 汇总表"])
        self.assertEqual(cells[2][0], "学校名称（公章）：University U")
        self.assertEqual((cells[5][6], cells[6][6], cells[6][9]),
                         ("□是", "☑否", "College of Arts：烈士子女陈晨未落实最高档，4月底前补发"))
        self.assertEqual(cells[9][3], "学院（系）")
        self.assertEqual((cells[11][1], cells[11][3]), ("陈晨", "College of Arts"))
        with self.assertRaises(AccessError):  # the university's caseworker never prints school A's table
            env["ir.actions.report"]._render_xlsx("student_support_reports.report_round_xlsx",
                                                  self.sub[self.school_a].ids, None)


@tagged("post_install", "-at_install")
class TestScreeningAnnex2(ScreeningCommon):
    """Annex 2 of seed 004: the district's table, and a compulsory-stage school's (school A, primary) own part of
    it, with the question of the compulsory stage on its screening."""

    def test_primary_school_answers_annex2_question(self):
        """A primary school's screening asks Annex 2's question (the four categories, boarders' living subsidy):
        a boarder in difficulty without the boarders' living subsidy makes it 否, and the reason is then required
        to submit, the error naming the question."""
        own = self.reopen("a")
        self.assertTrue(own.coverage_question.startswith("Annex 2: in the compulsory stage"))
        self.assertIn("boarders' living subsidy", own.coverage_question)
        self.assertEqual(own.with_context(lang="zh_CN").coverage_question, f"附件2：{ANNEX2_QUESTION}")
        # a2 (registered poor and disabled) has aid, below the national grant's highest tier: covered here
        self.assertEqual((own.coverage_complete, own.coverage_figure), (True, "1 / 1"))
        own.coverage_reason = False
        own.action_submit()  # 是: no reason needed
        own = self.reopen("a")
        self.student_a1.is_boarder = True  # a1, orphan, boards: no boarders' living subsidy
        own.invalidate_recordset()  # as the next request reads it
        self.assertEqual((own.coverage_complete, own.coverage_figure), (False, "1 / 2"))
        with self.assertRaisesRegex(UserError, "boarder in difficulty has the boarders' living subsidy .1 / 2."):
            own.action_submit()
        own.coverage_reason = "张伟寄宿生生活补助待审核，12月10日前发放"
        own.action_submit()
        self.assertEqual(own.state, "submitted")

    def test_primary_school_prints_its_part_of_annex2(self):
        """A primary school's own table is Annex 2's layout: its title, 学校名称（公章）, Annex 2's question with the
        school's compulsory-stage figures and reasons, the list's column 学校; no detail sheet, no Annex 1."""
        self.student_a1.is_boarder = True
        workbook, sheet, cells = self.annex(self.sub[self.school_a], self.users["a", "caseworker"], "附件2 汇总表")
        self.assertEqual(workbook.sheetnames, ["附件2 汇总表"])
        self.assertEqual((cells[0][0], cells[1][0], cells[2][0]),
                         ("附件2", "区教育局家庭经济困难学生排查统计汇总表", "学校名称（公章）：School A"))
        self.assertTrue(MERGED <= {str(merged) for merged in sheet.merged_cells.ranges})
        self.assertEqual((cells[3][2], cells[3][5], cells[3][8], cells[4][8]), (2, 1, 0, 1))
        # a2 aided, a1 a boarder in difficulty without the boarders' living subsidy: 1 of 2
        self.assertEqual((cells[5][0], cells[5][6], cells[6][6], cells[5][9], cells[6][9]),
                         (ANNEX2_QUESTION, "□是", "☑否", 1, "School A：名额不足，已追加申请"))
        self.assertEqual(cells[9][3], "学校")
        self.assertEqual((cells[11][1], cells[11][3]), (self.student_a2.name, "School A"))
        self.assertTrue(cells[12][0].startswith("说明：1.家庭经济困难类型包括："))
        with self.assertRaises(AccessError):  # school B never prints school A's table
            self.render_xlsx("report_round_xlsx", self.sub[self.school_a], self.users["b", "caseworker"])
        with self.assertRaises(AccessError):  # nor school A's screening
            self.screenings["a"].with_user(self.users["b", "caseworker"]).read(["coverage_question", "coverage_figure"])

    def test_county_annex2_compulsory_stage_and_boarders(self):
        """Annex 2: the county's totals, 是 only when every compulsory-stage student of the four categories has aid
        and every boarder in difficulty the boarders' living subsidy; the county's own reasons; then its schools."""
        self.round.with_user(self.county_officer).coverage_reason = "张伟资助待发放，12月底前完成"
        submissions = self.round.submission_ids
        # a2 (registered poor, aided) and b1 (disabled, no aid): 1 of 2
        _workbook, sheet, cells = self.annex(submissions, self.county_officer, "附件2 汇总表")
        self.assertEqual((cells[0][0], cells[1][0], cells[2][0]),
                         ("附件2", "区教育局家庭经济困难学生排查统计汇总表",
                          "区教育局名称（公章）：Test County Bureau"))
        self.assertTrue(MERGED <= {str(merged) for merged in sheet.merged_cells.ranges})
        self.assertEqual((cells[3][2], cells[3][5], cells[3][8], cells[4][8]), (3, 1, 1, 1))
        self.assertEqual((cells[5][0], cells[5][6], cells[6][6], cells[5][9], cells[6][9]),
                         (ANNEX2_QUESTION, "□是", "☑否", 1, "张伟资助待发放，12月底前完成"))
        self.assertEqual(cells[9][3], "学校")
        # b1 aided; a1, orphan, boards: a boarder in difficulty without the boarders' subsidy
        self.give(self.student_b1, self.programme, 500)
        self.student_a1.is_boarder = True
        _workbook, _sheet, cells = self.annex(submissions, self.county_officer, "附件2 汇总表")
        self.assertEqual((cells[5][6], cells[6][6], cells[5][9]), ("□是", "☑否", 2))
        subsidy = self.env["student.aid.programme"].create({
            "name": "家庭经济困难寄宿生生活补助", "kind": "boarding_subsidy", "funding_source": "national",
            "amount_mode": "fixed", "amount_fixed": 625,
            "stage_ids": [Command.set(self.env["student.school.stage"].search([]).ids)]})
        self.give(self.student_a1, subsidy, 625)
        workbook, _sheet, cells = self.annex(submissions, self.county_officer, "附件2 汇总表")
        self.assertEqual((cells[5][6], cells[6][6], cells[5][9], cells[6][9]), ("☑是", "□否", 3, None))
        detail = self.cells(workbook["各校明细"])
        headers = detail[3]
        rows = {row[0]: dict(zip(headers, row, strict=True)) for row in detail[4:7]}
        self.assertEqual({name: row["覆盖学生数（义务教育阶段）"] for name, row in rows.items()},
                         {"School A": 2, "School B": 1, "合计": 3})
        self.assertEqual(rows["合计"]["义务教育阶段是否100%落实"], "是")
        # both schools are of the compulsory stage: Annex 1's question is nobody's here
        self.assertEqual({name: (row["应按最高档次落实国家助学金学生数"], row["是否100%按照最高档次落实国家助学金"])
                          for name, row in rows.items()},
                         {"School A": ("—", "—"), "School B": ("—", "—"), "合计": (0, "—")})
