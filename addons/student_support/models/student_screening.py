import collections

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .elevated import elevated, links_other_school
from .student_aid_grant import TERMS, current_term
from .student_aid_programme import OWED_KINDS
from .student_identification import default_school_year

FINDINGS = [
    ("priority_not_highest", "Priority category without the highest tier"),
    ("identified_unaided", "Identified, no aid this period"),
    ("no_longer_qualifies", "Aided, no longer qualifies"),
]


class StudentScreening(models.Model):
    """The semester screening of a school (排查, seed 004): students who should be
    aided and are not, and students aided who no longer qualify. Each line needs a
    reason and a measure with a deadline before the school submits it to the county."""

    _name = "student.screening"
    _description = "Semester screening"
    _inherit = ["mail.thread"]
    _order = "school_year desc, term, company_id"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", string="School", required=True, index=True,
                                 default=lambda self: self.env.company)
    county_id = fields.Many2one(related="company_id.county_id", store=True)
    school_year = fields.Char(string="School year", required=True, default=default_school_year)
    term = fields.Selection([t for t in TERMS if t[0] != "year"], required=True,
                            default=lambda self: current_term(fields.Date.context_today(self)))
    state = fields.Selection([("draft", "Draft"), ("submitted", "Submitted to the county")], string="Status",
                             default="draft", required=True, tracking=True)
    line_ids = fields.One2many("student.screening.line", "screening_id", string="Findings")
    county_comment = fields.Text(string="County's comment", readonly=True, copy=False, tracking=True,
                                 help="Why the county returned the screening to the school (its last return).")
    line_count = fields.Integer(string="Students found", compute="_compute_line_count")
    # seed 004's summary asks a 100% question (a school of the compulsory stage: are the four categories aided and
    # boarders in difficulty given the boarders' living subsidy; any other: has every priority student the highest
    # tier of the national grant); when not, the school says why and what it does (具体原因及整改措施), printed in
    # the table the county receives
    coverage_reason = fields.Text(
        string="Reasons and corrective measures",
        help="Why the answer to the screening table's 100% question is no, and what the school does about it: in "
             "the compulsory stage, students of the four categories without aid or boarders in difficulty without "
             "the boarders' living subsidy; otherwise, priority students without the highest tier of the national "
             "grant. Printed in the screening table (具体原因及整改措施); required to submit when the answer is no.")

    _school_period_uniq = models.UniqueIndex("(company_id, school_year, term)",
                                             "The school already has a screening for this term.")

    @api.constrains("company_id")
    def _check_lines_stay_in_school(self):
        # the lines take their school from the screening: moving it would show its students to another school
        for screening in self:
            if links_other_school(screening, "line_ids.student_id.company_id"):
                raise ValidationError(self.env._("%(screening)s lists students of its school: its school cannot "
                                                 "change.", screening=screening.display_name))

    @api.depends("line_ids")
    def _compute_line_count(self):
        for screening in self:
            screening.line_count = len(screening.line_ids)

    def action_scan(self):
        """List every student the rules find (again): eligible but unaided, or aided but no longer eligible.
        Reasons and measures already written on a student's line are kept."""
        for screening in self:
            if screening.state != "draft":
                raise UserError(self.env._("A submitted screening cannot change."))
            found = screening._find()
            kept = {(line.student_id, line.finding): line for line in screening.line_ids}
            (screening.line_ids - self.env["student.screening.line"].union(
                *[kept[key] for key in found if key in kept])).unlink()
            screening.line_ids = [fields.Command.create({"student_id": student.id, "finding": finding})
                                  for student, finding in found if (student, finding) not in kept]
        return True

    @elevated("the scan reads all of the school's students, grants, identifications and programmes for the "
              "screening, which its caseworkers run: the students found are the school's, returned in the "
              "caller's environment")
    def _find(self):
        """[(student, finding)] for this school and period, by the rules of seed 004."""
        self.ensure_one()
        Student, Grant = self.env["student.student"].sudo(), self.env["student.aid.grant"].sudo()
        period = [("school_year", "=", self.school_year), ("term", "in", (self.term, "year")),
                  ("state", "!=", "cancelled"), ("company_id", "=", self.company_id.id)]
        grants = Grant.search(period)
        # a loan or a green-channel deferral is owed back: it does not make a student aided (OWED_KINDS)
        aided = grants.filtered(lambda grant: grant.kind not in OWED_KINDS).student_id
        highest = grants.filtered("is_highest_tier").student_id
        enrolled = Student.search([("company_id", "=", self.company_id.id), ("enrolment_state", "=", "enrolled")])
        identified = self.env["student.identification"].sudo().search(
            [("company_id", "=", self.company_id.id), ("school_year", "=", self.school_year),
             ("workflow_state", "=", "approved")]).student_id
        # priority: the categories flagged so, and those a programme paid by level names for its highest tier
        programmes = self.env["student.aid.programme"].sudo().search([("amount_mode", "=", "level")])
        priority = enrolled.filtered(programmes._requires_highest_tier)
        found = [(s, "priority_not_highest") for s in priority - highest]
        found += [(s, "identified_unaided") for s in (identified & enrolled) - aided - priority]
        qualifies = identified | priority
        found += [(s, "no_longer_qualifies") for s in aided - (qualifies & enrolled)]
        return [(student.sudo(False), finding) for student, finding in found]

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("state", "draft") != "draft" or vals.get("county_comment")
                                   for vals in vals_list):
            raise UserError(self.env._("A screening changes status only through its buttons (submit, return)."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if {"state", "county_comment"} & set(vals):
                raise UserError(self.env._("A screening changes status only through its buttons (submit, return)."))
            self._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        self._check_draft()

    def _check_draft(self):
        """Refuse to change a submitted screening: it is the county's until the county returns it."""
        submitted = self.filtered(lambda s: s.state == "submitted")
        if submitted:
            raise UserError(self.env._(
                "%(screening)s has been submitted to the county: it stays as submitted until the county returns "
                "it.", screening=submitted[0].display_name))

    def action_submit(self):
        """The school submits its screening to the county: from then on only the county's return reopens it."""
        self.check_access("write")
        self._check_draft()
        for screening in self:
            incomplete = screening.line_ids.filtered(
                lambda line: not (line.reason or "").strip() or not (line.measure or "").strip() or not line.deadline)
            if incomplete:
                raise UserError(self.env._(
                    "Give a reason, a measure and a deadline for: %(students)s.",
                    students=", ".join(incomplete.mapped("student_id.name"))))
        self._check_submittable()
        self._write_status({"state": "submitted"})
        return True

    def _check_submittable(self):
        """Hook: raise a UserError when a screening whose lines are complete still lacks something the county
        needs (the reports addon: the reasons and corrective measures of the screening table)."""

    def action_back_to_draft(self):
        """Refused for every school role: the county's return (action_return) reopens a submitted screening."""
        raise UserError(self.env._("Only the county returns a submitted screening to the school, with its reason."))

    def action_open_return(self):
        """The county's return dialog: the reason is required, posted in the chatter and kept."""
        self.ensure_one()
        self._check_county_return()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return to the school"),
            "res_model": "student.screening.return",
            "view_mode": "form",
            "target": "new",
            "context": {"default_screening_id": self.id},
        }

    def action_return(self, comment=None):
        """The county returns the submitted screenings to their school with a reason (required): the school
        corrects them and submits again. As the report submissions' return, the reason may come in the context."""
        comment = ((comment if comment is not None else self.env.context.get("return_comment")) or "").strip()
        self._check_county_return()
        if not comment:
            raise UserError(self.env._("Say why the screening of %(school)s is returned.",
                                       school=", ".join(self.company_id.mapped("name"))))
        self._return_to_school(comment)
        return True

    def _check_county_return(self):
        self.check_access("read")  # the county reads its schools' submitted screenings, nothing else
        if not self.env.user.has_group("student_support.group_county_officer"):
            raise UserError(self.env._("Only the county's officers return a submitted screening."))
        for screening in self:
            if screening.state != "submitted":
                raise UserError(self.env._("%(screening)s has not been submitted.", screening=screening.display_name))

    def _return_to_school(self, reason):
        """Put the submitted screenings back to draft with the county's ``reason`` (checked by the caller)."""
        for screening in self.filtered(lambda s: s.state == "submitted"):
            screening._message_post_decision(self.env._("Returned by the county: %(reason)s", reason=reason))
            screening._write_status({"state": "draft", "county_comment": reason})

    @elevated("the screening's status and the county's comment, which only the submit and return actions "
              "write, after their own checks (the school's write access and complete lines; the county officer); "
              "nothing is returned")
    def _write_status(self, vals):
        """Write ``vals`` (state, county_comment) on the screenings, as the actions do."""
        self.sudo().write(vals)

    @api.depends("company_id", "school_year", "term")
    def _compute_display_name(self):
        terms = dict(self._fields["term"]._description_selection(self.env))
        for screening in self:
            screening.display_name = (f"{screening.company_id.name or ''} {screening.school_year or ''} "
                                      f"{terms.get(screening.term, '')}")


class StudentScreeningLine(models.Model):
    """One student found by a screening, with the columns of Annexes 1 and 2 of seed 004."""

    _name = "student.screening.line"
    _description = "Screening finding"
    _order = "screening_id, finding, id"
    _check_company_auto = True

    screening_id = fields.Many2one("student.screening", required=True, ondelete="cascade", index=True,
                                   check_company=True)
    company_id = fields.Many2one(related="screening_id.company_id", store=True, index=True, precompute=True)
    state = fields.Selection(related="screening_id.state")
    # the school's own students only: the line shows the student's class, ID and categories (read as superuser)
    student_id = fields.Many2one("student.student", required=True, index=True, check_company=True)
    finding = fields.Selection(FINDINGS, required=True)
    class_id = fields.Many2one(related="student_id.class_id")
    national_id_masked = fields.Char(related="student_id.national_id_masked", string="ID number")
    hardship_category_ids = fields.Many2many(related="student_id.hardship_category_ids",
                                             string="Difficulty types")
    registered_poor = fields.Boolean(string="Registered poor household", compute="_compute_aid")
    partial_aid = fields.Boolean(string="Partly aided", compute="_compute_aid")
    aid_received = fields.Char(string="Aid received (time, item)", compute="_compute_aid")
    reason = fields.Text(string="Other reason for no aid")
    measure = fields.Text()
    deadline = fields.Date()

    @api.depends("student_id", "screening_id.school_year")
    def _compute_aid(self):
        received_of = self._aid_received()
        for line in self:
            line.registered_poor = "registered_poor" in line.student_id.hardship_category_ids.mapped("code")
            year = line.screening_id.school_year or ""
            # seed 004: 资助项目包括学生入学以来的所有资助项目 — every aid up to the screening's year is listed;
            # partly aided says whether the student has some aid in the screening's year
            grants = received_of[line.student_id.id]
            received = [(date, programme) for grant_year, date, programme in grants if grant_year <= year]
            line.partial_aid = any(grant_year == year for grant_year, _date, _programme in grants)
            line.aid_received = "; ".join(f"{date} {programme}" for date, programme in received)

    @elevated("the school year, date and programme of each aid the lines' students received since they enrolled: "
              "the columns of seed 004's annex, for whoever reads the lines (the school's caseworkers, the county "
              "once submitted)")
    def _aid_received(self):
        """{student id: [(school year, date, programme name)]} of the lines' students, in date order."""
        # one search for all the lines (a county's list holds thousands)
        grants = self.env["student.aid.grant"].sudo().search(
            [("student_id", "in", self.student_id.ids), ("state", "!=", "cancelled")], order="date, id")
        received = collections.defaultdict(list)
        for grant in grants:
            received[grant.student_id.id].append((grant.school_year, grant.date, grant.programme_id.name))
        return received

    @api.model_create_multi
    def create(self, vals_list):
        self.env["student.screening"].browse({vals["screening_id"] for vals in vals_list
                                              if vals.get("screening_id")})._check_draft()
        return super().create(vals_list)

    def write(self, vals):
        (self.screening_id | self.env["student.screening"].browse(vals.get("screening_id")))._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        self.screening_id._check_draft()
