from odoo import models
from odoo.exceptions import UserError


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
            # sudo: the values are compared with what the user may read; none of them is shown
            linked = [self.sudo().mapped(name) for name in checked]
            if all(len(records.with_user(self.env.uid)._filtered_access("read")) == len(records)
                   for records in linked):
                raise
            labels = [self._fields[name]._description_string(self.env)
                      for name, records in zip(checked, linked, strict=True) if records]
            raise UserError(self.env._(
                "A record may only link to records of its own school (or of its county): check %(fields)s.",
                fields=", ".join(labels))) from None
