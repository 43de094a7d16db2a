import collections

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .elevated import figures
from .identification_rules import propose_level, score_evidence
from .student_case import ORIGINS
from .student_workflow_mixin import WORKFLOW_PROTECTED_FIELDS


def current_school_year(day):
    """The school year a date falls in: from September, 2026-09-01 → "2026-2027"."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


def school_year_start(day):
    """The first day of the school year a date falls in: 2026-11-05 → 2026-09-01."""
    return day.replace(year=day.year if day.month >= 9 else day.year - 1, month=9, day=1)


def default_school_year(record):
    """Field default: the school year of today, in the user's time zone."""
    return current_school_year(fields.Date.context_today(record))


class StudentIdentification(models.Model):
    """The yearly identification of a financially disadvantaged student (家庭经济困难
    学生认定): evidence, a score by the identification model, a proposed level and
    the level the committee decides. Runs on the school's workflow and form."""

    _name = "student.identification"
    _description = "Identification"
    _inherit = ["student.workflow.mixin", "student.form.mixin"]
    _order = "school_year desc, id desc"
    _check_company_auto = True
    # the score and the proposed level come from the evidence, the aid total from the grants
    _workflow_protected_fields = (*WORKFLOW_PROTECTED_FIELDS, "score", "score_detail", "proposed_level_id",
                                  "aid_total")

    # no check_company: the school follows this field (its domain would read the new record's empty school)
    student_id = fields.Many2one("student.student", required=True, index=True, tracking=True)
    company_id = fields.Many2one(related="student_id.company_id", store=True, index=True, precompute=True)
    class_teacher_id = fields.Many2one(related="student_id.class_teacher_id", store=True)
    school_year = fields.Char(
        string="School year", required=True, index=True,
        default=default_school_year,
        help="e.g. 2026-2027",
    )
    origin = fields.Selection(
        ORIGINS, required=True, default="application", tracking=True,
    )
    hardship_category_ids = fields.Many2many(
        "student.hardship.category", string="Hardship categories", tracking=True,
        default=lambda self: self._default_categories(),
    )
    income_per_head = fields.Float(string="Monthly income per head (yuan)", groups="student_support.group_caseworker")
    dependants = fields.Integer(groups="student_support.group_caseworker",
                                help="Family members without income: children in school, elderly, ill.")
    family_illness = fields.Boolean(string="Illness or disability in the family",
                                    groups="student_support.group_caseworker")
    evidence_note = fields.Text(string="Evidence", groups="student_support.group_caseworker")
    score = fields.Float(compute="_compute_score", store=True, tracking=True)
    # spells out the income per head, the dependants and the illness: as protected as they are
    score_detail = fields.Html(string="How the score was reached", compute="_compute_score", store=True,
                               sanitize=False, groups="student_support.group_caseworker")
    proposed_level_id = fields.Many2one("student.difficulty.level", string="Proposed level",
                                        compute="_compute_score", store=True)
    level_id = fields.Many2one(
        "student.difficulty.level", string="Decided level", tracking=True,
        compute="_compute_level_id", store=True, readonly=False,
        help="Follows the proposed level unless the committee decides another one, with a reason.",
    )
    override_reason = fields.Text(string="Reason for another level", tracking=True)
    sensitive = fields.Boolean(
        string="Keep out of the public notice", tracking=True,
        help="Sensitive situation: the student is never listed in the public notice.",
    )
    grant_ids = fields.One2many("student.aid.grant", "identification_id", string="Grants")
    aid_total = fields.Float(string="Aid this year (yuan)", compute="_compute_aid_total", store=True)
    aid_expected = fields.Float(string="Target aid (yuan)", compute="_compute_aid_balance")
    aid_balance = fields.Selection(
        [("under", "Under-aided"), ("ok", "On target"), ("over", "Over-aided"), ("none", "No target")],
        string="Aid against target", compute="_compute_aid_balance",
    )
    active = fields.Boolean(default=True)

    _student_year_uniq = models.UniqueIndex(
        "(student_id, school_year) WHERE active", "The student already has an identification for this school year."
    )

    @api.model
    def _default_categories(self):
        student = self.env["student.student"].browse(self.env.context.get("default_student_id"))
        return student.hardship_category_ids

    @api.model
    def _get_school_from_vals(self, vals):
        return self.env["student.student"].browse(vals.get("student_id")).company_id

    @api.model_create_multi
    def create(self, vals_list):
        # read the schools of all the students at once (the workflow and form mixins ask per record)
        self.env["student.student"].browse({vals["student_id"] for vals in vals_list if vals.get("student_id")}).fetch(
            ["company_id"])
        return super().create(vals_list)

    @api.model
    def _create_proposed(self, school_year, categories_by_student):
        """Open proposed identifications (origin: auto-entitlement) for many students at once.

        ``categories_by_student``: {student id: category ids}. The students sharing a
        school and a set of categories get the same form, stage, score and level; the
        first of each such group is created through the ORM (computes, constraints,
        workflow entry) and the others are copies of its row, inserted in one statement,
        so a list of 50,000 students costs a few dozen ORM creations. No message, to-do
        or follower per record: the caller leaves one summary. Returns the records.
        """
        if not categories_by_student:
            return self.browse()
        self.env["student.student"].browse(list(categories_by_student)).check_access("read")
        self.check_access("create")
        Proposed = self.with_context(tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True,
                                     workflow_no_activity=True)
        school_of = dict(self.env.execute_query(SQL(
            "SELECT id, company_id FROM student_student WHERE id = ANY(%s)", list(categories_by_student))))
        groups = collections.defaultdict(list)
        for student_id, category_ids in categories_by_student.items():
            groups[school_of[student_id], frozenset(category_ids)].append(student_id)
        prototypes = Proposed.create([
            {"student_id": student_ids[0], "school_year": school_year, "origin": "auto",
             "hardship_category_ids": [fields.Command.set(sorted(category_ids))]}
            for (_school, category_ids), student_ids in groups.items()
        ])
        self.env.flush_all()
        # every stored column is the prototype's but the student's own (id, student, class teacher)
        own = {"id", "student_id", "class_teacher_id"}
        columns = [name for name, field in self._fields.items()
                   if field.store and field.column_type and name not in own]
        m2m = [field for field in self._fields.values() if field.type == "many2many" and field.store]
        copy_columns = SQL(", ").join(SQL.identifier(name) for name in columns)
        copied = SQL(", ").join(SQL("p.%s", SQL.identifier(name)) for name in columns)
        created = list(prototypes.ids)
        for prototype, student_ids in zip(prototypes, groups.values(), strict=True):
            if len(student_ids) < 2:
                continue
            ids = [row[0] for row in self.env.execute_query(SQL(
                """INSERT INTO student_identification (student_id, class_teacher_id, %(columns)s)
                   SELECT s.id, s.class_teacher_id, %(copied)s
                     FROM student_student s, student_identification p
                    WHERE s.id = ANY(%(students)s) AND p.id = %(prototype)s
                    ORDER BY s.id
                RETURNING id""",
                columns=copy_columns, copied=copied, students=student_ids[1:], prototype=prototype.id))]
            for field in m2m:
                self.env.execute_query(SQL(
                    "INSERT INTO %(rel)s (%(id1)s, %(id2)s) SELECT n, r.%(id2)s FROM %(rel)s r, unnest(%(ids)s) n"
                    " WHERE r.%(id1)s = %(prototype)s",
                    rel=SQL.identifier(field.relation), id1=SQL.identifier(field.column1),
                    id2=SQL.identifier(field.column2), ids=ids, prototype=prototype.id))
            created += ids
        self.invalidate_model()
        self.env["student.student"].invalidate_model(["identification_ids"])
        return self.browse(created)

    @api.depends("hardship_category_ids", "income_per_head", "dependants", "family_illness", "form_properties",
                 "company_id")
    def _compute_score(self):
        levels = self.env["student.difficulty.level"].search([("active", "=", True)])
        thresholds = [(level, level.min_score) for level in levels]
        criteria_of = {}
        # stored, so computed as superuser (compute_sudo): the evidence is read whoever saves the identification
        for record in self:
            if record.company_id not in criteria_of:
                criteria = self.env["student.identification.criterion"]._get_for(record.company_id)
                criteria_of[record.company_id] = (criteria._as_rules(), record.company_id._get_income_standard())
            rules, standard = criteria_of[record.company_id]
            evidence = {
                "category_codes": set(record.hardship_category_ids.mapped("code")),
                "priority": any(record.hardship_category_ids.mapped("is_priority")),
                "income": record.income_per_head if record.income_per_head or record.income_per_head == 0 else None,
                "standard": standard,
                "dependants": record.dependants,
                "illness": record.family_illness,
                "answers": record._form_values(),
            }
            total, lines = score_evidence(evidence, rules)
            record.score = total
            record.proposed_level_id = propose_level(total, thresholds)
            rows = Markup("").join(
                Markup("<tr><td>%s</td><td class='text-end'>%s</td><td>%s</td></tr>") % (label, points, why)
                for label, points, why in lines
            )
            record.score_detail = Markup("<table class='table table-sm'>%s<tr><th>%s</th><th class='text-end'>%s"
                                         "</th><td/></tr></table>") % (rows, self.env._("Total"), total)

    @api.depends("proposed_level_id", "override_reason")
    def _compute_level_id(self):
        for record in self:
            if not (record.override_reason or "").strip() or not record.level_id:
                record.level_id = record.proposed_level_id

    @api.constrains("level_id", "proposed_level_id", "override_reason")
    def _check_override_reason(self):
        for record in self:
            if record.level_id and record.level_id != record.proposed_level_id and not (
                    record.override_reason or "").strip():
                raise ValidationError(
                    self.env._("%(student)s: the committee decides %(level)s where the model proposes %(proposed)s: "
                               "give the reason.", student=record.student_id.name, level=record.level_id.name,
                               proposed=record.proposed_level_id.name or self.env._("no level"))
                )

    @api.depends("grant_ids.amount", "grant_ids.state")
    def _compute_aid_total(self):
        for record in self:
            record.aid_total = sum(record.grant_ids.filtered(lambda g: g.state != "cancelled").mapped("amount"))

    @api.depends("aid_total", "level_id", "school_year", "company_id")
    def _compute_aid_balance(self):
        # the schools' targets (one per school, year and level): configured amounts, naming no one
        targets = {(company, year, level): amount for company, year, level, amount in figures(
            self.env, "student.aid.target", [("company_id", "in", self.company_id.ids)],
            ["company_id", "school_year", "level_id"], ["amount_per_student:max"])}
        for record in self:
            expected = targets.get((record.company_id, record.school_year, record.level_id)) or 0.0
            record.aid_expected = expected
            if not expected or record.workflow_state != "approved":
                record.aid_balance = "none"
            elif record.aid_total < expected:
                record.aid_balance = "under"
            elif record.aid_total > expected:
                record.aid_balance = "over"
            else:
                record.aid_balance = "ok"

    @api.depends("student_id", "school_year")
    def _compute_display_name(self):
        for record in self:
            record.display_name = f"{record.student_id.name or ''} · {record.school_year or ''}"
