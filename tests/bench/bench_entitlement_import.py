"""Benchmark: importing an auto-entitlement list (免申即享) of N rows, next to Odoo's own
``load()`` doing the same updates, both in the same run on the same database.

    bin/bench [--rows 50000] [--load-rows 2000]     (see README.md)

It needs a database with the addons installed (bin/test leaves one:
student_support_test; SSP_BENCH_DB names another). Everything it writes is rolled
back at the end. The figures: rows per second of each, and their ratio.
"""

import argparse
import base64
import datetime
import os
import random
import time

import odoo.service.server
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import SQL, config


def national_ids(count, seed=7):
    """``count`` distinct well-formed ID numbers (call once the registry is open)."""
    from odoo.addons.student_support.tests.common import make_national_id

    rng, numbers = random.Random(seed), set()
    start = datetime.date(2006, 1, 1)
    while len(numbers) < count:
        numbers.add(make_national_id(start + datetime.timedelta(days=rng.randrange(5000)), rng.randrange(1000)))
    return sorted(numbers)


def make_students(env, school, numbers):
    """The students, inserted in one statement: the set-up is not what is measured."""
    from odoo.addons.student_support.models.national_id import mask

    env.cr.execute(SQL(
        """INSERT INTO student_student (name, company_id, enrolment_state, active, national_id, national_id_masked,
                                        household_registration, create_uid, write_uid, create_date, write_date)
           SELECT 'Bench ' || n, %s, 'enrolled', true, n, m, 'rural',
                  1, 1, now() at time zone 'utc', now() at time zone 'utc'
             FROM unnest(%s::varchar[], %s::varchar[]) AS t(n, m)
           RETURNING id""", school.id, numbers, [mask(n) for n in numbers]))
    return [row[0] for row in env.cr.fetchall()]


def open_registry(addons_path=None):
    """The registry of the benchmark database (SSP_BENCH_DB, else the one bin/test leaves)."""
    db = os.environ.get("SSP_BENCH_DB", "student_support_test")
    odoo_args = ["-c", os.path.join(os.path.dirname(__file__), "../../config/odoo.conf"), "-d", db,
                 "--db_host", os.environ.get("PGHOST", "127.0.0.1")]
    if addons_path:
        odoo_args += ["--addons-path", addons_path]
    config.parse_config(odoo_args)
    odoo.service.server.load_server_wide_modules()
    return Registry(db)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50000)
    parser.add_argument("--load-rows", type=int, default=2000, help="rows given to load() (it is slow)")
    parser.add_argument("--addons-path", default=os.environ.get("SSP_ADDONS_PATH"))
    args, _others = parser.parse_known_args()  # the other benchmarks' options
    registry = open_registry(args.addons_path)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
        county = env["res.company"].create({"name": "Bench county", "org_type": "county_bureau"})
        school = env["res.company"].create({"name": "Bench school", "parent_id": county.id,
                                            "school_stage": "primary"})
        env.user.company_ids |= county | school
        env = env(context={**env.context, "allowed_company_ids": [school.id, county.id]})
        numbers = national_ids(args.rows)
        student_ids = make_students(env, school, numbers)
        env.invalidate_all()
        codes = env["student.hardship.category"].search([]).mapped("code")
        rng = random.Random(11)
        rows = ["身份证号码,困难类型"] + [f"{n},{rng.choice(codes)}" for n in numbers]
        data = "\n".join(rows).encode("gbk")

        batch = env["student.entitlement.batch"].create(
            {"file": base64.b64encode(data), "filename": "bench.csv", "company_id": school.id})
        env.flush_all()
        started = time.perf_counter()
        batch.action_import()
        env.flush_all()
        ours = time.perf_counter() - started
        updated = sum(1 for line in batch.line_ids if line.state == "updated")

        # Odoo's own import of the same result on fresh students: the categories on the students,
        # then a proposed identification each (what our import does), both with load()
        sample = min(args.load_rows, args.rows)
        taken = set(numbers)
        others = [n for n in national_ids(sample + args.rows, seed=5) if n not in taken][:sample]
        load_ids = make_students(env, school, others)
        categories = env["student.hardship.category"].search([])
        chosen = {student_id: str(rng.choice(categories).id) for student_id in load_ids}
        env.flush_all()
        started = time.perf_counter()
        result = env["student.student"].load([".id", "hardship_category_ids/.id"],
                                             [[str(sid), cat] for sid, cat in chosen.items()])
        env.flush_all()
        load_categories = time.perf_counter() - started
        started = time.perf_counter()
        result2 = env["student.identification"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True, workflow_no_activity=True,
        ).load(["student_id/.id", "school_year", "origin", "hardship_category_ids/.id"],
               [[str(sid), batch.school_year, "auto", cat] for sid, cat in chosen.items()])
        env.flush_all()
        load_identifications = time.perf_counter() - started
        baseline = load_categories + load_identifications
        for res in (result, result2):
            assert not [m for m in res["messages"] if m["type"] == "error"], res["messages"][:3]
        cr.rollback()

    ours_rate, load_rate = args.rows / ours, sample / baseline
    print(f"auto-entitlement import: {args.rows} rows in {ours:.1f} s = {ours_rate:,.0f} rows/s "
          f"({updated} students updated, a proposed identification each)")
    print(f"Odoo load():             {sample} rows in {baseline:.1f} s = {load_rate:,.0f} rows/s "
          f"(categories {load_categories:.1f} s + identifications {load_identifications:.1f} s)")
    print(f"ratio: {ours_rate / load_rate:.1f}x load()")
    assert len(student_ids) == args.rows


if __name__ == "__main__":
    main()
