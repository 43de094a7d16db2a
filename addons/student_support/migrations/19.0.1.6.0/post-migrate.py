"""Remove the contacts (res.partner) that held guardians' names and phones (see pre-migrate.py).

A partner that is also a user's or a company's stays (it is theirs, not only the guardian's); one
that cannot be deleted (referenced elsewhere) is emptied of name and phone and archived."""

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError


def migrate(cr, version):
    cr.execute("SELECT to_regclass('student_guardian_migrated_partner')")
    if not cr.fetchone()[0]:
        return
    cr.execute("SELECT id FROM student_guardian_migrated_partner")
    ids = [row[0] for row in cr.fetchall()]
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    partners = env["res.partner"].browse(ids).exists()
    kept = env["res.users"].search([("partner_id", "in", partners.ids)]).partner_id
    kept |= env["res.company"].search([("partner_id", "in", partners.ids)]).partner_id
    for partner in partners - kept:
        try:
            with cr.savepoint():
                partner.unlink()
        except (UserError, psycopg2.Error):
            partner.write({"name": "-", "phone": False, "email": False, "street": False, "street2": False,
                           "city": False, "zip": False, "comment": False, "active": False})
    cr.execute("DROP TABLE student_guardian_migrated_partner")
