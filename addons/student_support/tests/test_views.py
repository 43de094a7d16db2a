from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import StudentSupportCommon, web_spec


@tagged("post_install", "-at_install")
class TestViewsForEveryRole(StudentSupportCommon):
    """Every window of the addon opens for every role allowed to read its model, as the web client asks."""

    def test_every_action_opens_for_every_role(self):
        """Each action's views load and its list (or kanban) reads its records, for each role with read access."""
        actions = self.env["ir.actions.act_window"].search([("res_model", "=like", "student.%")])
        roles = [*self.users.values(), self.county_officer]
        checked = 0
        for action in actions:
            Model = self.env[action.res_model]
            if Model._transient or Model._abstract:
                continue
            modes = [mode for mode in action.view_mode.split(",") if mode in ("list", "kanban", "form")]
            for user in roles:
                if not Model.with_user(user).has_access("read"):
                    continue
                with self.subTest(action=action.name, user=user.login):
                    self.env.invalidate_all()
                    Records = Model.with_user(user).with_context(**self._eval_context(action))
                    if not modes:  # figures: pivot and graph read groups
                        Records.get_views([(False, mode) for mode in action.view_mode.split(",")])
                        Records.formatted_read_group([], ["company_id"], ["__count"])
                        checked += 1
                        continue
                    views = Records.get_views([(False, mode) for mode in modes])
                    main = "list" if "list" in views["views"] else modes[0]
                    arch = etree.fromstring(views["views"][main]["arch"])
                    names = {node.get("name") for node in arch.iter("field") if node.getparent().tag in
                             ("list", "kanban", "t", "div", "footer")} & set(Records._fields)
                    Records.web_search_read([], web_spec(Records, names), limit=5)
                    checked += 1
        self.assertGreater(checked, 40)

    def _eval_context(self, action):
        context = safe_eval(action.context or "{}", {"uid": self.env.uid})
        return {key: value for key, value in context.items() if not key.startswith("search_default")}
