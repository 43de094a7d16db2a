"""Refresh each addon's i18n/<addon>.pot from a database and merge it into zh_CN.po.

Existing translations are kept; new terms are added untranslated and listed,
so that they can be translated before committing (tests fail on empty ones).
    python3 tools/update_po.py DATABASE   (the addons installed in DATABASE)
"""

import pathlib
import subprocess
import sys

import polib

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADDONS = ["student_support", "student_support_reports"]


def main(database):
    subprocess.run(
        [sys.executable, "-m", "odoo", f"--addons-path={ROOT / 'addons'}", "i18n", "export",
         "-c", str(ROOT / "config/odoo.conf"), "-d", database, *ADDONS],
        check=True,
    )
    for addon in ADDONS:
        pot_path = ROOT / "addons" / addon / "i18n" / f"{addon}.pot"
        po_path = pot_path.with_name("zh_CN.po")
        pot = polib.pofile(str(pot_path))
        po = polib.pofile(str(po_path)) if po_path.exists() else polib.POFile()
        po.metadata = {**pot.metadata, "Language": "zh_CN", "Plural-Forms": "nplurals=1; plural=0;"}
        po.merge(pot)
        for entry in [e for e in po if e.obsolete]:
            po.remove(entry)
        po.save(str(po_path))
        for entry in po.untranslated_entries():
            print(f"{po_path.relative_to(ROOT)}: untranslated: {entry.msgid!r}")


if __name__ == "__main__":
    main(sys.argv[1])
