"""The author of a support record, a care check-in and a job offer is labelled "Recorded by"
(记录人) instead of sharing "By" with the decision history's approver (审批人). Updating a
module keeps the Chinese label a field already has: the old 审批人 is replaced here."""

from odoo import SUPERUSER_ID, api

FIELDS = ("field_student_support_record__user_id", "field_student_care_checkin__user_id",
          "field_student_job_offer__user_id")


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    if "zh_CN" not in dict(env["res.lang"].get_installed()):
        return
    for name in FIELDS:
        field = env.ref(f"student_support.{name}", raise_if_not_found=False)
        if field and field.with_context(lang="zh_CN").field_description == "审批人":
            field.update_field_translations("field_description", {"zh_CN": "记录人"})
