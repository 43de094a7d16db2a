from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval
from odoo.tools.view_validation import get_domain_value_names

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

    def test_form_fields_find_the_fields_their_domain_names(self):
        """Every field of a form whose domain names another field of the record has that field in the form
        (the web client cannot evaluate it otherwise: the form does not open)."""
        checked = 0
        for model_name in sorted(name for name in self.env.registry if name.startswith("student.")):
            Model = self.env[model_name]
            if Model._abstract:
                continue
            views = Model.get_views([(False, "form")])
            arch = etree.fromstring(views["views"]["form"]["arch"])
            top = [node for node in arch.iter("field")
                   if not any(parent.tag in ("list", "form", "kanban") for parent in node.iterancestors()
                              if parent is not arch)]
            shown = {node.get("name") for node in top}
            for node in top:
                name = node.get("name")
                domain = node.get("domain") or views["models"][model_name]["fields"][name].get("domain")
                if not isinstance(domain, str):
                    continue
                _fields, values = get_domain_value_names(domain)
                with self.subTest(model=model_name, field=name):
                    self.assertFalse({value for value in values if value in Model._fields} - shown, domain)
                checked += 1
        self.assertGreater(checked, 20)

    def _eval_context(self, action):
        context = safe_eval(action.context or "{}", {"uid": self.env.uid})
        return {key: value for key, value in context.items() if not key.startswith("search_default")}


@tagged("post_install", "-at_install")
class TestParentFieldDomains(StudentSupportCommon):
    """A record whose school follows its student or case offers, in a new form, every student or case reachable."""

    def test_parent_field_domain_does_not_read_the_empty_school(self):
        """No field that a record's school follows restricts its choices by the record's own (still empty) school."""
        checked = []
        for model_name in self.env.registry.descendants(["mail.thread"], "_inherit"):
            if not model_name.startswith("student.") or self.env[model_name]._abstract:
                continue
            Model = self.env[model_name]
            company = Model._fields.get("company_id")
            if not (company and company.related and company.related.count(".") == 1):
                continue
            parent = company.related.split(".")[0]
            domain = str(Model._fields[parent]._description_domain(self.env))
            with self.subTest(model=model_name, field=parent):
                self.assertNotIn("company_id", domain)
            checked.append(model_name)
        self.assertIn("student.home.visit", checked)
        self.assertGreater(len(checked), 8)
        # a mentor logging a home visit from the menu finds his mentee (the new visit has no school yet)
        domain = self.env["student.home.visit"]._fields["student_id"]._description_domain(self.env) or []
        domain = safe_eval(domain, {"company_id": False}) if isinstance(domain, str) else domain
        found = self.env["student.student"].with_user(self.users["a", "mentor"]).name_search("李小红", domain)
        self.assertEqual([name for _id, name in found], ["李小红"])
