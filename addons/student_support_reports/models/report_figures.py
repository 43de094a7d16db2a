import datetime

from odoo import api, models
from odoo.addons.student_support.models.elevated import elevated
from odoo.addons.student_support.models.student_graduate import MIN_OFFERS
from odoo.exceptions import AccessError
from odoo.tools import SQL

# Annex 1/2 of seed 004: the difficulty types counted, in the annex's order, then the answers to the
# 100% questions (Annex 1 asks it of a school, Annex 2 of the district) and the unaided count.
SCREENING_KEYS = [
    ("total", "家庭困难学生总数"),
    ("registered_poor", "建档立卡学生数"),
    ("disabled", "非建档立卡的家庭经济困难残疾学生数"),
    ("minimum_living", "农村低保家庭学生数"),
    ("extreme_poverty", "农村特困救助供养学生数"),
    ("orphan", "孤儿学生数"),
    ("other", "学校认定的其他家庭经济困难学生数"),
    ("priority", "应按最高档次落实国家助学金学生数"),
    ("covered", "覆盖学生数（国家助学金最高档次）"),
    ("compulsory_priority", "义务教育阶段四类学生及家庭经济困难寄宿生数"),
    ("compulsory_covered", "覆盖学生数（义务教育阶段）"),
    ("unaided", "应助未助学生数"),
]
ANNEX_CODES = ["registered_poor", "disabled", "minimum_living", "extreme_poverty", "orphan"]
# Annex 1: the national grant's highest tier for 建档立卡、农村低保、农村特困救助、孤残学生、烈士子女及家庭遭遇
# 自然灾害或突发事件学生
NATIONAL_GRANT_CODES = ["registered_poor", "minimum_living", "extreme_poverty", "orphan", "disabled",
                        "martyr_child", "disaster"]
# Annex 2: in the compulsory stage, aid for 建档立卡、非建档立卡家庭经济困难残疾、农村低保、农村特困救助 students,
# and the boarders' living subsidy for boarders in difficulty
COMPULSORY_CODES = ["registered_poor", "disabled", "minimum_living", "extreme_poverty"]
COMPULSORY_STAGES = ["primary", "junior_secondary"]


def is_compulsory(school):
    """Whether ``school`` (a res.company) teaches the compulsory stage: Annex 2's question is its part of the
    district's statement; the national grant of Annex 1 is no compulsory-stage programme."""
    return school.school_stage in COMPULSORY_STAGES


def coverage_keys(school):
    """(students counted, students covered): the figure keys of the 100% question that applies to ``school``,
    Annex 2's (the four categories aided, boarders with the boarders' living subsidy) in the compulsory stage,
    else Annex 1's (the highest tier of the national grant for the priority categories)."""
    return ("compulsory_priority", "compulsory_covered") if is_compulsory(school) else ("priority", "covered")

# Seed 002's statistics table: care given in the term, next to the students by category.
CARE_KEYS = [
    ("cases", "重点帮扶对象数"),
    ("talks", "谈心谈话次数"),
    ("support_records", "帮扶记录数"),
    ("home_visits", "家访次数"),
    ("checkins", "关爱打卡次数"),
    ("grants", "资助人次"),
    ("grant_amount", "资助金额（元）"),
]
# Seed 002's semester roll ledger (控辍保学): students missing in the term, by absence type, and
# those persuaded back; the keys are "dropout_<absence type>" (student.dropout.record).
DROPOUT_KEYS = [
    ("dropout_dropout", "辍学人数"),
    ("dropout_sick_leave", "长期病假人数"),
    ("dropout_suspension", "休学人数"),
    ("dropout_not_reported", "未按时报到人数"),
    ("dropout_other", "其他原因未到校人数"),
    ("dropout_persuaded", "劝返复学人数"),
]
# Seed 002's employment support: the graduate database of the school year and the targeted job
# offers of the term (at least three per graduate).
EMPLOYMENT_KEYS = [
    ("graduates", "困境毕业生数"),
    ("graduates_3_offers", "获得3个以上岗位信息的毕业生数"),
    ("graduates_employed", "已就业毕业生数"),
    ("job_offers", "提供岗位信息数"),
]


def term_dates(school_year, term):
    """First and last day of a term of a school year ("2026-2027", "autumn" → 2026-09-01 … 2027-02-28)."""
    start = int(school_year[:4])
    if term == "autumn":
        return datetime.date(start, 9, 1), datetime.date(start + 1, 3, 1) - datetime.timedelta(days=1)
    if term == "spring":
        return datetime.date(start + 1, 3, 1), datetime.date(start + 1, 8, 31)
    return datetime.date(start, 9, 1), datetime.date(start + 1, 8, 31)


