from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .elevated import count
from .res_company import SCHOOL_STAGES

# the kinds of aid the seeds name (seed 004: grants, living subsidies, work-study, loans, the green
# channel; seed 002: temporary hardship help): the official tables and the archive read them
AID_KINDS = [
    ("national_grant", "National grant (国家助学金)"),
    ("boarding_subsidy", "Boarders' living subsidy (寄宿生生活补助)"),
    ("fee_waiver", "Fee waiver (免学费)"),
    ("grant", "Other grant or allowance"),
    ("scholarship", "Scholarship or reward"),
    ("work_study", "Work-study (勤工助学)"),
    ("loan", "Student loan (助学贷款)"),
    ("green_channel", "Green channel at enrolment (绿色通道)"),
    ("emergency", "Emergency or temporary hardship subsidy (临时困难补助)"),
]
# Aid that the family owes back: a loan is repaid after school, fees deferred through the green channel
# are still due. Both are listed among the aid a student received (seed 004's 已享受资助项目情况), but neither
# makes an identified student aided for the screening (应助未助): he still needs the grant his level gives.
OWED_KINDS = ("loan", "green_channel")


class StudentSchoolStage(models.Model):
    """A school stage (学段), to say which stages an aid programme serves."""

    _name = "student.school.stage"
    _description = "School stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(SCHOOL_STAGES, required=True)
    sequence = fields.Integer(default=10)

    _code_uniq = models.Constraint("UNIQUE (code)", "Each school stage once.")


class StudentAidProgramme(models.Model):
    """An aid programme (资助项目): who funds it, which stages it serves, how much per
    level or a fixed amount, for a term or a year; priority categories must get its
    highest tier."""

    _name = "student.aid.programme"
    _description = "Aid programme"
    _inherit = ["mail.thread", "student.fixed.owner.mixin"]
    _order = "name"
    _check_company_auto = True
    # shared, the county's or the school's own: a school's grant may pay any of them
    _check_company_domain = models.check_company_domain_parent_of

    name = fields.Char(required=True, translate=True, tracking=True)
    kind = fields.Selection(AID_KINDS, string="Kind of aid", required=True, default="grant", tracking=True,
                            help="What the programme is: the official tables count national grants and boarders' "
                                 "living subsidies, the growth archive shows every kind.")
    funding_source = fields.Selection(
        [("national", "National"), ("local", "Local"), ("school", "School"), ("society", "Society")],
        string="Funding source", required=True, default="national", tracking=True,
    )
    stage_ids = fields.Many2many("student.school.stage", string="School stages", required=True)
    # work-study pays the hours worked, a loan or a temporary subsidy is decided student by student
    amount_mode = fields.Selection([("level", "Per difficulty level"), ("fixed", "Fixed"),
                                    ("grant", "Set on each grant")], string="Amount", required=True, default="level")
    amount_fixed = fields.Float(string="Fixed amount (yuan)")
    amount_ids = fields.One2many("student.aid.programme.amount", "programme_id", string="Amount per level",
                                 copy=True)
    period = fields.Selection([("term", "Per term"), ("year", "Per school year")], required=True, default="term")
    priority_category_ids = fields.Many2many(
        "student.hardship.category", string="Highest tier for",
        help="Besides the priority categories (hardship categories flagged so), students in these categories "
             "get the highest tier, whatever their level.",
    )
    company_id = fields.Many2one("res.company", string="Owner", index=True,
                                 help="Empty for a programme every school uses; a school's own programme otherwise.")
    active = fields.Boolean(default=True)

    def write(self, vals):
        # what its grants are (aid received or owed back, approved or not) follows the kind: with grants, it stays,
        # or a loan would count as a national grant in the official tables (data loading and migrations excepted)
        if "kind" in vals and not self.env.su:
            changed = self.filtered(lambda p: p.kind != vals["kind"])
            if changed and count(self.env, "student.aid.grant", [("programme_id", "in", changed.ids)],
                                 active_test=False, limit=1):
                raise UserError(self.env._(
                    "%(name)s has grants: its kind of aid cannot change (create a programme of the other kind).",
                    name=changed[0].name))
        return super().write(vals)

    @api.constrains("amount_mode", "amount_fixed", "amount_ids")
    def _check_amounts(self):
        for programme in self:
            if programme.amount_mode == "fixed" and programme.amount_fixed <= 0:
                raise ValidationError(self.env._("%(name)s: give the fixed amount.", name=programme.name))
            if programme.amount_mode == "level" and not programme.amount_ids:
                raise ValidationError(self.env._("%(name)s: give the amount of each level.", name=programme.name))

    def _amount_for(self, student, level):
        """The amount a student of ``level`` gets; the highest tier for the priority categories."""
        self.ensure_one()
        if self.amount_mode == "fixed":
            return self.amount_fixed
        if self.amount_mode == "grant":
            return 0.0
        if self._requires_highest_tier(student):
            return max(self.amount_ids.mapped("amount"))
        return self.amount_ids.filtered(lambda a: a.level_id == level)[:1].amount

    def _requires_highest_tier(self, student):
        """Whether ``student`` must get the highest tier of these programmes: in a priority
        category, or in a category one of them names for its highest tier."""
        return bool(student.is_priority or student.hardship_category_ids & self.priority_category_ids)

    def _highest_amount(self):
        self.ensure_one()
        return self.amount_fixed if self.amount_mode == "fixed" else max(self.amount_ids.mapped("amount"), default=0)


class StudentAidProgrammeAmount(models.Model):
    _name = "student.aid.programme.amount"
    _description = "Aid amount per level"
    _order = "programme_id, amount desc"

    programme_id = fields.Many2one("student.aid.programme", required=True, ondelete="cascade", index=True)
    level_id = fields.Many2one("student.difficulty.level", required=True)
    amount = fields.Float(string="Amount (yuan)", required=True)
