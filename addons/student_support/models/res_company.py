from markupsafe import Markup

from odoo import api, fields, models

from .elevated import elevated, figures
from .student_care_checkin import CADENCES, is_on_time

SCHOOL_STAGES = [
    ("preschool", "Preschool"),
    ("primary", "Primary"),
    ("junior_secondary", "Junior secondary"),
    ("senior_secondary", "Senior secondary"),
    ("vocational", "Vocational"),
    ("higher_education", "Higher education"),
]


def _coverage(done, total):
    """A coverage figure as the dashboard shows it: "3 / 4 (75%)", or a dash when nobody is concerned."""
    return f"{done} / {total} ({done * 100 // total}%)" if total else "—"


class ResCompany(models.Model):
    _inherit = "res.company"

    org_type = fields.Selection(
        [
            ("county_bureau", "County bureau"),
            ("school", "School"),
            ("college", "College"),
        ],
        string="Organisation type",
        default="school",
        help="A county bureau is the authority above its schools; a college is a "
        "sub-unit of a university (its parent school).",
    )
    school_stage = fields.Selection(SCHOOL_STAGES, string="School stage")
    income_standard = fields.Float(
        string="Local income standard (yuan per head and month)",
        help="Below it, a family's income counts as difficulty in the identification model; "
             "a school without its own uses its county's.",
    )
    case_review_months = fields.Integer(
        string="Review key-support cases every (months)", default=3,
        help="Default interval of the periodic review of a confirmed key-support case.",
    )
    school_code = fields.Char(
        string="School code", help="Official school identification code (学校标识码)."
    )
    county_id = fields.Many2one(
        "res.company",
        string="County bureau",
        compute="_compute_county_id",
        store=True,
        recursive=True,
        help="The county bureau this school belongs to: the nearest parent "
        "company of type county bureau, or the top company.",
    )

    _school_code_uniq = models.UniqueIndex(
        "(school_code) WHERE school_code IS NOT NULL",
        "This school code is already used by another school.",
    )

    @elevated("a county's list of its schools: companies (names, codes), no personal data; returned in the "
              "caller's environment")
    def _county_schools(self):
        """The schools of this county bureau, whoever asks."""
        self.ensure_one()
        return self.sudo().search([("county_id", "=", self.id), ("org_type", "!=", "county_bureau")]).sudo(False)

    @api.model
    @elevated("the list of every school: companies (names, codes), no personal data; returned in the caller's "
              "environment")
    def _all_schools(self):
        """Every school of the platform, whoever asks."""
        return self.sudo().search([("org_type", "!=", "county_bureau")]).sudo(False)

    @elevated("a company's kind (school or county bureau) and its county: facts of the organisation, no personal "
              "data, which a school's user may not read of its county's company")
    def _org_type_and_county(self):
        """(kind, county id) of this company; (False, False) for none."""
        company = self.sudo()
        return company.org_type, company.county_id.id

    @api.depends("org_type", "parent_id", "parent_id.county_id")
    def _compute_county_id(self):
        for company in self:
            if company.org_type == "county_bureau" or not company.parent_id:
                company.county_id = company
            else:
                company.county_id = company.parent_id.county_id

    home_visit_coverage = fields.Char(
        string="Home-visit coverage this year", compute="_compute_home_visit_coverage",
        help="Disadvantaged students (enrolled, with a hardship category) visited at home this year.",
    )

    monitoring = fields.Html(compute="_compute_monitoring", sanitize=False,
                             help="Open warnings by severity; talks, home visits and mentors of the school.")

    def _compute_monitoring(self):
        for company in self:
            if company.org_type == "county_bureau" or not company.id:
                company.monitoring = False
                continue
            company.monitoring = company._monitoring_html()

    def _monitoring_figures(self):
        """Open warnings by severity; the school's cases with a talk this month and with a
        mentor (seed 002: at least one talk a month; seed 001: a mentor for every case)."""
        self.ensure_one()
        warnings = dict(figures(self.env, "student.warning",
                                [("company_id", "=", self.id), ("state", "!=", "resolved")], ["severity"]))
        today = fields.Date.context_today(self)
        cases, talked, mentored = self._monitoring_case_counts()
        last = dict(figures(self.env, "student.care.checkin", [("company_id", "=", self.id)], ["kind"], ["date:max"]))
        cadence = {kind: (last.get(kind), is_on_time(kind, last.get(kind), today)) for kind, _label in CADENCES}
        return {"warnings": warnings, "cases": cases, "talked": talked, "mentored": mentored, "cadence": cadence,
                "rewarded": self._reward_coverage(today.year)}

    @elevated("three counts of the school's open cases (all, with a talk this month, with a mentor): no record "
              "leaves the helper")
    def _monitoring_case_counts(self):
        """(open cases, of them with a talk this month, of them with a mentor) of the school."""
        cases = self.env["student.case"].sudo().search(
            [("company_id", "=", self.id), ("workflow_state", "=", "approved"), ("exit_date", "=", False)])
        return len(cases), len(cases.filtered("talk_count_month")), len(cases.filtered("mentor_id"))

    def _monitoring_html(self):
        figures = self._monitoring_figures()
        severities = dict(self.env["student.warning.rule"]._fields["severity"]._description_selection(self.env))
        rows = [(self.env._("Open warnings: %(severity)s", severity=label), figures["warnings"].get(key, 0))
                for key, label in severities.items()]
        rows += [(self.env._("Cases with a talk this month"), f"{figures['talked']} / {figures['cases']}"),
                 (self.env._("Cases with a mentor"), f"{figures['mentored']} / {figures['cases']}"),
                 (self.env._("Home-visit coverage this year"), self.home_visit_coverage),
                 (self.env._("Growth-reward coverage this year"), _coverage(*figures["rewarded"]))]
        labels = dict(self.env["student.care.checkin"]._fields["kind"]._description_selection(self.env))
        for kind, (last, on_time) in figures["cadence"].items():
            state = self.env._("on time") if on_time else self.env._("overdue")
            rows.append((labels[kind], f"{last or '—'} ({state})"))
        return Markup("<table class='table table-sm'>%s</table>") % Markup("").join(
            Markup("<tr><td>%s</td><td class='text-end'>%s</td></tr>") % row for row in rows)

    def _compute_home_visit_coverage(self):
        year = fields.Date.context_today(self).year
        for company in self:
            visited, total = company._home_visit_coverage(year) if company.org_type != "county_bureau" else (0, 0)
            company.home_visit_coverage = _coverage(visited, total)

    def _home_visit_coverage(self, year):
        """(visited, total) disadvantaged students of the school in ``year`` (seed 001: every
        family is visited)."""
        return self._disadvantaged_coverage("student.home.visit", year)

    def _reward_coverage(self, year):
        """(rewarded, total) disadvantaged students of the school in ``year`` (seed 001: every
        student in difficulty is rewarded)."""
        return self._disadvantaged_coverage("student.growth.reward", year)

    @elevated("two counts (covered, total) of the school's disadvantaged students: the figure read by the "
              "school's staff and the county names no one")
    def _disadvantaged_coverage(self, model, year):
        """(covered, total): the school's enrolled students with a hardship category, and those
        of them with a record of ``model`` (a home visit, a growth reward) dated in ``year``."""
        self.ensure_one()
        students = self.env["student.student"].sudo().search(
            [("company_id", "=", self.id), ("enrolment_state", "=", "enrolled"),
             ("hardship_category_ids", "!=", False)])
        covered = self.env[model].sudo().search(
            [("student_id", "in", students.ids), ("date", ">=", f"{year}-01-01"), ("date", "<=", f"{year}-12-31")]
        ).student_id
        return len(covered), len(students)

    def _get_income_standard(self):
        self.ensure_one()
        return self.income_standard or self.county_id.income_standard or None

    @elevated("a language code names nothing: the code of the school's own partner")
    def _school_lang(self):
        """The language our code writes this school's (or county's) messages, to-dos and names in.

        A message is stored once, in one language: it is written in the school's language (its
        partner's), not in the language of whoever acted or of the job that ran; the current
        language when the school's is not installed."""
        code = (self[:1] or self.env.company).sudo().partner_id.lang
        if code and self.env["res.lang"]._get_code(code):
            return code
        return self.env.lang or "en_US"
