from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from .elevated import elevated
from .student_identification import default_school_year
from .student_workflow_mixin import PROTECTED_WRITE_KEY, ProtectedWrite

TERMS = [("autumn", "Autumn term"), ("spring", "Spring term"), ("year", "Whole year")]
LOAN_STATES = [("applied", "Loan applied for"), ("contracted", "Contract signed"), ("disbursed", "Disbursed")]
# set only by action_approve (a school admin's approval of a temporary hardship subsidy)
APPROVAL_FIELDS = ("approved_by_id", "approved_date")
# what the school admin approved of a temporary hardship subsidy: fixed once approved (cancel it and record
# another), so that an approval of 800 yuan for one student cannot be paid as 80,000 to another
APPROVED_FIELDS = ("student_id", "programme_id", "amount", "emergency_reason", "school_year", "term")


def check_action_fields(records, vals, names):
    """Refuse ``vals`` if it sets one of ``names`` outside the records' own actions (:func:`action_write`)."""
    touched = set(names).intersection(vals)
    token = records.env.context.get(PROTECTED_WRITE_KEY)
    if touched and not (isinstance(token, ProtectedWrite) and token.allows(records._name, touched)):
        labels = ", ".join(sorted(records._fields[name]._description_string(records.env) for name in touched))
        raise UserError(records.env._("%(fields)s cannot be written directly: only the record's buttons change "
                                      "them.", fields=labels))


def action_write(records, vals):
    """The one path by which a record's action writes the fields it alone sets, with the caller's rights."""
    return records.with_context(**{PROTECTED_WRITE_KEY: ProtectedWrite(records._name, vals)}).write(vals)


def current_term(day):
    """The term a date falls in: autumn from September to February, spring from March to August."""
    return "autumn" if day.month >= 9 or day.month <= 2 else "spring"


