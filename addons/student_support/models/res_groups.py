from odoo import models


class ResGroups(models.Model):
    _inherit = "res.groups"

    def write(self, vals):
        if "user_ids" not in vals:
            return super().write(vals)
        before = self.all_user_ids
        result = super().write(vals)
        # users put in or taken out of a role from the group's side start on their new role's work too
        (before | self.all_user_ids)._set_role_home_action()
        return result