class StudentReportFigures(models.AbstractModel):
    """The figures of the official tables, per school, in a few grouped queries.

    Every report of this addon (a school's own table, its snapshot when it submits,
    the county's workbook) takes its figures from here, so a county total is the
    sum of the schools' own figures. Counts only, and the screening's 具体原因及整改措施 (the school's
    statement of why not every priority student is covered): no name, ID number or personal note.
    """

    _name = "student.report.figures"
    _description = "Official report figures"

    @api.model
    @elevated("names of the schools refused, in the refusal's message: company names, no personal data")
    def _check_schools(self, schools):
        """Figures are read in SQL: the user must work in each school (a county officer in the county's)."""
        outside = schools - self.env.user.company_ids
        if outside and not self.env.su:
            raise AccessError(self.env._("You may not report on %(schools)s.",
                                         schools=", ".join(outside.sudo().mapped("name"))))

    @api.model
    def _difficulty_rows(self, schools, school_year):
        """SQL of the enrolled students in difficulty of ``schools`` (a hardship category or an
        approved identification this school year), with their category codes and priority flag."""
        return SQL(
            """SELECT s.id, s.company_id,
                      COALESCE(array_agg(c.code) FILTER (WHERE c.id IS NOT NULL), '{}') AS codes,
                      COALESCE(bool_or(c.is_priority), false) AS priority
                 FROM student_student s
            LEFT JOIN student_hardship_category_student_student_rel r ON r.student_student_id = s.id
            LEFT JOIN student_hardship_category c ON c.id = r.student_hardship_category_id AND c.active
                WHERE s.company_id = ANY(%(schools)s) AND s.active AND s.enrolment_state = 'enrolled'
                  AND (r.student_student_id IS NOT NULL OR EXISTS (
                        SELECT 1 FROM student_identification i
                         WHERE i.student_id = s.id AND i.active AND i.school_year = %(year)s
                           AND i.workflow_state = 'approved'))
             GROUP BY s.id""",
            schools=schools.ids, year=school_year)

    @api.model
    def _screening_figures(self, schools, school_year, term):
        """{school id: {key of SCREENING_KEYS: count, "reason": text}} for the screening summary (Annexes 1
        and 2 of seed 004); "reason" is the school's 具体原因及整改措施, written on its screening."""
        self._check_schools(schools)
        self.env.flush_all()  # plain SQL below: the students, grants and screening as just written
        result = {school.id: {**dict.fromkeys((key for key, _label in SCREENING_KEYS), 0), "reason": ""}
                  for school in schools}
        rows = self.env.execute_query(SQL(
            """WITH d AS (%(difficulty)s),
                    aid AS (SELECT g.student_id,
                                   bool_or(p.kind = 'national_grant' AND g.is_highest_tier) AS national_highest,
                                   bool_or(p.kind = 'boarding_subsidy') AS boarding_subsidy
                              FROM student_aid_grant g JOIN student_aid_programme p ON p.id = g.programme_id
                             WHERE g.company_id = ANY(%(schools)s) AND g.school_year = %(year)s
                               AND g.term IN (%(term)s, 'year') AND g.state != 'cancelled'
                          GROUP BY g.student_id),
                    x AS (SELECT d.company_id, d.codes, aid.student_id IS NOT NULL AS aided,
                                 d.codes && %(grant_codes)s::varchar[] AS grant_priority,
                                 COALESCE(aid.national_highest, false) AS national_highest,
                                 c.school_stage = ANY(%(stages)s) AND d.codes && %(compulsory)s::varchar[] AS four,
                                 c.school_stage = ANY(%(stages)s) AND COALESCE(s.is_boarder, false) AS boarder,
                                 COALESCE(aid.boarding_subsidy, false) AS boarding_subsidy
                            FROM d JOIN student_student s ON s.id = d.id
                            JOIN res_company c ON c.id = d.company_id
                       LEFT JOIN aid ON aid.student_id = d.id)
             SELECT company_id, count(*),
                    count(*) FILTER (WHERE 'registered_poor' = ANY(codes)),
                    count(*) FILTER (WHERE 'disabled' = ANY(codes) AND NOT 'registered_poor' = ANY(codes)),
                    count(*) FILTER (WHERE 'minimum_living' = ANY(codes)),
                    count(*) FILTER (WHERE 'extreme_poverty' = ANY(codes)),
                    count(*) FILTER (WHERE 'orphan' = ANY(codes)),
                    count(*) FILTER (WHERE NOT codes && %(annex)s::varchar[]),
                    count(*) FILTER (WHERE grant_priority),
                    count(*) FILTER (WHERE grant_priority AND national_highest),
                    count(*) FILTER (WHERE four OR boarder),
                    count(*) FILTER (WHERE (four OR boarder) AND (aided OR NOT four)
                                       AND (boarding_subsidy OR NOT boarder))
               FROM x
           GROUP BY company_id""",
            difficulty=self._difficulty_rows(schools, school_year), schools=schools.ids, year=school_year,
            term=term, annex=ANNEX_CODES, grant_codes=NATIONAL_GRANT_CODES, compulsory=COMPULSORY_CODES,
            stages=COMPULSORY_STAGES))
        keys = [key for key, _label in SCREENING_KEYS if key != "unaided"]
        for company_id, *counts in rows:
            result[company_id].update(zip(keys, counts, strict=True))
        for company_id, count, reason in self.env.execute_query(SQL(
                """SELECT sc.company_id, count(l.id) FILTER (WHERE l.finding != 'no_longer_qualifies'),
                          min(sc.coverage_reason)
                     FROM student_screening sc LEFT JOIN student_screening_line l ON l.screening_id = sc.id
                    WHERE sc.company_id = ANY(%s) AND sc.school_year = %s AND sc.term = %s
                 GROUP BY sc.company_id""", schools.ids, school_year, term)):
            result[company_id].update(unaided=count, reason=reason or "")
        return result

    @api.model
    def _statistics_keys(self):
        """[(key, label)] of seed 002's statistics table: students in difficulty, by category, then care."""
        categories = self.env["student.hardship.category"].search([("code", "!=", False)])
        return ([("total", "困境学生总数")] + [(f"cat_{c.code}", c.name) for c in categories] + CARE_KEYS
                + DROPOUT_KEYS + EMPLOYMENT_KEYS)

    @api.model
    def _statistics_figures(self, schools, school_year, term):
        """{school id: {key of _statistics_keys: figure}} for a term (seed 002's table)."""
        self._check_schools(schools)
        keys = [key for key, _label in self._statistics_keys()]
        result = {school.id: dict.fromkeys(keys, 0) for school in schools}
        first, last = term_dates(school_year, term)
        for company_id, total, by_code in self.env.execute_query(SQL(
                """WITH d AS (%s)
                   SELECT company_id, count(*),
                          (SELECT jsonb_object_agg(code, n) FROM (
                               SELECT code, count(*) AS n FROM d d2, unnest(d2.codes) code
                                WHERE d2.company_id = d.company_id GROUP BY code) x)
                     FROM d GROUP BY company_id""", self._difficulty_rows(schools, school_year))):
            result[company_id]["total"] = total
            for code, count in (by_code or {}).items():
                if f"cat_{code}" in result[company_id]:
                    result[company_id][f"cat_{code}"] = count
        queries = {
            "cases": SQL("""SELECT company_id, count(*) FROM student_case
                             WHERE company_id = ANY(%s) AND active AND confirmed_date IS NOT NULL
                               AND confirmed_date <= %s AND (exit_date IS NULL OR exit_date >= %s)
                          GROUP BY company_id""", schools.ids, last, first),
            "talks": SQL("""SELECT company_id, count(*) FROM student_support_record
                             WHERE company_id = ANY(%s) AND kind = 'talk' AND date BETWEEN %s AND %s
                          GROUP BY company_id""", schools.ids, first, last),
            "support_records": SQL("""SELECT company_id, count(*) FROM student_support_record
                                       WHERE company_id = ANY(%s) AND date BETWEEN %s AND %s
                                    GROUP BY company_id""", schools.ids, first, last),
            "home_visits": SQL("""SELECT company_id, count(*) FROM student_home_visit
                                   WHERE company_id = ANY(%s) AND date BETWEEN %s AND %s
                                GROUP BY company_id""", schools.ids, first, last),
            "checkins": SQL("""SELECT company_id, count(*) FROM student_care_checkin
                                WHERE company_id = ANY(%s) AND date BETWEEN %s AND %s
                             GROUP BY company_id""", schools.ids, first, last),
        }
        for key, query in queries.items():
            for company_id, count in self.env.execute_query(query):
                result[company_id][key] = count
        for company_id, count, amount in self.env.execute_query(SQL(
                """SELECT company_id, count(*), COALESCE(sum(amount), 0) FROM student_aid_grant
                    WHERE company_id = ANY(%s) AND school_year = %s AND term IN (%s, 'year') AND state != 'cancelled'
                 GROUP BY company_id""", schools.ids, school_year, term)):
            result[company_id]["grants"] = count
            result[company_id]["grant_amount"] = round(amount, 2)
        for company_id, absence_type, count, persuaded in self.env.execute_query(SQL(
                """SELECT company_id, absence_type, count(DISTINCT student_id),
                          count(DISTINCT student_id) FILTER (WHERE persuaded_back)
                     FROM student_dropout_record
                    WHERE company_id = ANY(%s) AND school_year = %s AND term = %s
                 GROUP BY company_id, absence_type""", schools.ids, school_year, term)):
            if f"dropout_{absence_type}" in result[company_id]:
                result[company_id][f"dropout_{absence_type}"] = count
            result[company_id]["dropout_persuaded"] += persuaded
        # the count of offers is a stored compute: offers added in this transaction are counted too
        self.env["student.graduate"].flush_model(["offer_count", "state", "school_year", "company_id"])
        for company_id, graduates, offered, employed in self.env.execute_query(SQL(
                """SELECT company_id, count(*), count(*) FILTER (WHERE offer_count >= %s),
                          count(*) FILTER (WHERE state = 'employed')
                     FROM student_graduate WHERE company_id = ANY(%s) AND school_year = %s
                 GROUP BY company_id""", MIN_OFFERS, schools.ids, school_year)):
            result[company_id].update(graduates=graduates, graduates_3_offers=offered, graduates_employed=employed)
        for company_id, count in self.env.execute_query(SQL(
                """SELECT company_id, count(*) FROM student_job_offer
                    WHERE company_id = ANY(%s) AND date BETWEEN %s AND %s GROUP BY company_id""",
                schools.ids, first, last)):
            result[company_id]["job_offers"] = count
        return result


