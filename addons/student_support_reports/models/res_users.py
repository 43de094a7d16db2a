from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _get_role_home_actions(self):
        """County officers start on the county's reporting rounds (placed before student_support's
        own pair, which stays listed so that the officers who had it are moved on)."""
        return [("student_support.group_county_officer", "student_support_reports.student_report_period_action"),
                *super()._get_role_home_actions()]
