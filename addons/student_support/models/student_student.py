import collections
import hashlib

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from . import national_id as nid
from .elevated import elevated, get_param
from .student_aid_programme import OWED_KINDS

CONSENT_AGE = 14
# Sensitive detail that, for a student under CONSENT_AGE, may only be recorded
# once a guardian's consent is on file.
SENSITIVE_FIELDS = ("family_poverty_detail", "mental_health_note", "disability_note")
# Protected identifiers and the masked projection every role reads instead.
# The national student register number (全国学籍号) is "G" + the ID number.
MASKED_FIELDS = {"national_id": "national_id_masked", "register_number": "register_number_masked"}


class StudentStudent(models.Model):
    _name = "student.student"
    _description = "Student"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "company_id, grade, class_id, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        default=lambda self: self.env.company,
        index=True,
        tracking=True,
    )
    county_id = fields.Many2one(
        related="company_id.county_id", string="County bureau", store=True, index=True
    )
    national_id = fields.Char(
        string="National ID number",
        copy=False,
        groups="student_support.group_caseworker",
        help="Resident identity card number (居民身份证号码), 18 characters. Unique in the county.",
    )
    # The safe projection of national_id for every role and every list, export
    # and report. Written only by create/write from national_id (a plain field,
    # so that the chatter tracks it like any other).
    national_id_masked = fields.Char(string="ID number", readonly=True, copy=False, tracking=True)
    gender = fields.Selection(
        [("male", "Male"), ("female", "Female")],
        compute="_compute_from_national_id",
        store=True,
        readonly=False,
    )
    # with the masked ID number's leading and trailing digits, the birth date leaves a handful of
    # candidate ID numbers: as protected as the number; the other roles read the age
    birth_date = fields.Date(
        compute="_compute_from_national_id", store=True, readonly=False, groups="student_support.group_caseworker"
    )
    age = fields.Integer(compute="_compute_age")
    register_number = fields.Char(
        string="Student register number",
        copy=False,
        groups="student_support.group_caseworker",
        help="National student register number (全国学籍号), usually G followed by the ID number.",
    )
    register_number_masked = fields.Char(
        string="Register number", readonly=True, copy=False, tracking=True
    )
    class_id = fields.Many2one("student.class", check_company=True, tracking=True, index=True)
    grade = fields.Char(related="class_id.grade", store=True)
    class_teacher_id = fields.Many2one(
        related="class_id.teacher_id", string="Class teacher", store=True, index=True
    )
    # school staff only: a mentor is given to key-support cases, so the county reading it would learn who is one
    mentor_id = fields.Many2one(
        "res.users",
        check_company=True,
        domain="[('share', '=', False)]",
        tracking=True,
        index=True,
        groups="student_support.group_class_teacher",
    )
    enrolment_state = fields.Selection(
        [
            ("enrolled", "Enrolled"),
            ("suspended", "Suspended"),
            ("transferred", "Transferred out"),
            ("graduated", "Graduated"),
            ("dropped_out", "Dropped out"),
        ],
        string="Enrolment status",
        default="enrolled",
        required=True,
        tracking=True,
    )
    # seed 001: a new student in difficulty is visited at home before the identification
    is_new_student = fields.Boolean(string="New student", tracking=True,
                                    help="Enrolling this school year: visit the family before the identification.")
    # seed 004: boarders in difficulty get the boarders' living subsidy (寄宿生生活补助, compulsory stage)
    is_boarder = fields.Boolean(string="Boarder", tracking=True,
                                help="Lives at school: a boarder in difficulty gets the boarders' living subsidy.")
    household_registration = fields.Selection(
        [("urban", "Urban"), ("rural", "Rural")], string="Household registration", tracking=True
    )
    home_visit_ids = fields.One2many("student.home.visit", "student_id", string="Home visits")
    identification_ids = fields.One2many("student.identification", "student_id", string="Identifications",
                                         groups="student_support.group_caseworker")
    grant_ids = fields.One2many("student.aid.grant", "student_id", string="Aid grants",
                                groups="student_support.group_caseworker")
    # seed 004's 一生一档: the identifications and grants of each school year, with the year's totals
    aid_summary = fields.Html(string="Aid per school year", compute="_compute_aid_summary", sanitize=False,
                              groups="student_support.group_caseworker")
    dropout_record_ids = fields.One2many("student.dropout.record", "student_id", string="Roll ledger",
                                         groups="student_support.group_class_teacher")
    reward_ids = fields.One2many("student.growth.reward", "student_id", string="Growth rewards")
    case_ids = fields.One2many("student.case", "student_id", string="Key-support cases",
                               groups="student_support.group_mentor,student_support.group_counsellor")
    guardian_ids = fields.One2many(
        "student.guardian", "student_id", string="Guardians", groups="student_support.group_class_teacher"
    )
    hardship_category_ids = fields.Many2many(
        "student.hardship.category", string="Hardship categories", tracking=True
    )
    is_priority = fields.Boolean(
        string="In a priority category",
        compute="_compute_is_priority",
        store=True,
        help="At least one hardship category makes the highest aid tier mandatory.",
    )
    guardian_consent = fields.Boolean(
        string="Guardian consent",
        tracking=True,
        groups="student_support.group_class_teacher",
        help="A guardian agreed in writing that sensitive detail of this student may be recorded.",
    )
    guardian_consent_date = fields.Date(
        string="Consent date", tracking=True, groups="student_support.group_class_teacher"
    )
    family_poverty_detail = fields.Text(
        string="Family poverty detail", groups="student_support.group_caseworker"
    )
    mental_health_note = fields.Text(
        string="Mental-health note", groups="student_support.group_counsellor"
    )
    disability_note = fields.Text(string="Disability note", groups="student_support.group_counsellor")
    # seed 001: the growth archive records the student's traits (学生特点) besides visits and rewards
    traits = fields.Text(string="Strengths and character", groups="student_support.group_class_teacher",
                         help="Talents, interests and character, as the school sees them (growth archive).")

    _national_id_county_uniq = models.UniqueIndex(
        "(county_id, national_id) WHERE national_id IS NOT NULL",
        "This national ID number is already registered for a student in this county.",
    )
    _register_number_company_uniq = models.UniqueIndex(
        "(company_id, register_number) WHERE register_number IS NOT NULL",
        "This student register number is already used in this school.",
    )

    # ------------------------------------------------------------------ computes

    @api.depends("national_id")
    def _compute_from_national_id(self):
        # stored, so computed as superuser (compute_sudo): the ID number is read whoever saves the student
        for student in self:
            number = student.national_id
            try:
                nid.check_number(number)
            except ValueError:
                # no number, or a wrong one (_check_national_id reports it): keep what was entered
                student.birth_date = student.birth_date
                student.gender = student.gender
                continue
            student.birth_date = nid.birth_date(number)
            student.gender = nid.gender(number)

    @api.depends("birth_date")
    @elevated("the age in whole years is the declassified projection of the birth date "
              "(privacy.DECLASSIFIED_FIELDS): only the age leaves the compute")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for student, birth_date in zip(self, self.sudo().mapped("birth_date"), strict=True):
            student.age = nid.age_on(birth_date, today) if birth_date else 0

    @api.depends("hardship_category_ids.is_priority")
    def _compute_is_priority(self):
        for student in self:
            student.is_priority = any(student.hardship_category_ids.mapped("is_priority"))

    @api.depends("grant_ids.amount", "grant_ids.state", "grant_ids.school_year", "grant_ids.kind",
                 "grant_ids.deferred_amount", "identification_ids.level_id", "identification_ids.workflow_state",
                 "identification_ids.school_year")
    def _compute_aid_summary(self):
        head = Markup("<tr><th>%s</th><th>%s</th><th class='text-end'>%s</th><th class='text-end'>%s</th>"
                      "<th class='text-end'>%s</th></tr>") % (
            self.env._("School year"), self.env._("Identification"), self.env._("Grants"),
            self.env._("Aid received (yuan)"), self.env._("Loans and deferred fees (yuan)"))
        for student in self:
            rows = [Markup("<tr><td>%s</td><td>%s</td><td class='text-end'>%s</td><td class='text-end'>%.2f</td>"
                           "<td class='text-end'>%.2f</td></tr>") % (
                year["school_year"], year["identification"] or "—", year["count"], year["received"], year["owed"])
                for year in student._aid_totals_by_year()]
            student.aid_summary = Markup("<table class='table table-sm'><thead>%s</thead><tbody>%s</tbody></table>") % (
                head, Markup().join(rows)) if rows else False

    def _aid_totals_by_year(self):
        """[{school_year, identification, count, received, owed}], newest year first: the student's
        identifications (level and outcome) and the grants not cancelled, summed per school year; a loan
        or fees deferred through the green channel are owed back, apart from the aid received."""
        self.ensure_one()
        years = collections.defaultdict(lambda: {"identification": "", "count": 0, "received": 0.0, "owed": 0.0})
        outcome = dict(self.env["student.identification"]._fields["workflow_state"]._description_selection(self.env))
        for identification in self.identification_ids:
            level = identification.level_id.name or identification.proposed_level_id.name or "—"
            years[identification.school_year]["identification"] = (
                f"{level} ({outcome.get(identification.workflow_state, '')})")
        for grant in self.grant_ids.filtered(lambda g: g.state != "cancelled"):
            year = years[grant.school_year]
            year["count"] += 1
            if grant.kind == "green_channel":
                year["owed"] += grant.deferred_amount
            elif grant.kind in OWED_KINDS:
                year["owed"] += grant.amount
            else:
                year["received"] += grant.amount
        return [dict(values, school_year=year) for year, values in sorted(years.items(), reverse=True)]

    # ------------------------------------------------------------------ CRUD

    @api.model
    def _normalize_vals(self, vals):
        vals = dict(vals)
        for field, masked in MASKED_FIELDS.items():
            vals.pop(masked, None)  # derived only, never taken from input
            if field in vals:
                vals[field] = nid.compact(vals[field]) or False
                vals[masked] = nid.mask(vals[field])
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._normalize_vals(vals) for vals in vals_list]
        if any(vals.get("national_id") for vals in vals_list):
            # before the uniqueness check: it must not tell a user who may not enter numbers which are taken
            self._check_field_access(self._fields["national_id"], "write")
        default_company = self.env["res.company"].browse(self.default_get(["company_id"]).get("company_id"))
        self._check_national_id_free(
            [
                (vals.get("name"), vals.get("national_id"),
                 self.env["res.company"].browse(vals["company_id"]) if vals.get("company_id") else default_company,
                 None)
                for vals in vals_list
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        vals = self._normalize_vals(vals)
        if vals.get("national_id"):
            self._check_field_access(self._fields["national_id"], "write")  # as in create
        if vals.get("national_id") or vals.get("company_id"):
            company = self.env["res.company"].browse(vals.get("company_id"))
            stored = {} if vals.get("national_id") else self._stored_national_ids()
            self._check_national_id_free(
                [
                    (student.name, vals.get("national_id") or stored.get(student.id),
                     company or student.company_id, student.id)
                    for student in self
                ]
            )
        moving = self.filtered(lambda s: (vals.get("enrolment_state") == "transferred" != s.enrolment_state)
                               or (vals.get("company_id") and vals["company_id"] != s.company_id.id))
        # read before the write: a student moved to another school may be out of the user's reach after it
        handovers = [(student.id, self.env._("%(student)s is transferring.", student=vals.get("name") or student.name))
                     for student in moving]
        result = super().write(vals)
        for student_id, reason in handovers:  # the open cases of a transferring student need a handover
            self.env["student.case"]._schedule_handovers([("student_id", "=", student_id)], reason)
        return result

    @elevated("the students' stored ID numbers, handed only to the county's uniqueness check when they change "
              "school (_check_national_id_free), whose refusal shows a number only when another student of the "
              "county holds it, and then masked unless the caller may read national_id")
    def _stored_national_ids(self):
        """{student id: stored ID number} of ``self``."""
        return {student.id: student.national_id for student in self.sudo()}

    @elevated("the student of the county holding an ID number, whoever may read him, as a record of the caller's "
              "environment: _check_national_id_free names him only when the caller may read him")
    def _national_id_holder(self, county_id, number, own_id):
        """The student other than ``own_id`` of the county ``county_id`` (archived too) whose ID number is
        ``number``."""
        holder = self.sudo().with_context(active_test=False).search(
            [("id", "!=", own_id or 0), ("company_id.county_id", "=", county_id), ("national_id", "=", number)],
            limit=1,
        )
        return self.env["student.student"].browse(holder.id)

    @api.model
    def _check_national_id_free(self, entries):
        """Refuse ID numbers already held by another student of the same county.

        Checked before writing so that the user gets this message rather than
        the unique index's; the index still guards against concurrent saves.
        The refusal shows the number as the user may read it (masked, as
        ``national_id_masked``, without the field's groups) and names the other
        student and his school only when the user may read that student.

        :param entries: (student name, number, school, own id or None) tuples
        """
        reads_number = self._has_field_access(self._fields["national_id"], "read")
        seen = {}
        for name, number, company, own_id in entries:
            if not number:
                continue
            county_id = company._org_type_and_county()[1]
            key = (county_id, number)
            # looked up whoever asks: the other student may be in a school of the county that the user cannot read
            holder = self.env["student.student"] if key in seen else self._national_id_holder(county_id, number, own_id)
            if key in seen or holder:
                shown = number if reads_number else nid.mask(number)
                holder = holder._filtered_access("read")
                if holder:
                    raise ValidationError(self.env._(
                        "Student %(name)s: the national ID number %(number)s is already registered for "
                        "%(other)s of %(school)s.",
                        name=name, number=shown, other=holder.name, school=holder.company_id.name,
                    ))
                raise ValidationError(
                    self.env._(
                        "Student %(name)s: the national ID number %(number)s is already "
                        "registered for another student in this county.",
                        name=name,
                        number=shown,
                    )
                )
            seen[key] = True

    # ------------------------------------------------------------------ constraints

    @api.constrains("national_id")
    @elevated("checks the form of the ID number just saved, which the saving user may not read back: the refusal "
              "shows the number as entered")
    def _check_national_id(self):
        reasons = {
            "length": self.env._("it must have 18 characters"),
            "format": self.env._("it must be 17 digits followed by a digit or X"),
            "checksum": self.env._("the check digit is wrong"),
            "birth_date": self.env._("the birth date in it is not a real date"),
        }
        for student in self.sudo():
            number = student.national_id
            if not number:
                continue
            try:
                nid.check_number(number)
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "Student %(name)s: the national ID number %(number)s is invalid: %(reason)s.",
                        name=student.name,
                        number=number,
                        reason=reasons[error.args[0]],
                    )
                ) from None

    @api.constrains("national_id", "birth_date")
    @elevated("compares the birth date with the ID number's, both protected: the refusal shows the birth date "
              "the caseworker saved (only caseworkers write either)")
    def _check_birth_date(self):
        for student in self.sudo():
            number = student.national_id
            if not (number and student.birth_date):
                continue
            try:
                nid.check_number(number)
            except ValueError:
                continue
            if nid.birth_date(number) != student.birth_date:
                raise ValidationError(
                    self.env._(
                        "Student %(name)s: the birth date %(date)s does not match the national ID number.",
                        name=student.name,
                        date=student.birth_date,
                    )
                )

    @api.constrains("guardian_consent", "guardian_consent_date", "birth_date", *SENSITIVE_FIELDS)
    @elevated("the rule concerns fields the writing user may not read (a caseworker saving a record a counsellor "
              "annotated): only the fields' labels and the student's name are shown")
    def _check_guardian_consent(self):
        today = fields.Date.context_today(self)
        field_labels = {name: self._fields[name]._description_string(self.env) for name in SENSITIVE_FIELDS}
        for student in self.sudo():
            if student.guardian_consent and not student.guardian_consent_date:
                raise ValidationError(
                    self.env._("Student %(name)s: a guardian consent needs its date.", name=student.name)
                )
            if student.guardian_consent or not student._is_under_consent_age(today):
                continue
            filled = [field_labels[name] for name in SENSITIVE_FIELDS if student[name]]
            if filled:
                raise ValidationError(
                    self.env._(
                        "Student %(name)s is under %(age)s: record the guardian's consent "
                        "(with its date) before saving %(fields)s.",
                        name=student.name,
                        age=CONSENT_AGE,
                        fields=", ".join(filled),
                    )
                )

    @elevated("a class teacher recording the consent may not read the birth date: only the yes/no answer "
              "leaves the helper")
    def _is_under_consent_age(self, day):
        """Whether the student is under CONSENT_AGE on ``day``; unknown age counts as under."""
        self.ensure_one()
        birth_date = self.sudo().birth_date
        if not birth_date:
            return True
        return nid.age_on(birth_date, day) < CONSENT_AGE

    def _archive_code(self):
        """A stable code that stands for the student in anonymised documents: it
        cannot be turned back into a name without this database."""
        self.ensure_one()
        salt = get_param(self.env, "database.uuid", "")
        return "S-" + hashlib.sha256(f"{salt}:{self.id}".encode()).hexdigest()[:8].upper()

