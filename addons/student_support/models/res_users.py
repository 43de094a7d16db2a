from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _get_role_home_actions(self):
        """``[(group xmlid, action xmlid)]``, highest role first: a user with a role starts on the
        action of the first group it holds (implied groups count). Addons change or add pairs."""
        return [
            ("student_support.group_county_officer", "student_support.student_case_stat_action"),
            ("student_support.group_school_admin", "student_support.student_case_action"),
            ("student_support.group_caseworker", "student_support.student_case_action"),
            ("student_support.group_counsellor", "student_support.student_case_action"),
            ("student_support.group_mentor", "student_support.student_case_action_mine"),
            ("student_support.group_class_teacher", "student_support.student_student_action_my_class"),
        ]

    def _role_home_actions(self):
        """The pairs of :meth:`_get_role_home_actions` as records (those not loaded yet left out)."""
        pairs = []
        for group_xmlid, action_xmlid in self._get_role_home_actions():
            group = self.env.ref(group_xmlid, raise_if_not_found=False)
            action = self.env.ref(action_xmlid, raise_if_not_found=False)
            if group and action:
                pairs.append((group, action))
        return pairs

    def _set_role_home_action(self):
        """Give each user the home action of its highest role, so that it starts on its own work.

        A home action chosen by hand (one that is no role's) is kept; a user whose roles are all
        removed goes back to Odoo's default first screen."""
        pairs = self._role_home_actions()
        automatic = {action.id for _group, action in pairs}
        for user in self:
            if user.action_id and user.action_id.id not in automatic:
                continue
            action_id = next((action.id for group, action in pairs if group in user.all_group_ids), False)
            if user.action_id.id != action_id:
                user.action_id = action_id

    @api.model
    def _set_role_home_actions(self):
        """Every user holding a role gets its home action (called by the data files, so that the
        users of an existing database get theirs on update)."""
        users = self.browse()
        for group, _action in self._role_home_actions():
            users |= group.all_user_ids
        users._set_role_home_action()

    @api.model
    def _default_to_chinese(self):
        """New users (and contacts) read Chinese when it is installed: the platform's interface is
        Chinese (called once, on installation; an administrator may choose another default later)."""
        if self.env["res.lang"]._get_code("zh_CN"):
            self.env["ir.default"].set("res.partner", "lang", "zh_CN")

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users.filtered(lambda u: not u.action_id)._set_role_home_action()
        return users

    def write(self, vals):
        result = super().write(vals)
        if "group_ids" in vals and "action_id" not in vals:
            self._set_role_home_action()
        return result
