"""Guardians are no longer contacts (res.partner): their name and phone move onto the guardian.

Copied before the update drops the partner_id column; the partners themselves are removed in
post-migrate.py, once nothing points to them any more.

Checked on a 19.0.1.5.0 database with demo data and a guardian added by hand: every guardian
kept its name and phone, no res.partner holds them any more."""


def migrate(cr, version):
    cr.execute("""SELECT 1 FROM information_schema.columns
                   WHERE table_name = 'student_guardian' AND column_name = 'partner_id'""")
    if not cr.fetchone():
        return
    cr.execute("ALTER TABLE student_guardian ADD COLUMN IF NOT EXISTS name varchar,"
               " ADD COLUMN IF NOT EXISTS phone varchar")
    cr.execute("""UPDATE student_guardian g
                     SET name = COALESCE(g.name, p.name), phone = COALESCE(g.phone, p.phone)
                    FROM res_partner p
                   WHERE p.id = g.partner_id""")
    cr.execute("""CREATE TABLE student_guardian_migrated_partner AS
                  SELECT DISTINCT partner_id AS id FROM student_guardian WHERE partner_id IS NOT NULL""")
    cr.execute("ALTER TABLE student_guardian DROP COLUMN partner_id")
