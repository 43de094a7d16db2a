"""A database that reached 19.0.1.7.0 before that version's script also made the default exit workflow's
collective review the school's panel's (seed 002: 经集体评议可退出) gets the same step here, once: the
1.7.0 script's own, which does nothing where it already ran."""

import importlib.util
import pathlib


def migrate(cr, version):
    path = pathlib.Path(__file__).resolve().parent.parent / "19.0.1.7.0" / "post-migrate.py"
    spec = importlib.util.spec_from_file_location("student_support_post_migrate_1_7_0", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.migrate(cr, version)
