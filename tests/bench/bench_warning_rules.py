"""Benchmark: the full run of the warning rules over N students, next to one plain SQL
count of the same conditions, in the same run on the same database.

    bin/bench [--students 100000]     (see README.md)

Needs a database with the addons installed (bin/test leaves student_support_test;
SSP_BENCH_DB names another); everything it writes is rolled back.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

from bench_entitlement_import import make_students, national_ids, open_registry

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

SQL_COUNT = """
SELECT count(*) FROM student_student s
 WHERE s.company_id = %(school)s AND s.active AND s.enrolment_state = 'enrolled'
   AND EXISTS (SELECT 1 FROM student_hardship_category_student_student_rel r WHERE r.student_student_id = s.id)
   AND NOT EXISTS (SELECT 1 FROM student_home_visit v WHERE v.student_id = s.id AND v.date >= %(year_start)s)
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100000)
    args, _others = parser.parse_known_args()  # the other benchmarks' options
    registry = open_registry(os.environ.get("SSP_ADDONS_PATH"))
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
        county = env["res.company"].create({"name": "Bench county", "org_type": "county_bureau"})
        school = env["res.company"].create({"name": "Bench school", "parent_id": county.id, "school_stage": "primary"})
        student_ids = make_students(env, school, national_ids(args.students, seed=21))
        category = env["student.hardship.category"].search([], limit=1)
        # every other student disadvantaged, every fourth of those visited this year
        cr.execute(SQL("INSERT INTO student_hardship_category_student_student_rel (student_student_id, "
                       "student_hardship_category_id) SELECT unnest(%s::int[]), %s", student_ids[::2], category.id))
        cr.execute(SQL("INSERT INTO student_home_visit (student_id, company_id, date, mode, create_uid, write_uid, "
                       "create_date, write_date) SELECT unnest(%s::int[]), %s, now()::date, 'in_person', 1, 1, "
                       "now(), now()", student_ids[::8], school.id))
        env.invalidate_all()
        seeded = env["student.warning.rule"].search([])
        # the bench school's own copies (a rule's owner company is fixed once created)
        rules = env["student.warning.rule"].browse(
            [rule.copy({"company_id": school.id, "name": rule.name}).id for rule in seeded])
        rule = rules[list(seeded.ids).index(env.ref("student_support.warning_rule_no_home_visit").id)]
        env.flush_all()

        started = time.perf_counter()
        env["student.warning"]._evaluate(rules)
        env.flush_all()
        ours = time.perf_counter() - started
        raised = env["student.warning"].search_count([("rule_id", "=", rule.id), ("company_id", "=", school.id)])

        year_start = f"{time.localtime().tm_year}-01-01"
        started = time.perf_counter()
        cr.execute(SQL(SQL_COUNT.replace("%(school)s", "%s").replace("%(year_start)s", "%s"), school.id, year_start))
        expected = cr.fetchone()[0]
        baseline = time.perf_counter() - started

        started = time.perf_counter()
        env["student.warning"]._evaluate(rules)  # a second run: nothing new, nothing lost
        env.flush_all()
        again = time.perf_counter() - started
        assert env["student.warning"].search_count([("rule_id", "=", rule.id)]) == raised
        cr.rollback()

    assert raised == expected, (raised, expected)
    print(f"warning rules, first run over {args.students} students: {ours:.1f} s ({raised} warnings raised)")
    print(f"warning rules, second run (nothing changes):       {again:.1f} s")
    print(f"plain SQL count of the same condition:            {baseline * 1000:.0f} ms ({expected})")
    print(f"ratio: first run {ours / baseline:,.0f}x, second run {again / baseline:,.0f}x the SQL count")


if __name__ == "__main__":
    main()
