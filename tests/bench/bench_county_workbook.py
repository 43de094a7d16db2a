"""Benchmark: the county's consolidated screening workbook (附件2) for N schools and M
students, next to the same figures computed by one SQL query, in the same run.

    bin/bench [--schools 100] [--students 100000]     (see README.md)

Needs a database with the addons installed (bin/test leaves student_support_test;
SSP_BENCH_DB names another); everything it writes is rolled back. The workbook is
made as a county officer, through the report action a county user clicks.
"""

import argparse
import io
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

import openpyxl
from bench_entitlement_import import open_registry

from odoo import SUPERUSER_ID, Command, api
from odoo.tools import SQL

YEAR, TERM = "2026-2027", "autumn"
# Annex 1's categories owed the national grant's highest tier
NATIONAL_GRANT_CODES = ["registered_poor", "minimum_living", "extreme_poverty", "orphan", "disabled", "martyr_child",
                        "disaster"]
# the figures of Annex 2 per school, in one statement: what the workbook must show
ONE_QUERY = """
SELECT s.company_id, count(*),
       count(*) FILTER (WHERE 'registered_poor' = ANY(codes)),
       count(*) FILTER (WHERE 'disabled' = ANY(codes) AND NOT 'registered_poor' = ANY(codes)),
       count(*) FILTER (WHERE 'minimum_living' = ANY(codes)),
       count(*) FILTER (WHERE 'extreme_poverty' = ANY(codes)),
       count(*) FILTER (WHERE 'orphan' = ANY(codes)),
       count(*) FILTER (WHERE NOT codes && ARRAY['registered_poor', 'disabled', 'minimum_living',
                                                 'extreme_poverty', 'orphan']::varchar[]),
       count(*) FILTER (WHERE codes && %(grant_codes)s::varchar[]),
       count(*) FILTER (WHERE codes && %(grant_codes)s::varchar[] AND EXISTS (
           SELECT 1 FROM student_aid_grant g JOIN student_aid_programme p ON p.id = g.programme_id
            WHERE g.student_id = s.id AND g.school_year = %(year)s AND g.term IN (%(term)s, 'year')
              AND g.state != 'cancelled' AND g.is_highest_tier AND p.kind = 'national_grant')),
       (SELECT count(*) FROM student_screening_line l JOIN student_screening sc ON sc.id = l.screening_id
         WHERE sc.company_id = s.company_id AND sc.school_year = %(year)s AND sc.term = %(term)s
           AND l.finding != 'no_longer_qualifies')
  FROM (SELECT st.id, st.company_id, array_agg(c.code) AS codes, bool_or(c.is_priority) AS priority
          FROM student_student st
          JOIN student_hardship_category_student_student_rel r ON r.student_student_id = st.id
          JOIN student_hardship_category c ON c.id = r.student_hardship_category_id
         WHERE st.company_id = ANY(%(schools)s) AND st.active AND st.enrolment_state = 'enrolled'
      GROUP BY st.id) s
 GROUP BY s.company_id
"""


