from odoo.tests import TransactionCase, tagged

from ..models.ir_module_module import OUTSIDE_SERVICE_MODULES


@tagged("post_install", "-at_install")
class TestOutsideServices(TransactionCase):
    def test_no_installed_module_calls_outside_services(self):
        """No installed module of the database is one that calls services outside the server."""
        installed = self.env["ir.module.module"].search([("state", "=", "installed")]).mapped("name")
        self.assertIn("student_support", installed)
        self.assertFalse(sorted(set(installed) & set(OUTSIDE_SERVICE_MODULES)))

    def test_a_later_installation_does_not_bring_them_back(self):
        """Installing a module does not auto-install the outside-service modules that depend on it."""
        Module = self.env["ir.module.module"]
        iap, iap_mail = Module.search([("name", "=", "iap")]), Module.search([("name", "=", "iap_mail")])
        self.assertEqual((iap.state, iap_mail.state), ("uninstalled", "uninstalled"))
        # asked for by name, a module installs; Odoo would add iap_mail (iap + mail) on its own
        iap.button_install()
        self.assertEqual(iap.state, "to install")
        self.assertEqual(iap_mail.state, "uninstalled")
