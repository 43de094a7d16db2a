from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .elevated import elevated, group_users

# the roles that read every key-support case of their school, without which a member could not vote
PANEL_ROLES = ("student_support.group_caseworker", "student_support.group_counsellor")


# a review by fewer is not collective (集体评议): one or two people would decide alone or together
MIN_MEMBERS = 3


def majority(members):
    """The smallest majority of ``members`` people: 3 of 5, 2 of 3, 3 of 4."""
    return members // 2 + 1


class StudentReviewPanel(models.Model):
    """A school's collective review panel (集体评议小组, seeds 000 and 002): who reviews the
    key-support cases at a stage decided by "the school's panel", and how many of them must
    approve (at least a majority). One per school; each review keeps the panel as it sat
    when the review began (``student.review.sitting``), so a change applies to the next one."""

    _name = "student.review.panel"
    _inherit = ["mail.thread", "student.fixed.owner.mixin"]
    _description = "Collective review panel"
    _order = "company_id, id"
    _check_company_auto = True

    name = fields.Char(required=True, default=lambda self: self.env._("Collective review panel"), tracking=True)
    company_id = fields.Many2one(
        "res.company", string="School", required=True, default=lambda self: self.env.company, index=True,
        domain="[('org_type', '!=', 'county_bureau')]",
    )
    member_ids = fields.Many2many(
        "res.users", "student_review_panel_member_rel", "panel_id", "user_id", string="Members",
        check_company=True, tracking=True, domain="[('id', 'in', eligible_user_ids)]",
        help="Staff of the school who read its key-support cases (caseworkers, school admins, counsellors).",
    )
    eligible_user_ids = fields.Many2many("res.users", compute="_compute_eligible_user_ids")
    member_count = fields.Integer(string="Number of members", compute="_compute_member_count")
    votes_required = fields.Integer(
        string="Approvals needed", compute="_compute_votes_required", store=True, readonly=False, tracking=True,
        help="How many members must approve before a case moves on: at least a majority of the members "
             "(set to the majority when the members change, unless you give a larger number).",
    )
    active = fields.Boolean(default=True)

    _company_uniq = models.UniqueIndex("(company_id) WHERE active",
                                       "This school already has a collective review panel.")

    @api.depends("company_id")
    def _compute_eligible_user_ids(self):
        staff = self._panel_staff()
        # only for a school of the caller's: an onchange naming another school lists none of its staff
        allowed = self.env.user.company_ids
        for panel in self:
            mine = self.env.su or panel.company_id in allowed
            panel.eligible_user_ids = staff.filtered(
                lambda user, panel=panel: panel.company_id in user.company_ids) if mine else False

    @api.depends("member_ids")
    def _compute_member_count(self):
        for panel in self:
            panel.member_count = len(panel.member_ids)

    @api.depends("member_ids")
    def _compute_votes_required(self):
        for panel in self:
            members = len(panel.member_ids)
            if not members or not majority(members) <= panel.votes_required <= members:
                panel.votes_required = majority(members) if members else 0

    @api.model
    def _panel_staff(self):
        """The internal users holding a role that reads every case of their school."""
        users = self.env["res.users"].union(*(group_users(self.env.ref(role)) for role in PANEL_ROLES))
        return users.filtered(lambda user: user.active and not user.share)

    @api.constrains("member_ids", "votes_required")
    def _check_votes_required(self):
        staff = self._panel_staff()
        for panel in self:
            for user in panel.member_ids - staff:
                raise ValidationError(self.env._(
                    "Members of %(panel)s: %(user)s does not read the school's key-support cases (a caseworker, "
                    "school admin or counsellor may sit on the panel).", panel=panel.display_name, user=user.name))
            members = len(panel.member_ids)
            if members and members < MIN_MEMBERS:
                raise ValidationError(self.env._(
                    "Members of %(panel)s: a collective review needs at least %(minimum)s members, not %(members)s.",
                    panel=panel.display_name, minimum=MIN_MEMBERS, members=members))
            if members and not majority(members) <= panel.votes_required <= members:
                raise ValidationError(self.env._(
                    "Approvals needed of %(panel)s: %(votes)s is not possible with %(members)s members; it must be "
                    "at least a majority (%(majority)s) and at most %(members)s.", panel=panel.display_name,
                    votes=panel.votes_required, members=members, majority=majority(members)))

    @api.model_create_multi
    def create(self, vals_list):
        panels = super().create(vals_list)
        panels._notify_waiting_records()
        return panels

    def write(self, vals):
        result = super().write(vals)
        if {"member_ids", "active", "company_id"}.intersection(vals):
            self._notify_waiting_records()
        return result

    def _notify_waiting_records(self):
        """The records of the school already waiting at a stage decided by its panel, whose review has not
        opened (entered while the school had no panel, or before a change), go to the members as they are
        now: each gets his to-do there, once; who left the panel loses his."""
        self.env["student.workflow.mixin"]._workflow_panel_changed(self.company_id)

    @api.depends("name", "company_id.name")
    def _compute_display_name(self):
        for panel in self:
            panel.display_name = self.env._("%(name)s (%(school)s)", name=panel.name, school=panel.company_id.name)

    @api.model
    def _get_for_school(self, school):
        """(members, approvals needed) of ``school``'s active panel, members in the caller's environment:
        no members when fewer than three of them (or than the approvals needed) may still sit on it, as
        when members were archived or lost their role after the panel was set (see ``_sitting_members``)."""
        members, needed, _panel = self._sitting_members(school)
        if len(members) < max(MIN_MEMBERS, needed):
            return members.browse(), needed
        return members, needed

    @api.model
    @elevated("the school's panel: the members who may still sit on it (in the caller's environment), the "
              "approvals needed and whether it has a panel, for a review that opens on one of its records or to "
              "tell who may vote, whoever reads the record")
    def _sitting_members(self, school):
        """(members who may sit, approvals needed, has a panel) of ``school``'s active panel: its members
        who are active, work in the school and hold a role that reads its cases."""
        panel = self.sudo().search([("company_id", "=", school.id)], limit=1)
        staff = self._panel_staff()
        members = panel.member_ids.filtered(lambda user: user in staff and school in user.company_ids)
        return members.sudo(False), panel.votes_required, bool(panel)
