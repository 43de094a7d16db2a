"""The default key-support workflow's collective review is decided by each school's collective
review panel (集体评议小组) instead of any one caseworker. Its data is ``noupdate``: the stage is
changed here. A stage that holds cases keeps its meaning for them (see
``student.workflow.stage.write``): a copy decided by the panel takes its place after it, the
original is archived, and a case still in the original goes on to the copy at its next approval,
so that it too passes the panel."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    stage = env.ref("student_support.workflow_case_default_review", raise_if_not_found=False)
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
    env["ir.model.data"].search([("module", "=", "student_support"), ("name", "=", "workflow_case_default_review")]
                                ).res_id = copy.id
