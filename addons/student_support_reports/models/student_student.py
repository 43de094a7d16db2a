import collections

from odoo import models
from odoo.addons.student_support.models.student_identification import current_school_year


class StudentStudent(models.Model):
    _inherit = "student.student"

    def _growth_archive_years(self):
        """The growth archive's sections (seed 004's 一生一档), one per school year, newest first:
        [{school_year, identifications, grants, received, owed, cases, records, visits, rewards,
        checkins}]. Read with the printing user's rights (a caseworker of the student's school);
        a dated record falls in the school year of its date, a case in that of its confirmation
        (or its application while it is not confirmed). Cancelled grants are left out."""
        self.ensure_one()
        years = collections.defaultdict(lambda: {key: [] for key in (
            "identifications", "grants", "cases", "records", "visits", "rewards", "checkins")})

        for identification in self.identification_ids.sorted("id"):
            years[identification.school_year]["identifications"].append(identification)
        for grant in self.grant_ids.filtered(lambda g: g.state != "cancelled").sorted(lambda g: (g.date, g.id)):
            years[grant.school_year]["grants"].append(grant)
        for case in self.case_ids.sorted("id"):
            years[current_school_year(case.confirmed_date or case.create_date.date())]["cases"].append(case)
        for record in self.case_ids.support_record_ids.sorted(lambda r: (r.date, r.id)):
            years[current_school_year(record.date)]["records"].append(record)
        for visit in self.home_visit_ids.sorted(lambda v: (v.date, v.id)):
            years[current_school_year(visit.date)]["visits"].append(visit)
        for reward in self.reward_ids.sorted(lambda r: (r.date, r.id)):
            years[current_school_year(reward.date)]["rewards"].append(reward)
        checkins = self.env["student.care.checkin"].search([("student_ids", "in", self.ids)], order="date, id")
        for checkin in checkins:
            years[current_school_year(checkin.date)]["checkins"].append(checkin)
        totals = {row["school_year"]: row for row in self._aid_totals_by_year()}
        sections = []
        for year in sorted(years, reverse=True):
            total = totals.get(year, {})
            sections.append(dict(years[year], school_year=year, received=total.get("received", 0.0),
                                 owed=total.get("owed", 0.0)))
        return sections
