import datetime

from markupsafe import Markup

from odoo import api, fields, models
from odoo.addons.student_support.models.elevated import elevated, group_users
from odoo.addons.student_support.models.recipients import school_readers
from odoo.addons.student_support.models.school_lang import in_school_lang
from odoo.addons.student_support.models.student_aid_grant import TERMS, current_term
from odoo.addons.student_support.models.student_identification import default_school_year
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_sanitize

from .report_figures import FILING_KEYS, FILING_REGISTER_HEADERS, SCREENING_KEYS, case_in_term_domain, term_dates

REPORT_KINDS = [
    ("screening", "Screening summary (排查统计汇总表)"),
    ("statistics", "Statistics of students in difficulty (困境学生统计表)"),
    ("filing", "Key-support filing (重点帮扶对象备案)"),
    ("annual_summary", "Annual work summary (年度工作总结)"),
]
# the documents' dates: seed 004 wants the screening by 15 June and 15 December,
# seed 002 the statistics by 30 June and 15 December, the annual work summary by 15 December;
# seed 002 files confirmed key-support cases "promptly" (及时备案): once a term, with the statistics
DEADLINES = {("screening", "spring"): (6, 15), ("statistics", "spring"): (6, 30),
             ("screening", "autumn"): (12, 15), ("statistics", "autumn"): (12, 15),
             ("filing", "spring"): (6, 30), ("filing", "autumn"): (12, 15),
             ("annual_summary", "autumn"): (12, 15)}
# Seed 002's annual work summary (年度工作总结, 附件2): the sections a school writes, with the
# headings the province reads; the seed asks to sum up results and experience, effective practices
# and good examples, the difficulties and problems, and what comes next (四(三), 五(三)).
SUMMARY_SECTIONS = [
    ("summary_work", "一、工作开展情况"),
    ("summary_measures", "二、主要做法与成效（学业关心、心理关爱、就业指导帮扶、教育资助）"),
    ("summary_examples", "三、典型经验与有效做法"),
    ("summary_problems", "四、存在的困难和问题"),
    ("summary_plans", "五、下一步工作计划"),
]
SUMMARY_FIELDS = {name for name, _heading in SUMMARY_SECTIONS}
SUBMISSION_STATES = [("pending", "Not submitted"), ("submitted", "Submitted"), ("accepted", "Accepted"),
                     ("returned", "Returned")]


