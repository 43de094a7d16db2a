from odoo import models
from odoo.exceptions import UserError

from .elevated import elevated


class Base(models.AbstractModel):
    _inherit = "base"

    def _check_company(self, fnames=None):
        """Odoo's company check names the linked records it refuses, read as superuser: asked
        to link a line to another school's student, it would answer with that student's name.
        When the user may not read one of the linked records, the refusal names the fields only."""
        try:
            return super()._check_company(fnames)
        except UserError:
            if fnames is None or {"company_id", "company_ids"} & set(fnames):
                fnames = self._fields
            checked = [name for name in fnames if self._fields[name].relational and self._fields[name].check_company]
            readable, linking = self._company_check_links(checked)
            if readable:
                raise
            labels = [self._fields[name]._description_string(self.env) for name in linking]
            raise UserError(self.env._(
                "A record may only link to records of its own school (or of its county): check %(fields)s.",
                fields=", ".join(labels))) from None

    @elevated("whether the user may read every record the fields link to, and which of the fields link to a "
              "record: the linked records are compared with the user's rights, none of them leaves the helper")
    def _company_check_links(self, fnames):
        """(whether the current user may read every record that ``fnames`` link ``self`` to,
        the names among ``fnames`` of the fields that link to a record)."""
        linked = {name: self.sudo().mapped(name) for name in fnames}
        readable = all(len(records.with_user(self.env.uid)._filtered_access("read")) == len(records)
                       for records in linked.values())
        return readable, [name for name, records in linked.items() if records]
