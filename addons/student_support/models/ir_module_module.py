import logging

from odoo import api, models

_logger = logging.getLogger(__name__)

# Modules that send data to, or fetch it from, services outside the server (Odoo's IAP
# services: partner autocompletion, SMS, post, Unsplash images; Gmail and Outlook mail
# servers; maps, calendars, captchas). A county's data about minors stays on its own
# server: none of these is installed beside the platform. Odoo auto-installs several of
# them with `mail`; the platform removes them right after its own installation and keeps
# later installations from bringing them back (a module asked for by name still installs).
OUTSIDE_SERVICE_MODULES = (
    "iap", "iap_mail", "partner_autocomplete", "sms", "snailmail", "web_unsplash", "google_gmail",
    "microsoft_outlook", "google_recaptcha", "google_calendar", "microsoft_calendar", "base_geolocalize",
    "mail_plugin", "cloud_storage", "cloud_storage_google", "cloud_storage_azure", "auth_oauth",
)
# set when modules were removed: the registry reload that follows reflects our models again
# without their translations, which _register_hook then loads once more
TRANSLATIONS_PENDING = "student_support.translations_pending"


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def button_install(self):
        """Install as asked, without the outside-service modules Odoo would add on its own."""
        result = super().button_install()
        auto_added = self.search([("name", "in", OUTSIDE_SERVICE_MODULES), ("state", "=", "to install")]) - self
        if auto_added:
            _logger.info("not installing modules that call outside services: %s", ", ".join(auto_added.mapped("name")))
            auto_added.write({"state": "uninstalled"})
        return result

    @api.model
    def _remove_outside_service_modules(self):
        """Mark the installed outside-service modules (and what depends on them) for removal;
        Odoo removes them at the end of the current installation or update."""
        modules = self.search([("name", "in", OUTSIDE_SERVICE_MODULES), ("state", "=", "installed")])
        dependants = modules.downstream_dependencies()
        kept = dependants.filtered(lambda m: m.name not in OUTSIDE_SERVICE_MODULES)
        if kept:
            # never take away a module someone installed on purpose, nor ours
            _logger.warning("outside-service modules kept, %s depend on them", ", ".join(kept.mapped("name")))
            modules -= (kept.upstream_dependencies() | kept)
        if modules:
            _logger.info("removing modules that call outside services: %s", ", ".join(modules.mapped("name")))
            (modules | modules.downstream_dependencies()).write({"state": "to remove"})
            self.env["ir.config_parameter"].set_param(TRANSLATIONS_PENDING, "1")

    def _register_hook(self):
        super()._register_hook()
        # runs as superuser, at the end of every registry load (here: the one after the removal)
        Param = self.env["ir.config_parameter"]
        if self.env.su and Param.get_param(TRANSLATIONS_PENDING) and not self.search_count(
                [("state", "in", ("to remove", "to install", "to upgrade"))]):
            _logger.info("loading the translations again after removing the outside-service modules")
            self.search([("state", "=", "installed")])._update_translations()
            Param.set_param(TRANSLATIONS_PENDING, False)