def populate(env, schools, students):
    """Students spread over the schools, a third in difficulty, a grant for half of those (SQL: not measured)."""
    rng = random.Random(3)
    cr = env.cr
    cr.execute(SQL(
        """INSERT INTO student_student (name, company_id, enrolment_state, active, household_registration,
                                        create_uid, write_uid, create_date, write_date)
           SELECT 'Bench ' || n, (%s::int[])[1 + n %% %s], 'enrolled', true, 'rural', 1, 1, now(), now()
             FROM generate_series(1, %s) n RETURNING id""", schools.ids, len(schools), students))
    student_ids = [row[0] for row in cr.fetchall()]
    categories = env["student.hardship.category"].search([]).ids
    poor = [sid for sid in student_ids if rng.random() < 1 / 3]
    pairs = {(sid, rng.choice(categories)) for sid in poor} | {
        (sid, rng.choice(categories)) for sid in poor if rng.random() < 0.2}
    cr.execute(SQL(
        """INSERT INTO student_hardship_category_student_student_rel (student_student_id, student_hardship_category_id)
           SELECT * FROM unnest(%s::int[], %s::int[])""", [p[0] for p in pairs], [p[1] for p in pairs]))
    programme = env["student.aid.programme"].create({
        "name": "Bench grant", "kind": "national_grant", "funding_source": "national", "amount_mode": "fixed",
        "amount_fixed": 1000, "period": "term"})
    aided = [sid for sid in poor if rng.random() < 0.5]
    cr.execute(SQL(
        """INSERT INTO student_aid_grant (student_id, company_id, programme_id, amount, date, school_year, term,
                                          state, is_highest_tier, create_uid, write_uid, create_date, write_date)
           SELECT s.id, s.company_id, %s, 1000, '2026-10-10', %s, %s, 'paid', (s.id %% 3 = 0), 1, 1, now(), now()
             FROM student_student s WHERE s.id = ANY(%s)""", programme.id, YEAR, TERM, aided))
    # each school's submitted screening lists the poor students without a grant (the unaided list)
    cr.execute(SQL(
        """INSERT INTO student_screening (company_id, county_id, school_year, term, state, create_uid, write_uid,
                                          create_date, write_date)
           SELECT id, %s, %s, %s, 'submitted', 1, 1, now(), now() FROM res_company WHERE id = ANY(%s)""",
        schools[:1].county_id.id, YEAR, TERM, schools.ids))
    unaided = [sid for sid in poor if sid not in set(aided)][: len(poor) // 10]
    cr.execute(SQL(
        """INSERT INTO student_screening_line (screening_id, company_id, student_id, finding, reason, measure,
                                               deadline, create_uid, write_uid, create_date, write_date)
           SELECT sc.id, s.company_id, s.id, 'identified_unaided', '名额不足', '追加资助', '2026-12-31', 1, 1,
                  now(), now()
             FROM student_student s JOIN student_screening sc ON sc.company_id = s.company_id
            WHERE s.id = ANY(%s)""", unaided))
    return len(poor)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--students", type=int, default=100000)
    args, _others = parser.parse_known_args()
    registry = open_registry(os.environ.get("SSP_ADDONS_PATH"))
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "zh_CN"})
        county = env["res.company"].create({"name": "Bench county", "org_type": "county_bureau"})
        schools = env["res.company"].create([{"name": f"Bench school {n:03d}", "parent_id": county.id,
                                              "school_stage": "vocational"} for n in range(args.schools)])
        officer = env["res.users"].create({
            "name": "Bench county officer", "login": "bench_county_officer", "company_id": county.id,
            "company_ids": [Command.set((county | schools).ids)],
            "group_ids": [Command.link(env.ref("student_support.group_county_officer").id)]})
        in_difficulty = populate(env, schools, args.students)
        env.flush_all()
        env.invalidate_all()

        started = time.perf_counter()
        officer_env = env(user=officer)
        period = officer_env["student.report.period"].create(
            {"company_id": county.id, "kind": "screening", "school_year": YEAR, "term": TERM})
        data, _kind = officer_env["ir.actions.report"]._render_xlsx(
            "student_support_reports.report_round_xlsx", period.submission_ids.ids, None)
        env.flush_all()
        ours = time.perf_counter() - started

        started = time.perf_counter()
        cr.execute(SQL(ONE_QUERY, year=YEAR, term=TERM, schools=schools.ids, grant_codes=NATIONAL_GRANT_CODES))
        expected = {row[0]: row[1:] for row in cr.fetchall()}
        baseline = time.perf_counter() - started

        workbook = openpyxl.load_workbook(io.BytesIO(data))
        sheet = workbook["各校明细"]  # the county's detail: a row per school after Annex 2
        names = dict(zip(schools.mapped("name"), schools.ids, strict=True))
        # the counts, Annex 1's priority and covered students, and the unaided count (vocational schools answer
        # Annex 1's question; the compulsory stage's columns read "—")
        shown = {names[row[0]]: (*row[2:11], row[13]) for row in sheet.iter_rows(min_row=5, values_only=True)
                 if row[0] in names}
        assert shown == expected, "the workbook and the query disagree"
        total = next(row for row in sheet.iter_rows(min_row=5, values_only=True) if row[0] == "合计")
        assert total[2] == in_difficulty, (total[2], in_difficulty)
        annex = workbook["附件2 汇总表"]
        assert annex.cell(4, 3).value == in_difficulty, (annex.cell(4, 3).value, in_difficulty)
        # the list's numbered rows start below the count block, the question and the two-row header
        listed = sum(1 for row in annex.iter_rows(min_row=12, values_only=True) if isinstance(row[0], int))
        assert listed == total[13], (listed, total[13])
        cr.rollback()

    print(f"county workbook (附件2): {args.schools} schools, {args.students} students "
          f"({in_difficulty} in difficulty, {listed} listed unaided) in {ours:.2f} s")
    print(f"one SQL query of the same figures: {baseline:.2f} s")
    print(f"ratio: {ours / baseline:.1f}x the query (the workbook also opens the round, a submission per school)")


if __name__ == "__main__":
    main()
