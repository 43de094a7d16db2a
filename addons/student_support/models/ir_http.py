from odoo import models
from odoo.http import request

COOKIE_MAX_AGE = 365 * 24 * 3600  # as long as the web client keeps the switcher's choice


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        """A county officer's web client opens on the county and all its schools.

        The web client starts on the user's default company alone until the company
        switcher is used, and every county figure, screening and submission is read
        through the active companies: a county officer's first page would show none.
        With no choice made yet (no ``cids`` cookie), the county bureau and the user's
        schools of that county are made active, as the switcher would; a choice made
        in the switcher stays.
        """
        result = super().session_info()
        if request and request.session.uid and not request.cookies.get("cids"):
            company_ids = _county_active_company_ids(self.env.user)
            if company_ids:
                request.future_response.set_cookie("cids", "-".join(map(str, company_ids)), max_age=COOKIE_MAX_AGE)
        return result


def _county_active_company_ids(user):
    """[county bureau, its schools among the user's companies] for a county officer
    whose default company is a county bureau; [] for anyone else."""
    county = user.company_id
    if county.org_type != "county_bureau" or not user.has_group("student_support.group_county_officer"):
        return []
    schools = user.company_ids.filtered(lambda company: company.county_id == county and company != county)
    return [county.id, *sorted(schools.ids)] if schools else []