class StudentReportPeriod(models.Model):
    """A reporting round opened by the county: one official table, one term, a deadline,
    and a submission for each school of the county (DHIS2's reporting rate)."""

    _name = "student.report.period"
    _description = "Reporting round"
    _inherit = ["mail.thread"]
    _order = "deadline desc, id desc"
    # a school's submission answers a round of its county (a parent company)
    _check_company_domain = models.check_company_domain_parent_of

    name = fields.Char(compute="_compute_name", store=True, readonly=False, precompute=True)
    company_id = fields.Many2one("res.company", string="County", required=True, index=True,
                                 default=lambda self: self.env.company.county_id,
                                 domain=[("org_type", "=", "county_bureau")])
    kind = fields.Selection(REPORT_KINDS, string="Table", required=True, default="screening")
    school_year = fields.Char(string="School year", required=True, default=default_school_year)
    term = fields.Selection([t for t in TERMS if t[0] != "year"], required=True,
                            default=lambda self: current_term(fields.Date.context_today(self)))
    deadline = fields.Date(compute="_compute_deadline", store=True, readonly=False, required=True, precompute=True)
    submission_ids = fields.One2many("student.report.submission", "period_id", string="Schools")
    school_count = fields.Integer(string="Number of schools", compute="_compute_rate")
    submitted_count = fields.Integer(string="Submitted", compute="_compute_rate")
    reporting_rate = fields.Float(string="Reporting rate (%)", compute="_compute_rate")
    missing_school_ids = fields.Many2many("res.company", string="Not submitted", compute="_compute_rate")
    # Annex 2 of seed 004 is the county's own statement to the city: the county answers for the compulsory
    # stage of the whole district, so it writes its own reasons and measures (each school's text answers its own
    # question, coverage_keys: Annex 2's part in the compulsory stage, else Annex 1's about national grants; the
    # workbook's detail sheet lists them beside each school)
    coverage_reason = fields.Text(
        string="Reasons and corrective measures",
        help="Screening summary (Annex 2): why not every compulsory-stage student of the four categories is aided "
             "and not every boarder in difficulty has the boarders' living subsidy, and what the county does about "
             "it (具体原因及整改措施).")

    _county_round_uniq = models.UniqueIndex("(company_id, kind, school_year, term)",
                                            "The county already has this table for this term.")

    @api.depends("kind", "school_year", "term")
    def _compute_name(self):
        for period in self:
            # the name is stored once: in the county's language, whoever opens the round
            env = self.with_context(lang=period.company_id._school_lang()).env
            kinds = dict(self._fields["kind"]._description_selection(env))
            terms = dict(self._fields["term"]._description_selection(env))
            if period.kind == "annual_summary":  # the summary of a calendar year (due 15 December of it)
                period.name = f"{(period.school_year or '')[:4]} {kinds.get(period.kind, '')}"
            else:
                period.name = f"{period.school_year or ''} {terms.get(period.term, '')} {kinds.get(period.kind, '')}"

    @api.depends("kind", "school_year", "term")
    def _compute_deadline(self):
        for period in self:
            if period.school_year and period.school_year[:4].isdigit() and (period.kind, period.term) in DEADLINES:
                month, day = DEADLINES[period.kind, period.term]
                start = int(period.school_year[:4])
                period.deadline = datetime.date(start if period.term == "autumn" else start + 1, month, day)
            elif not period.deadline:
                period.deadline = fields.Date.context_today(period)  # the school year's check says what is wrong

    @api.depends("submission_ids.state")
    def _compute_rate(self):
        for period in self:
            done = period.submission_ids.filtered(lambda s: s.state in ("submitted", "accepted"))
            period.school_count = len(period.submission_ids)
            period.submitted_count = len(done)
            period.reporting_rate = 100.0 * len(done) / len(period.submission_ids) if period.submission_ids else 0.0
            period.missing_school_ids = (period.submission_ids - done).company_id

    @api.constrains("school_year")
    def _check_school_year(self):
        for period in self:
            year = period.school_year or ""
            if not (len(year) == 9 and year[:4].isdigit() and year[5:].isdigit()
                    and int(year[5:]) == int(year[:4]) + 1):
                raise ValidationError(self.env._("The school year is written like 2026-2027, not %(year)s.",
                                                 year=year))

    @api.constrains("kind", "term")
    def _check_kind_term(self):
        for period in self:
            if period.kind == "annual_summary" and period.term != "autumn":
                raise ValidationError(self.env._(
                    "The annual work summary is due on 15 December: open it for the autumn term (%(round)s).",
                    round=period.name))

    @api.model_create_multi
    def create(self, vals_list):
        periods = super().create(vals_list)
        for period in periods:
            if period.company_id.org_type != "county_bureau":
                raise UserError(self.env._("Reporting rounds are opened by a county education bureau."))
            self.env["student.report.submission"]._create_for(period, period.company_id._county_schools())
        return periods

    def action_print_round(self):
        """Choose the schools (all by default), then the consolidated workbook: a row per school and the total."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Consolidated workbook"),
            "res_model": "student.report.consolidate",
            "view_mode": "form",
            "target": "new",
            "context": {"default_period_id": self.id},
        }

    def _demo_submit(self, school_ids):
        """Demo data only: the given schools submit their table of this round, each by one of its caseworkers."""
        caseworkers = group_users(self.env.ref("student_support.group_caseworker"))
        for submission in self.submission_ids.filtered(lambda s: s.company_id.id in school_ids):
            user = caseworkers.filtered(lambda u, school=submission.company_id: u.company_id == school).sorted("id")[:1]
            submission.with_user(user or self.env.user).with_company(submission.company_id).action_submit()

    def action_remind(self):
        """Post a reminder to the schools that have not submitted (their caseworkers are notified)."""
        for period in self:
            for submission in period.submission_ids.filtered(lambda s: s.state in ("pending", "returned")):
                # the group's members are only candidates; school_readers keeps the school's own staff who
                # read the submission (never a county officer)
                users = school_readers(submission, group_users(self.env.ref("student_support.group_caseworker")))
                school = submission.with_context(lang=submission.company_id._school_lang())
                school.message_post(
                    body=school.env._("Please submit %(table)s by %(deadline)s.", table=period.name,
                                      deadline=period.deadline),
                    partner_ids=users.partner_id.ids, subtype_xmlid="mail.mt_note")
        return True


class StudentReportSubmission(models.Model):
    """A school's submission of a reporting round: the figures are snapshotted and
    locked when submitted; the county accepts it or returns it with a comment, and a
    returned submission is corrected and submitted again."""

    _name = "student.report.submission"
    _description = "School report submission"
    _inherit = ["mail.thread"]
    _order = "period_id desc, company_id"
    _check_company_auto = True

    period_id = fields.Many2one("student.report.period", required=True, ondelete="cascade", index=True,
                                check_company=True)
    name = fields.Char(related="period_id.name")
    kind = fields.Selection(related="period_id.kind")
    school_year = fields.Char(related="period_id.school_year")
    term = fields.Selection(related="period_id.term")
    deadline = fields.Date(related="period_id.deadline")
    company_id = fields.Many2one("res.company", string="School", required=True, index=True, readonly=True)
    county_id = fields.Many2one(related="period_id.company_id", string="County", store=True, index=True)
    state = fields.Selection(SUBMISSION_STATES, string="Status", default="pending", required=True, readonly=True,
                             tracking=True, index=True)
    figures = fields.Json(string="Snapshot", readonly=True, copy=False, help="The figures as submitted (locked).")
    figures_html = fields.Html(string="Figures", compute="_compute_figures_html", sanitize=False)
    submitted_date = fields.Datetime(string="Submitted on", readonly=True, copy=False)
    submitted_by = fields.Many2one("res.users", readonly=True, copy=False)
    late = fields.Boolean(compute="_compute_late")
    county_comment = fields.Text(string="County's comment", tracking=True)
    # the filing (备案): the anonymised register of the key-support cases, as submitted
    register = fields.Json(string="Register as filed", readonly=True, copy=False,
                           help="The key-support cases as filed: case reference, growth difficulties and dates only.")
    register_html = fields.Html(string="Register", compute="_compute_register_html", sanitize=False)
    # the annual work summary (年度工作总结): the school writes its sections (its own staff only read the draft),
    # snapshotted on submission for the county
    summary_work = fields.Html(string="1. Work carried out", groups="student_support.group_caseworker")
    summary_measures = fields.Html(string="2. Main measures and results (academic, psychological, employment, aid)",
                                   groups="student_support.group_caseworker")
    summary_examples = fields.Html(string="3. Good practices and examples", groups="student_support.group_caseworker")
    summary_problems = fields.Html(string="4. Difficulties and problems", groups="student_support.group_caseworker")
    summary_plans = fields.Html(string="5. Plans for next year", groups="student_support.group_caseworker")
    summary = fields.Json(string="Summary as submitted", readonly=True, copy=False)
    summary_html = fields.Html(string="Summary", compute="_compute_summary_html", sanitize=False)

    _round_school_uniq = models.UniqueIndex("(period_id, company_id)", "The school already has this submission.")

    @api.model
    @elevated("submissions are made by the round only, one for each school of the county opening it (nobody "
              "creates one by hand); nothing is returned")
    def _create_for(self, period, schools):
        """Create the submissions of ``period``, one per school of ``schools``."""
        self.sudo().create([{"period_id": period.id, "company_id": school.id} for school in schools])

    def _live_figures(self):
        """{school id: figures} of the submissions' schools, computed now."""
        Figures = self.env["student.report.figures"]
        result = {}
        for period in self.period_id:
            schools = self.filtered(lambda s, period=period: s.period_id == period).company_id
            if period.kind == "filing":
                result.update(Figures._filing_figures(schools, period.school_year, period.term))
            elif period.kind == "annual_summary":
                result.update(self._annual_figures(schools, period.school_year))
            else:
                method = Figures._screening_figures if period.kind == "screening" else Figures._statistics_figures
                result.update(method(schools, period.school_year, period.term))
        return result

    @api.model
    def _annual_terms(self, school_year):
        """The two terms of the calendar year a 15 December summary covers: [(prefix, school year, term, label)]."""
        start = int(school_year[:4])
        return [("spring", f"{start - 1}-{start}", "spring", f"{start}年春季学期"),
                ("autumn", school_year, "autumn", f"{start}年秋季学期")]

    @api.model
    def _annual_figures(self, schools, school_year):
        """{school id: figures} of the year's summary: seed 002's statistics of both terms of the calendar year,
        keyed "spring_<key>" and "autumn_<key>"."""
        Figures = self.env["student.report.figures"]
        result = {school.id: {} for school in schools}
        for prefix, year, term, _label in self._annual_terms(school_year):
            for company_id, values in Figures._statistics_figures(schools, year, term).items():
                result[company_id].update({f"{prefix}_{key}": value for key, value in values.items()})
        return result

    def _get_figures(self):
        """{submission id: figures}: the snapshot when submitted, else the figures of now."""
        live = self.filtered(lambda s: not s.figures)._live_figures()
        return {s.id: s.figures or live[s.company_id.id] for s in self}

    def _keys(self):
        """[(key, label)] of the submissions' table (they share one round)."""
        kind = self.period_id[:1].kind
        if kind == "screening":
            return SCREENING_KEYS
        if kind == "filing":
            return FILING_KEYS
        if kind == "annual_summary":  # the province's document is Chinese
            keys = self.env["student.report.figures"].with_context(lang="zh_CN")._statistics_keys()
            return [(f"{prefix}_{key}", f"{label}（{term_label}）")
                    for prefix, _year, _term, term_label in self._annual_terms(self.period_id[:1].school_year)
                    for key, label in keys]
        return self.env["student.report.figures"]._statistics_keys()

    @api.depends("figures", "state")
    def _compute_figures_html(self):
        figures_of = self.filtered("period_id")._get_figures()
        for submission in self:
            if not submission.period_id:
                submission.figures_html = False
                continue
            figures = figures_of[submission.id]
            if submission.kind == "annual_summary":
                submission.figures_html = submission._annual_figures_html(figures)
                continue
            rows = Markup("").join(
                Markup("<tr><td>%s</td><td class='text-end'>%s</td></tr>") % (label, figures.get(key, 0))
                for key, label in submission._keys())
            submission.figures_html = Markup("<table class='table table-sm o_report_figures'>%s</table>") % rows

    def _annual_figures_html(self, figures):
        """The year's figures as a table: a row per figure, a column per term of the calendar year."""
        terms = self._annual_terms(self.school_year)
        keys = self.env["student.report.figures"].with_context(lang="zh_CN")._statistics_keys()
        head = Markup("<tr><th></th>%s</tr>") % Markup("").join(
            Markup("<th class='text-end'>%s</th>") % label for _p, _y, _t, label in terms)
        rows = Markup("").join(
            Markup("<tr><td>%s</td>%s</tr>") % (label, Markup("").join(
                Markup("<td class='text-end'>%s</td>") % figures.get(f"{prefix}_{key}", 0)
                for prefix, _y, _t, _l in terms))
            for key, label in keys)
        return Markup("<table class='table table-sm o_report_figures'>%s%s</table>") % (head, rows)

    # ------------------------------------------------------------------ the filing's register

    def _filing_register(self):
        """The register the school files now: a row per key-support case under support in the term, with the
        case reference, the school, growth difficulties, origin and dates only (never a name, an ID or register
        number, a class, a mentor or a note). Read with the caller's rights: the school's caseworkers."""
        self.ensure_one()
        period = self.period_id
        cases = self.env["student.case"].with_context(lang="zh_CN").search(
            case_in_term_domain(self.company_id, period.school_year, period.term), order="confirmed_date, name")
        origins = dict(cases._fields["origin"]._description_selection(cases.env))
        last = term_dates(period.school_year, period.term)[1]
        rows = []
        for case in cases:
            exited = case.exit_date and case.exit_date <= last
            rows.append([case.name, case.company_id.name, "、".join(case.need_category_ids.mapped("name")),
                         origins.get(case.origin, ""), fields.Date.to_string(case.create_date.date()),
                         fields.Date.to_string(case.confirmed_date),
                         fields.Date.to_string(case.exit_date) if exited else "", "已退出" if exited else "帮扶中"])
        return rows

    def _get_register(self):
        """The register rows: as filed once submitted; before, the school's own staff preview the rows of now,
        and the county reads none (it learns the counts only until the school files)."""
        self.ensure_one()
        if self.register or self.state in ("submitted", "accepted"):
            return self.register or []
        if self.kind == "filing" and self.env["student.case"].has_access("read") and \
                self.company_id in self.env.user.company_ids:
            return self._filing_register()
        return []

    @api.depends("register", "state")
    def _compute_register_html(self):
        for submission in self:
            if submission.kind != "filing":
                submission.register_html = False
                continue
            rows = submission._get_register()
            head = Markup("").join(Markup("<th>%s</th>") % header for header in FILING_REGISTER_HEADERS)
            body = Markup("").join(
                Markup("<tr>%s</tr>") % Markup("").join(Markup("<td>%s</td>") % cell for cell in [n, *row])
                for n, row in enumerate(rows, start=1))
            note = Markup("")
            if not rows and submission.state in ("pending", "returned"):
                note = Markup("<p class='text-muted'>%s</p>") % self.env._("Not filed yet.")
            submission.register_html = Markup(
                "<table class='table table-sm o_report_register'><tr>%s</tr>%s</table>%s") % (head, body, note)

    # ------------------------------------------------------------------ the annual work summary

    def _get_summary(self):
        """[(heading, html)] of the summary: as submitted; before, the school's caseworkers read their draft,
        and the county reads nothing."""
        self.ensure_one()
        if self.summary or self.state in ("submitted", "accepted"):
            texts = self.summary or {}
        elif self.env.user.has_group("student_support.group_caseworker") and \
                self.company_id in self.env.user.company_ids:
            texts = {name: self[name] or "" for name, _heading in SUMMARY_SECTIONS}
        else:
            return []
        # the snapshot is written by the submit action only; sanitised again all the same
        return [(heading, Markup(html_sanitize(texts.get(name) or ""))) for name, heading in SUMMARY_SECTIONS]

    @api.depends("summary", "state")
    def _compute_summary_html(self):
        for submission in self:
            if submission.kind != "annual_summary":
                submission.summary_html = False
                continue
            sections = submission._get_summary()
            if not sections:
                submission.summary_html = Markup("<p class='text-muted'>%s</p>") % self.env._(
                    "The school has not submitted its summary yet.")
                continue
            submission.summary_html = Markup("").join(
                Markup("<h4>%s</h4><div class='o_report_summary_section'>%s</div>") % (heading, html)
                for heading, html in sections)

    @api.depends("submitted_date", "deadline", "state")
    def _compute_late(self):
        today = fields.Date.context_today(self)
        for submission in self:
            day = submission.submitted_date.date() if submission.submitted_date else today
            submission.late = bool(submission.deadline) and day > submission.deadline and submission.state != "accepted"

    def write(self, vals):
        if not self.env.su and {"figures", "state", "company_id", "period_id", "register", "summary", "submitted_date",
                                "submitted_by"} & set(vals):
            raise UserError(self.env._("A submission changes only through its buttons (submit, accept, return)."))
        if SUMMARY_FIELDS & set(vals):
            for submission in self:
                if submission.state in ("submitted", "accepted"):
                    raise UserError(self.env._(
                        "%(school)s has submitted %(table)s: its text is locked until the county returns it.",
                        school=submission.company_id.name, table=submission.name))
                if submission.kind != "annual_summary":
                    raise UserError(self.env._("%(table)s has no summary to write.", table=submission.name))
        if not self.env.su and "county_comment" in vals and not self.env.user.has_group(
                "student_support.group_county_officer"):
            raise UserError(self.env._("Only the county writes its comment on a submission."))
        return super().write(vals)

    def action_submit(self):
        """The school submits: its figures of now are snapshotted and locked until the county returns them."""
        if not (self.env.su or self.env.user.has_group("student_support.group_caseworker")):
            raise UserError(self.env._("Only the school's aid caseworkers submit official tables."))
        self.check_access("write")
        for submission in self:
            if submission.state not in ("pending", "returned"):
                raise UserError(self.env._("%(school)s has already submitted %(table)s.",
                                           school=submission.company_id.name, table=submission.name))
            if submission.kind == "screening":
                if submission._screening().state != "submitted":
                    raise UserError(self.env._(
                        "Submit the semester screening of %(school)s first (Aid → Screenings): the table counts "
                        "its findings.", school=submission.company_id.name))
            figures = submission._live_figures()[submission.company_id.id]
            vals = {"figures": figures, "state": "submitted", "submitted_date": fields.Datetime.now(),
                    "submitted_by": self.env.uid}
            if submission.kind == "filing":
                vals["register"] = submission._filing_register()
            elif submission.kind == "annual_summary":
                vals["summary"] = {name: html_sanitize(submission[name] or "") for name, _heading in SUMMARY_SECTIONS}
            submission._write_status(vals)
            if submission.kind == "filing":
                submission._mark_cases_filed()
        return True

    @in_school_lang
    def _mark_cases_filed(self):
        """Say on each case filed for the first time that it was, in which round and when (for the school)."""
        for submission in self:
            cases = self.env["student.case"].search([
                *case_in_term_domain(submission.company_id, submission.school_year, submission.term),
                ("filing_submission_id", "=", False)])
            cases._workflow_write_protected({"filing_submission_id": submission.id, "filed_round": submission.name,
                                             "filed_date": fields.Date.context_today(self)})
            for case in cases:
                case.message_post(body=self.env._("Filed with the county in %(round)s.", round=submission.name),
                                  subtype_xmlid="mail.mt_note")

    def action_print(self):
        """This table as xlsx (to print, stamp and send; the figures are the snapshot once submitted); the annual
        work summary, a text, as a document (PDF)."""
        if self.period_id[:1].kind == "annual_summary":
            return self.env.ref("student_support_reports.action_report_annual_summary").report_action(self)
        return self.env.ref("student_support_reports.action_report_round_xlsx").report_action(self)

    def _check_county_officer(self):
        if not self.env.user.has_group("student_support.group_county_officer"):
            raise UserError(self.env._("Only the county's officers accept or return a submission."))
        self.check_access("write")  # the county's own schools' submissions only
        for submission in self:
            if submission.state != "submitted":
                raise UserError(self.env._("%(school)s has not submitted %(table)s.",
                                           school=submission.company_id.name, table=submission.name))

    def action_accept(self):
        self._check_county_officer()
        for submission in self:
            submission._message_post_decision(self.env._("Accepted by the county."))
        self._write_status({"state": "accepted"})
        return True

    def action_open_return_dialog(self):
        """The dialog in which the county says why the submission goes back to the school."""
        self.ensure_one()
        self._check_county_officer()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return %(school)s's submission", school=self._school_name()),
            "res_model": "student.report.return",
            "view_mode": "form",
            "target": "new",
            "context": {"default_submission_id": self.id},
        }

    def action_return(self, comment=None):
        """Return to the school with a comment (required): it corrects and submits again. The only way
        back for a submitted table; returning a screening table also returns the school's screening."""
        comment = (comment if comment is not None else self.env.context.get("return_comment")) or ""
        self._check_county_officer()
        for submission in self:
            reason = comment.strip() or (submission.county_comment or "").strip()
            if not reason:
                raise UserError(self.env._("Say why %(school)s's submission is returned (County's comment).",
                                           school=submission.company_id.name))
            submission._return_to_school(reason)
        return True

    @in_school_lang
    def _return_to_school(self, reason):
        """Put the submitted ``self`` back to the school with ``reason`` (checked by the caller), and the
        screenings they count with them."""
        for submission in self.filtered(lambda s: s.state == "submitted"):
            submission._message_post_decision(self.env._("Returned by the county: %(reason)s", reason=reason))
            submission._write_status({"state": "returned", "figures": False, "register": False, "summary": False,
                                      "county_comment": reason})
            submission._screening()._return_to_school(reason)
            submission._unmark_cases_filed()

    @elevated("the cases a returned filing had marked as filed, for the county officer who returns it (checked by "
              "the return action): their filing mark is cleared, nothing is read or returned")
    def _unmark_cases_filed(self):
        """Clear the filing mark of the cases this submission filed: the school files them again."""
        if self.kind == "filing":
            cases = self.env["student.case"].sudo().with_context(active_test=False).search(
                [("filing_submission_id", "=", self.id)])
            cases._workflow_write_protected({"filing_submission_id": False, "filed_round": False, "filed_date": False})

    @elevated("the submission's status, snapshot and county comment, which only the submit, accept and return "
              "actions write, after their own checks (a caseworker of the school; the county officer); nothing is "
              "returned")
    def _write_status(self, vals):
        """Write ``vals`` (state, figures, dates, comment) on the submissions, as the actions do."""
        self.sudo().write(vals)

    @elevated("the semester screening a screening table counts, for a caller who has checked its access to the "
              "submission and so to its school's screening (a county officer reads it only once submitted): "
              "callers read its status and return it with the table, as superuser, nothing else")
    def _screening(self):
        """The semester screening a screening table counts (none for the statistics table)."""
        self.ensure_one()
        if self.kind != "screening":
            return self.env["student.screening"]
        return self.env["student.screening"].sudo().search([
            ("company_id", "=", self.company_id.id), ("school_year", "=", self.school_year),
            ("term", "=", self.term)])

    @api.depends("period_id", "company_id")
    def _compute_display_name(self):
        for submission in self:
            submission.display_name = f"{submission._school_name()} · {submission.period_id.name or ''}"

    @elevated("a school's name, shown to the county that reads its submission even when the county bureau "
              "alone is active in the company switcher (companies are read through the active ones)")
    def _school_name(self):
        """The name of the submission's school."""
        self.ensure_one()
        return self.company_id.sudo().name or ""