class StudentAidGrant(models.Model):
    """An aid grant (资助发放): a programme's amount for one student and period. Every kind of aid
    is a grant of a programme of that kind, with the kind's own fields: hours and pay per hour for
    work-study (the amount is their product), lender and contract for a loan, the fees deferred at
    enrolment for the green channel, the reason and the approval for a temporary hardship subsidy."""

    _name = "student.aid.grant"
    _description = "Aid grant"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # no check_company: the school follows this field (its domain would read the new record's empty school)
    student_id = fields.Many2one("student.student", required=True, index=True, tracking=True)
    company_id = fields.Many2one(related="student_id.company_id", store=True, index=True, precompute=True)
    programme_id = fields.Many2one("student.aid.programme", required=True, index=True, check_company=True,
                                   tracking=True)
    identification_id = fields.Many2one("student.identification", check_company=True, index=True)
    level_id = fields.Many2one(related="identification_id.level_id", store=True)
    kind = fields.Selection(related="programme_id.kind", store=True, index=True, precompute=True)
    amount = fields.Float(string="Amount (yuan)", required=True, tracking=True, compute="_compute_amount",
                          store=True, readonly=False, precompute=True,
                          help="Work-study: hours × pay per hour. Green channel: 0, the fees are deferred, not paid.")
    # work-study (勤工助学): the hours worked in the period on a post the student is assigned to
    work_study_post_id = fields.Many2one("student.work.study.post", string="Work-study post", check_company=True,
                                         index=True, tracking=True)
    hours = fields.Float(string="Hours worked", tracking=True)
    # computed with the user's rights (a stored compute runs as superuser otherwise): another school's post
    # named in an onchange gives no pay
    hourly_pay = fields.Float(string="Pay per hour (yuan)", compute="_compute_hourly_pay", store=True,
                              readonly=False, precompute=True, tracking=True, compute_sudo=False)
    # student loan (生源地信用助学贷款): the contract number identifies the student at the bank
    lender = fields.Char(tracking=True, help="The bank or lender, e.g. 国家开发银行.")
    contract_number = fields.Char(string="Contract number", groups="student_support.group_caseworker")
    loan_state = fields.Selection(LOAN_STATES, string="Loan status", tracking=True)
    # green channel at enrolment (绿色通道): fees deferred until a loan or a grant settles them
    deferred_amount = fields.Float(string="Fees deferred (yuan)", tracking=True)
    deferral_resolved = fields.Boolean(string="Deferral resolved", tracking=True)
    deferral_resolved_date = fields.Date(string="Resolved on", tracking=True)
    # temporary hardship subsidy (临时困难补助): what befell the family, as protected as the poverty detail
    emergency_reason = fields.Text(string="Reason for the subsidy", groups="student_support.group_caseworker")
    approved_by_id = fields.Many2one("res.users", string="Approved by", readonly=True, copy=False,
                                     check_company=True, tracking=True)
    approved_date = fields.Date(string="Approved on", readonly=True, copy=False)
    date = fields.Date(required=True, default=fields.Date.context_today)
    school_year = fields.Char(string="School year", required=True, index=True,
                              default=default_school_year)
    term = fields.Selection(TERMS, required=True, default=lambda self: current_term(fields.Date.context_today(self)))
    state = fields.Selection([("planned", "Planned"), ("paid", "Paid"), ("cancelled", "Cancelled")],
                             string="Status", required=True, default="planned", tracking=True, index=True)
    is_highest_tier = fields.Boolean(string="Highest tier", compute="_compute_is_highest_tier", store=True)

    _one_per_period = models.UniqueIndex(
        "(student_id, programme_id, school_year, term) WHERE state != 'cancelled'",
        "The student already has this programme's grant for this period.",
    )

    @api.depends("amount", "programme_id.amount_ids.amount", "programme_id.amount_fixed")
    def _compute_is_highest_tier(self):
        for grant in self:
            # a tier exists only in a programme paid by level
            grant.is_highest_tier = (grant.programme_id.amount_mode == "level"
                                     and grant.amount >= grant.programme_id._highest_amount())

    @api.depends("kind", "hours", "hourly_pay")
    def _compute_amount(self):
        for grant in self:
            if grant.kind == "work_study":
                grant.amount = round(grant.hours * grant.hourly_pay, 2)
            elif grant.kind == "green_channel":
                grant.amount = 0.0
            else:
                grant.amount = grant.amount

    @api.depends("work_study_post_id")
    def _compute_hourly_pay(self):
        for grant in self:
            # a post the user may read only: an onchange naming another school's post learns nothing of it
            post = grant.work_study_post_id._origin._filtered_access("read")  # in an onchange, a new record
            grant.hourly_pay = post.hourly_pay or grant.hourly_pay

    @api.constrains("kind", "amount", "hours", "hourly_pay", "work_study_post_id", "student_id", "lender",
                    "loan_state", "deferred_amount", "deferral_resolved", "deferral_resolved_date")
    def _check_kind_fields(self):
        for grant in self:
            name = grant.student_id.name
            if grant.kind == "work_study":
                if not grant.work_study_post_id or grant.hours <= 0 or grant.hourly_pay <= 0:
                    raise ValidationError(self.env._(
                        "%(student)s: a work-study grant needs the post, the hours worked and the pay per hour.",
                        student=name))
                if float_compare(grant.amount, grant.hours * grant.hourly_pay, precision_digits=2):
                    raise ValidationError(self.env._(
                        "%(student)s: a work-study grant's amount is the hours worked × the pay per hour "
                        "(%(amount)s).", student=name, amount=round(grant.hours * grant.hourly_pay, 2)))
                if grant.work_study_post_id.school_year != grant.school_year:
                    raise ValidationError(self.env._(
                        "%(student)s: the work-study post %(post)s is of the school year %(year)s.",
                        student=name, post=grant.work_study_post_id.name, year=grant.work_study_post_id.school_year))
                if not grant.work_study_post_id._assigned_students() & grant.student_id:
                    raise ValidationError(self.env._(
                        "%(student)s is not assigned to the work-study post %(post)s.",
                        student=name, post=grant.work_study_post_id.name))
            elif grant.work_study_post_id:
                raise ValidationError(self.env._("%(student)s: only a work-study grant names a work-study post.",
                                                 student=name))
            if grant.kind == "loan" and not (grant.lender and grant.loan_state and grant.amount > 0):
                raise ValidationError(self.env._(
                    "%(student)s: a loan needs its lender, its status and its amount.", student=name))
            if grant.kind == "green_channel":
                if grant.deferred_amount <= 0:
                    raise ValidationError(self.env._(
                        "%(student)s: a green-channel grant needs the fees deferred.", student=name))
                if grant.deferral_resolved and not grant.deferral_resolved_date:
                    raise ValidationError(self.env._(
                        "%(student)s: give the date the deferral was resolved.", student=name))
            if grant.kind == "emergency" and grant.amount <= 0:
                raise ValidationError(self.env._(
                    "%(student)s: a temporary hardship subsidy needs its amount.", student=name))

    @api.constrains("kind", "emergency_reason")
    def _check_emergency_reason(self):
        for grant in self:
            if grant.kind == "emergency" and not (grant.emergency_reason or "").strip():
                raise ValidationError(self.env._(
                    "%(student)s: a temporary hardship subsidy needs its reason.", student=grant.student_id.name))

    @api.constrains("kind", "state", "approved_by_id")
    def _check_emergency_approved(self):
        for grant in self:
            if grant.kind == "emergency" and grant.state == "paid" and not grant.approved_by_id:
                raise ValidationError(self.env._(
                    "%(student)s: the temporary hardship subsidy is paid once the school admin has approved it.",
                    student=grant.student_id.name))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_action_fields(self, vals, APPROVAL_FIELDS)
        for vals in vals_list:
            if not vals.get("identification_id") and vals.get("student_id"):
                year = vals.get("school_year") or default_school_year(self)
                vals["identification_id"] = self._approved_identification_id(vals["student_id"], year)
        return super().create(vals_list)

    @api.model
    @elevated("an id only: links the grant to the student's approved identification of the year, which the "
              "grant's creator (a caseworker of the student's school, checked on create) may not have opened")
    def _approved_identification_id(self, student_id, year):
        """The id of the approved identification of ``student_id`` in ``year``, or False."""
        return self.env["student.identification"].sudo().search(
            [("student_id", "=", student_id), ("school_year", "=", year), ("workflow_state", "=", "approved")],
            limit=1).id

    def write(self, vals):
        check_action_fields(self, vals, APPROVAL_FIELDS)
        self._check_approved_unchanged(vals)
        return super().write(vals)

    def _check_approved_unchanged(self, vals):
        """Refuse ``vals`` if it changes what the school admin approved of a temporary hardship subsidy."""
        for grant in self.filtered(lambda g: g.kind == "emergency" and g.approved_by_id):
            changed = [name for name in APPROVED_FIELDS if name in vals and grant._fields[name].convert_to_write(
                grant[name], grant) != vals[name]]
            if changed:
                raise UserError(self.env._(
                    "%(student)s: the temporary hardship subsidy was approved by %(user)s on %(date)s; %(fields)s "
                    "cannot change (cancel it and record a new one).", student=grant.student_id.name,
                    user=grant.approved_by_id.name, date=grant.approved_date,
                    fields=", ".join(grant._fields[name]._description_string(self.env) for name in changed)))

    def action_approve(self):
        """A school admin approves temporary hardship subsidies (临时困难补助) before they are paid."""
        if not self.env.user.has_group("student_support.group_school_admin"):
            raise UserError(self.env._("Only the school admin approves a temporary hardship subsidy."))
        self.check_access("write")
        pending = self.filtered(lambda g: g.kind == "emergency" and not g.approved_by_id)
        action_write(pending, {"approved_by_id": self.env.user.id,
                               "approved_date": fields.Date.context_today(self)})
        return True

    def _demo_approve(self, user_id):
        """Demo data only: the school admin ``user_id`` approves the subsidies."""
        return self.with_user(user_id).action_approve()

    def action_paid(self):
        unapproved = self.filtered(lambda g: g.kind == "emergency" and not g.approved_by_id)
        if unapproved:
            raise UserError(self.env._(
                "%(student)s: the temporary hardship subsidy is paid once the school admin has approved it.",
                student=unapproved[0].student_id.name))
        self.filtered(lambda g: g.state == "planned").write({"state": "paid"})

    def action_cancel(self):
        self.write({"state": "cancelled"})
