"""The default key-support workflow's collective review, and the default exit workflow's (seed 002:
经集体评议可退出), are decided by each school's collective review panel (集体评议小组) instead of any
one caseworker. Their data is ``noupdate``: the stages are changed here. A stage that holds records
keeps its meaning for them (see ``student.workflow.stage.write``): a copy decided by the panel takes
its place after it, the original is archived, and a record still in the original goes on to the
copy at its next approval, so that it too passes the panel."""

from odoo import SUPERUSER_ID, api

# the default templates' collective review stages
PANEL_STAGES = ("workflow_case_default_review", "workflow_case_exit_default_review")


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    for xmlid in PANEL_STAGES:
        to_panel(env, xmlid)


def to_panel(env, xmlid):
    """Make the stage ``student_support.<xmlid>`` a stage decided by the school's panel (once)."""
    # read, not env.ref: the xml id moves to the copy below (and env.ref's cache would not see it)
    data = env["ir.model.data"].search([("module", "=", "student_support"), ("name", "=", xmlid)], limit=1)
    stage = env["student.workflow.stage"].browse(data.res_id).exists()
    if not stage or stage.approver_type == "panel":
        return
    if not stage._get_record_counts().get(stage.id):
        stage.write({"approver_type": "panel", "approver_group_id": False})
        return
    copy = stage.copy({"name": stage.name, "approver_type": "panel", "approver_group_id": False,
                       "sequence": stage.sequence})
    copy.update_field_translations("name", {lang: stage.with_context(lang=lang).name
                                            for lang, _label in env["res.lang"].get_installed()})
    stage.active = False
    # the template's xml id follows the stage that is in use
    data.res_id = copy.id