# Seed 002's filing (备案): the school files its confirmed key-support cases with the county.
FILING_KEYS = [
    ("filed_cases", "在册重点帮扶对象数"),
    ("filed_new", "本学期新确定人数"),
    ("filed_exited", "本学期退出人数"),
    ("filed_auto", "其中免申即享人数"),
]
# The register's columns, in order: nothing that names or numbers the student (no name, ID or register
# number, class, mentor, applicant or note): the county learns how many, not who.
FILING_REGISTER_HEADERS = ["序号", "档案编号", "学校", "成长困境", "来源", "申请日期", "确定日期", "退出日期", "状态"]


def case_in_term_domain(schools, school_year, term):
    """Domain of the key-support cases of ``schools`` under support at some time in the term: confirmed by
    its last day, not exited before its first (the statistics table's 重点帮扶对象数 counts the same)."""
    first, last = term_dates(school_year, term)
    return [("company_id", "in", schools.ids), ("confirmed_date", "!=", False), ("confirmed_date", "<=", last),
            "|", ("exit_date", "=", False), ("exit_date", ">=", first)]


class StudentFilingFigures(models.AbstractModel):
    """The filing's counts per school (SQL, counts only: the county sees them before a school files)."""

    _inherit = "student.report.figures"

    @api.model
    def _filing_figures(self, schools, school_year, term):
        """{school id: {key of FILING_KEYS: count}} of the key-support cases under support in the term."""
        self._check_schools(schools)
        result = {school.id: dict.fromkeys((key for key, _label in FILING_KEYS), 0) for school in schools}
        first, last = term_dates(school_year, term)
        for company_id, *counts in self.env.execute_query(SQL(
                """SELECT company_id, count(*),
                          count(*) FILTER (WHERE confirmed_date >= %(first)s),
                          count(*) FILTER (WHERE exit_date <= %(last)s),
                          count(*) FILTER (WHERE origin = 'auto')
                     FROM student_case
                    WHERE company_id = ANY(%(schools)s) AND active AND confirmed_date IS NOT NULL
                      AND confirmed_date <= %(last)s AND (exit_date IS NULL OR exit_date >= %(first)s)
                 GROUP BY company_id""", schools=schools.ids, first=first, last=last)):
            result[company_id].update(zip((key for key, _label in FILING_KEYS), counts, strict=True))
        return result
