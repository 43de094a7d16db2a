import datetime

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, html_escape

from .elevated import count, elevated, group_users
from .recipients import notify_readers, schedule_todos, school_readers
from .school_lang import in_school_lang
from .student_review_panel import MIN_MEMBERS
from .student_review_sitting import SITTING_WRITE_KEY, SittingWrite

APPROVAL_ACTIVITY = "student_support.mail_activity_workflow_approval"
OVERDUE_ACTIVITY = "student_support.mail_activity_workflow_overdue"
# Fields only the workflow's own code changes (models using the mixin add theirs).
WORKFLOW_PROTECTED_FIELDS = ("workflow_id", "stage_id", "workflow_state", "workflow_round", "workflow_vote_count",
                             "workflow_against_count", "stage_date")
# a panel member's vote at a stage decided by the school's collective review panel: one per round
PANEL_VOTES = ("approve", "vote_against")
# fields that are not a record's content: writable where its content is locked (a decided exit request, a
# record before the collective review panel): archiving, the chatter's and the activities' own fields
FREE_FIELDS = ("active",)
FREE_PREFIXES = ("message_", "activity_")


def content_fields(vals):
    """The names in ``vals`` that are the record's content (not archiving, the chatter or the activities)."""
    return {name for name in vals if name not in FREE_FIELDS and not name.startswith(FREE_PREFIXES)}
PROTECTED_WRITE_KEY = "student_workflow_protected_write"
# who reads a collective review's votes (student.review.sitting / vote)
PANEL_READERS = "student_support.group_caseworker,student_support.group_counsellor"


class ProtectedWrite:
    """The context value that lets protected fields be written (see
    :meth:`StudentWorkflowMixin._workflow_write_protected`): a Python object, which a
    client cannot send (RPC contexts are JSON), naming the model and the fields."""

    __slots__ = ("fields", "model")

    def __init__(self, model, fields):
        self.model = model
        self.fields = frozenset(fields)

    def allows(self, model, fields):
        return model == self.model and self.fields.issuperset(fields)


class StudentWorkflowMixin(models.AbstractModel):
    """Runs a record on its school's configured workflow (see student.workflow).

    A model opts in with ``_inherit = ["student.workflow.mixin"]``, which brings
    the chatter and activities (the mixin's ``create`` must run above
    mail.thread's); it needs a ``company_id`` field (the school).
    Records move only through :meth:`action_workflow_approve`,
    :meth:`action_workflow_send_back`, :meth:`action_workflow_reject` and
    :meth:`action_workflow_withdraw`; each decision is checked, recorded in
    ``student.workflow.approval`` and posted in the chatter.

    The fields that say where a record stands (``_workflow_protected_fields``: the
    mixin's, extended by each model with what its actions set, such as the
    confirmation date of a case) are refused on create and write for every user,
    superuser included; the actions set them through
    :meth:`_workflow_write_protected` only.

    Hooks: :meth:`_workflow_missing_fields` (what blocks leaving a stage) and
    :meth:`_workflow_get_approvers` (who may decide).
    """

    _name = "student.workflow.mixin"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Workflow mixin"
    _workflow_protected_fields = WORKFLOW_PROTECTED_FIELDS

    workflow_id = fields.Many2one(
        "student.workflow", readonly=True, copy=False, index=True, ondelete="restrict", check_company=True,
        help="Set when the record is created; the record stays on it even if the school changes its workflows.",
    )
    stage_id = fields.Many2one(
        "student.workflow.stage",
        readonly=True,
        copy=False,
        index=True,
        check_company=True,
        tracking=True,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
        domain="[('workflow_id', '=', workflow_id)]",
    )
    workflow_state = fields.Selection(
        [("in_progress", "In progress"), ("approved", "Approved"), ("rejected", "Rejected"),
         ("withdrawn", "Withdrawn")],
        string="Outcome",
        compute="_compute_workflow_state",
        store=True,
        index=True,
    )
    workflow_round = fields.Integer(string="Round", readonly=True, copy=False)
    # the counts so far, read with the to-dos that go as members vote, would tell who voted how at a
    # collective review: for those who read the panel's votes (the review as it sat) only
    workflow_vote_count = fields.Integer(string="Approvals", readonly=True, copy=False, groups=PANEL_READERS)
    workflow_against_count = fields.Integer(
        string="Votes against", readonly=True, copy=False, groups=PANEL_READERS,
        help="At a stage decided by the school's collective review panel: the members who voted against so far.")
    votes_required = fields.Integer(compute="_compute_votes_required", string="Approvals needed")
    review_panel_missing = fields.Boolean(
        compute="_compute_votes_required", string="No collective review panel",
        help="The record is at a stage decided by the school's collective review panel, and the school has none.")
    review_sitting_ids = fields.One2many(
        "student.review.sitting",
        "res_id",
        string="Collective reviews",
        domain=lambda self: [("res_model", "=", self._name)],
        readonly=True,
        groups=PANEL_READERS,
    )
    stage_date = fields.Datetime(string="In stage since", readonly=True, copy=False)
    stage_deadline = fields.Date(string="Stage deadline", compute="_compute_stage_deadline", store=True)
    is_approver = fields.Boolean(compute="_compute_is_approver", string="I may decide")
    approval_ids = fields.One2many(
        "student.workflow.approval",
        "res_id",
        string="Decisions",
        domain=lambda self: [("res_model", "=", self._name)],
        readonly=True,
        groups="student_support.group_caseworker",
    )

    # ------------------------------------------------------------------ computes

    @api.depends("stage_id.final_state")
    def _compute_workflow_state(self):
        for record in self:
            record.workflow_state = record.stage_id.final_state or "in_progress"

    @api.depends("stage_date", "stage_id.deadline_days")
    def _compute_stage_deadline(self):
        for record in self:
            days = record.stage_id.deadline_days
            record.stage_deadline = (
                record.stage_date.date() + datetime.timedelta(days=days) if days and record.stage_date else False
            )

    @api.depends("stage_id", "workflow_round")
    def _compute_votes_required(self):
        for record in self:
            stage = record.stage_id
            panel = record.id and stage.approver_type == "panel" and not stage.final_state
            members, needed = record._workflow_panel_sitting() if panel else ((), stage.votes_required)
            record.votes_required = needed if record.id else 0
            record.review_panel_missing = bool(panel and not members)

    @api.depends_context("uid")
    @api.depends("stage_id")
    def _compute_is_approver(self):
        for record in self:
            record.is_approver = self.env.user in record._workflow_get_approvers(record.stage_id)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        """Kanban columns: the stages of the current school's workflow first, then those of the other
        workflows the shown records run on (a template that older records still follow)."""
        current = self.env["student.workflow"]._get_for(self._name, self.env.company)
        workflows = current | self.search(domain).workflow_id
        columns = stages | stages.search([("workflow_id", "in", workflows.ids)])
        return columns.sorted(lambda stage: (stage.workflow_id != current, stage.workflow_id.id, stage.sequence,
                                             stage.id))

    # ------------------------------------------------------------------ CRUD

    @api.model
    def default_get(self, fields):
        # a default (context, user default) is a value given by the client: never for these
        defaults = super().default_get(fields)
        for name in self._workflow_protected_fields:
            defaults.pop(name, None)
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._workflow_check_protected(vals)
        Workflow = self.env["student.workflow"]
        workflows = {}  # by school: a batch of records usually shares one
        for vals in vals_list:
            if vals.get("stage_id"):
                continue  # given through the guarded path (see _workflow_check_protected)
            company = self._get_school_from_vals(vals) or self.env.company
            if company not in workflows:
                workflows[company] = Workflow._get_for(self._name, company)
            workflow = workflows[company]
            first = workflow.stage_ids.filtered(lambda s: not s.final_state)[:1]
            if not first:
                raise UserError(
                    self.env._(
                        "No workflow with stages is configured for %(process)s in %(school)s: "
                        "ask the school admin to set one up (Configuration → Workflows).",
                        process=self._description,
                        school=company.name,
                    )
                )
            vals.update(workflow_id=workflow.id, stage_id=first.id, workflow_round=1,
                        stage_date=fields.Datetime.now())
        records = super().create(vals_list)
        records._workflow_on_enter()
        return records

    def write(self, vals):
        self._workflow_check_protected(vals)
        if not self.env.su:  # the engine's own writes (_workflow_write_protected) run as superuser
            self._workflow_check_under_panel(vals)
        return super().write(vals)

    def _workflow_check_under_panel(self, vals):
        """Refuse ``vals`` on a record before the collective review panel: what the panel votes on stays as
        its members read it (the chatter, the activities and archiving stay free, and so do the fields the
        stage asks to be filled before the record leaves it)."""
        names = content_fields(vals)
        reviewed = self.filtered(lambda r: r.workflow_state == "in_progress" and r.stage_id.approver_type == "panel")
        if not (names and reviewed):
            return
        stages = reviewed.stage_id
        asked = stages._outcome_values(["required_field_ids", "required_form_field_ids"])
        for record in reviewed:
            values = asked[record.stage_id.id]
            free = set(self.env["ir.model.fields"].browse(values["required_field_ids"]).mapped("name"))
            if values["required_form_field_ids"]:
                free.add("form_properties")  # the school's custom fields the stage asks for
            if names - free:
                raise UserError(self.env._(
                    "%(request)s is before the collective review panel: it stays as the panel reads it (send it "
                    "back before the first vote to change it).", request=record.display_name))

    def _workflow_check_protected(self, vals):
        """Refuse ``vals`` if it sets a protected field outside :meth:`_workflow_write_protected`."""
        names = set(self._workflow_protected_fields).intersection(vals)
        token = self.env.context.get(PROTECTED_WRITE_KEY)
        if names and not (isinstance(token, ProtectedWrite) and token.allows(self._name, names)):
            labels = ", ".join(sorted(self._fields[name]._description_string(self.env) for name in names))
            raise UserError(self.env._(
                "%(fields)s cannot be written directly: only the workflow's decisions and the record's actions "
                "(exit, reopening, ...) change them.", fields=labels))

    @elevated("the one path by which the workflow's decisions and the records' actions write the fields only "
              "they set: the decision or action that leads here was checked by the caller")
    def _workflow_write_protected(self, vals):
        """The one path by which the actions write protected fields (``vals``), as superuser:
        the caller has checked the decision. Not callable over RPC (private)."""
        token = ProtectedWrite(self._name, vals)
        return self.sudo().with_context(**{PROTECTED_WRITE_KEY: token}).write(vals)

    # ------------------------------------------------------------------ public actions

    def action_workflow_approve(self, comment=None, stage_id=None):
        """Record the current user's approval; move on when enough approvals are in.

        ``stage_id`` (optional, for every action): the stage the user saw; the
        decision is refused if the record has moved since.
        """
        for record in self:
            record._workflow_decide("approve", comment, stage_id)
        return True

    def action_workflow_send_back(self, comment=None, stage_id=None):
        """Send the record back to the previous stage (a reason is required)."""
        for record in self:
            record._workflow_decide("send_back", comment, stage_id)
        return True

    def action_workflow_reject(self, comment=None, stage_id=None):
        """End the process as rejected (a reason is required)."""
        for record in self:
            record._workflow_decide("reject", comment, stage_id)
        return True

    def action_workflow_withdraw(self, comment=None, stage_id=None):
        """End the process as withdrawn, by an approver or the record's author (a reason is required)."""
        for record in self:
            record._workflow_decide("withdraw", comment, stage_id)
        return True

    def action_open_decision_wizard(self):
        """Open the decision dialog for the decision named in the context."""
        self.ensure_one()
        decision = self.env.context.get("workflow_decision", "approve")
        titles = {
            "approve": self.env._("Approve %(record)s", record=self.display_name),
            "send_back": self.env._("Send %(record)s back", record=self.display_name),
            "reject": self.env._("Vote against %(record)s", record=self.display_name)
            if self.stage_id.approver_type == "panel" else self.env._("Reject %(record)s", record=self.display_name),
            "withdraw": self.env._("Withdraw %(record)s", record=self.display_name),
        }
        return {
            "type": "ir.actions.act_window",
            "name": titles.get(decision, self.display_name),
            "res_model": "student.workflow.decision",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_res_model": self._name,
                "default_res_id": self.id,
                "default_decision": decision,
                "default_stage_id": self.stage_id.id,
            },
        }

    # ------------------------------------------------------------------ hooks

    @api.model
    def _get_school_from_vals(self, vals):
        """The school of a record about to be created from ``vals`` (override when
        ``company_id`` follows another record)."""
        return self.env["res.company"].browse(vals.get("company_id"))

    @elevated("the stage's approvers as configured (users, a group's members, the person in a field of the "
              "record), which is not every approver's to read: narrowed to the school's staff who read the record "
              "(_workflow_reachable) and returned in the caller's environment")
    def _workflow_get_approvers(self, stage):
        """Users who may decide on ``self`` at ``stage`` (and who can read the record)."""
        self.ensure_one()
        stage = stage.sudo()
        if not stage or stage.final_state:
            return self.env["res.users"]
        if stage.approver_type == "users":
            users = stage.approver_user_ids
        elif stage.approver_type == "panel":
            users = self._workflow_panel_members()
        elif stage.approver_type == "group":
            users = group_users(stage.approver_group_id)
        else:
            users = self.sudo()[stage.approver_field_id.name] if stage.approver_field_id else self.env["res.users"]
        return self._workflow_reachable(users.sudo(False))

    def _workflow_reachable(self, users):
        """The users among ``users`` a to-do or message about the record may reach (see
        ``recipients.school_readers``: the school's staff who can read it)."""
        self.ensure_one()
        return school_readers(self, users)

    @elevated("labels of the fields required to leave the stage that are empty on the record: the stage's "
              "configuration and a filled or empty per field, no value leaves the helper")
    def _workflow_missing_fields(self, stage):
        """Labels of the fields required to leave ``stage`` that are empty on ``self``."""
        self.ensure_one()
        record, stage = self.sudo(), stage.sudo()
        missing = [
            field.field_description for field in stage.required_field_ids
            if field.name in record._fields and not record[field.name]
        ]
        if "form_template_id" in record._fields:
            names = set(stage.required_form_field_ids.mapped("name"))
            lines = record.form_template_id.field_ids.filtered(lambda f: f.active and (f.required or f.name in names))
            missing += record._form_missing_fields(lines)
        return missing

    # ------------------------------------------------------------------ collective review panel

    @elevated("who sits on the record's collective review (the open review's members, else its school's panel) "
              "and how many approvals it needs, as users of the caller's environment and a number: the engine "
              "narrows the users to the record's readers (_workflow_get_approvers)")
    def _workflow_panel_sitting(self):
        """(members, approvals needed) of the review of ``self``'s current round."""
        self.ensure_one()
        sitting = self.env["student.review.sitting"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "=", self.id), ("round", "=", self.workflow_round)], limit=1)
        if sitting:
            return sitting.member_ids.sudo(False), sitting.votes_required
        return self.env["student.review.panel"]._get_for_school(self.company_id)

    def _workflow_panel_members(self):
        return self._workflow_panel_sitting()[0]

    @elevated("opens the collective review of the record's round with its school's panel as it is now; called by "
              "the engine on a record it has locked, entering or deciding at a panel stage; nothing is returned")
    def _workflow_open_sitting(self, stage, required=True):
        """Record the panel sitting on ``self`` at ``stage`` for this round (once); without a panel,
        refuse (``required``) or leave it to the first vote."""
        self.ensure_one()
        Sitting = self.env["student.review.sitting"].sudo()
        domain = [("res_model", "=", self._name), ("res_id", "=", self.id), ("round", "=", self.workflow_round)]
        if Sitting.search_count(domain, limit=1):
            return
        members, needed = self.env["student.review.panel"]._get_for_school(self.company_id)
        if not members:
            if required:
                self._workflow_refuse_without_panel(stage)
            return
        Sitting.create({"res_model": self._name, "res_id": self.id, "company_id": self.company_id.id,
                        "stage_id": stage.id, "round": self.workflow_round, "member_ids": members.ids,
                        "member_count": len(members), "votes_required": needed})

    def _workflow_refuse_without_panel(self, stage):
        """Refuse a decision at the panel's ``stage`` while the school has no panel of enough members who may vote,
        telling what to do."""
        sitting, needed, has_panel = self.env["student.review.panel"]._sitting_members(self.company_id)
        if has_panel:
            raise UserError(self.env._(
                "The collective review panel of %(school)s has %(members)s members who may vote, fewer than "
                "%(minimum)s: %(record)s cannot leave stage %(stage)s until the school admin completes the panel "
                "(Configuration → Collective review panel).", school=self.company_id.name,
                members=len(sitting), minimum=max(MIN_MEMBERS, needed), record=self.display_name, stage=stage.name))
        raise UserError(self.env._(
            "%(school)s has no collective review panel: %(record)s cannot leave stage %(stage)s until the "
            "school admin sets up the panel's members (Configuration → Collective review panel).",
            school=self.company_id.name, record=self.display_name, stage=stage.name))

    @api.model
    @elevated("the records of the schools waiting at a stage decided by their collective review panel whose review "
              "has not opened, in every workflow model, for _workflow_sync_panel_todos, which gives to-dos to "
              "their approvers only (the panel's members who read them); nothing is returned")
    def _workflow_panel_changed(self, schools):
        """The panel of ``schools`` was set up or changed: its members get their to-do on each record
        waiting at a stage decided by the panel whose review has not opened yet (the first vote opens
        it), and those no longer on it lose theirs. A review that has opened keeps its own members."""
        Sitting = self.env["student.review.sitting"].sudo()
        for model, _label in self.env["student.workflow"]._selection_res_model():
            records = self.env[model].sudo().search([
                ("company_id", "in", schools.ids), ("workflow_state", "=", "in_progress"),
                ("stage_id.approver_type", "=", "panel")])
            opened = {(sitting.res_id, sitting.round) for sitting in Sitting.search(
                [("res_model", "=", model), ("res_id", "in", records.ids)])}
            records.filtered(lambda r, opened=opened: (r.id, r.workflow_round) not in opened
                             )._workflow_sync_panel_todos()

    @in_school_lang
    def _workflow_sync_panel_todos(self):
        """Give each approver of ``self`` (at a stage decided by the panel, its review not opened) the
        to-do he lacks, once, and take the to-dos of those who are no longer approvers."""
        approval = self.env.ref(APPROVAL_ACTIVITY)
        types = approval | self.env.ref(OVERDUE_ACTIVITY)
        for record in self:
            stage = record.stage_id
            approvers = record._workflow_get_approvers(stage) if stage.notify_approvers else self.env["res.users"]
            todos = record.activity_ids.filtered(lambda a, types=types: a.activity_type_id in types)
            stale = todos.filtered(lambda a, approvers=approvers: a.user_id not in approvers)
            stale.unlink()
            has = (todos - stale).filtered(lambda a, approval=approval: a.activity_type_id == approval).user_id
            schedule_todos(record, APPROVAL_ACTIVITY, approvers - has,
                           date_deadline=record.stage_deadline or fields.Date.context_today(record),
                           summary=self.env._("Decide: %(stage)s", stage=stage.name))

    @elevated("counts the votes of the open collective review of the record's round (the decision history, written "
              "by the engine only) and, given a ``state``, concludes it with each member's vote; nothing is returned")
    def _workflow_update_sitting(self, state=None):
        """Keep the running counts of the open review of ``self``'s round; with ``state``, close it as
        ``state``, keeping each member's vote."""
        sitting = self.env["student.review.sitting"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "=", self.id), ("round", "=", self.workflow_round),
             ("state", "=", "open")], limit=1)
        if not sitting:
            return
        votes = self.env["student.workflow.approval"].sudo().search(
            [*self._workflow_round_domain(PANEL_VOTES)], order="id")
        values = {"approve_count": len(votes.filtered(lambda v: v.decision == "approve")),
                  "against_count": len(votes.filtered(lambda v: v.decision == "vote_against"))}
        if state:
            by_user = {vote.user_id: vote for vote in votes}
            self.env["student.review.vote"].sudo().create([
                {"sitting_id": sitting.id, "sequence": index, "user_id": user.id,
                 "vote": {"approve": "approve", "vote_against": "against"}[by_user[user].decision]
                 if user in by_user else "none",
                 "comment": by_user[user].comment if user in by_user else False,
                 "date": by_user[user].date if user in by_user else False}
                for index, user in enumerate(sitting.member_ids | votes.user_id)])
            values.update(state=state, date_end=fields.Datetime.now())
        sitting.with_context(**{SITTING_WRITE_KEY: SittingWrite()}).write(values)

    # ------------------------------------------------------------------ engine

    def _workflow_lock(self):
        """Lock the rows, so that concurrent decisions on a record run one after the other.

        Every decision also updates the row (vote count or stage): under
        REPEATABLE READ, a transaction that waited for the lock then fails
        with a serialization error and Odoo retries it on fresh data, so no
        vote is lost and no record moves twice.
        """
        self.env.cr.execute(SQL("SELECT id FROM %s WHERE id IN %s FOR NO KEY UPDATE",
                                SQL.identifier(self._table), tuple(self.ids)))
        self.invalidate_recordset([name for name in self._workflow_protected_fields if self._fields[name].store])

    def _workflow_decide(self, decision, comment, seen_stage_id=None):
        """Apply one decision of the current user.

        :param seen_stage_id: the stage the user decided on (the dialog passes
            it); if the record has moved since, nothing is done and the user is told.
        """
        self.ensure_one()
        self.check_access("read")  # another school's record is out of reach before anything else
        self._workflow_lock()
        stage = self.stage_id
        if seen_stage_id and seen_stage_id != stage.id:
            raise UserError(
                self.env._("%(record)s has moved to stage %(stage)s meanwhile: reload it and decide again.",
                           record=self.display_name, stage=stage.name)
            )
        user = self.env.user
        comment = (comment or "").strip()
        if stage.final_state:
            raise UserError(self.env._("%(record)s has already ended (%(stage)s).", record=self.display_name,
                                       stage=stage.name))
        panel = stage.approver_type == "panel"
        if panel:
            # refused, with what to do, while the school has no panel (the author may still withdraw)
            self._workflow_open_sitting(stage, required=decision != "withdraw")
        author_may_withdraw = decision == "withdraw" and self.create_uid == user
        if panel and decision == "withdraw" and not author_may_withdraw:
            # a panel decides by its votes: no member ends the review alone
            raise UserError(self.env._(
                "At the collective review of %(record)s the panel's members vote for or against; only the one who "
                "applied withdraws it.", record=self.display_name))
        if user not in self._workflow_get_approvers(stage) and not author_may_withdraw:
            if panel:
                raise UserError(self.env._(
                    "Only the members of the collective review panel sitting on %(record)s may decide at stage "
                    "%(stage)s.", stage=stage.name, record=self.display_name))
            raise UserError(
                self.env._("Only the approvers of stage %(stage)s may decide on %(record)s.",
                           stage=stage.name, record=self.display_name)
            )
        if panel and decision == "send_back" and count(self.env, "student.workflow.approval",
                                                       self._workflow_round_domain(PANEL_VOTES)):
            # sending back would wipe the votes cast so far: one member would undo the panel's review
            raise UserError(self.env._(
                "The panel has begun voting on %(record)s: it can no longer be sent back; vote for or against.",
                record=self.display_name))
        if not comment and (decision != "approve" or stage.comment_required):
            raise UserError(self.env._("Please give a comment or reason for this decision."))

        common = {"res_model": self._name, "res_id": self.id, "company_id": self.company_id.id,
                  "stage_id": stage.id, "round": self.workflow_round, "user_id": user.id}
        if panel and decision in ("approve", "reject"):
            self._workflow_panel_vote(stage, decision, comment, common)
            return
        if decision == "approve":
            missing = self._workflow_missing_fields(stage)
            if missing:
                raise UserError(
                    self.env._("Fill in %(fields)s before %(record)s can leave stage %(stage)s.",
                               fields=", ".join(missing), record=self.display_name, stage=stage.name)
                )
            mine = [*self._workflow_round_domain(), ("user_id", "=", user.id)]
            if count(self.env, "student.workflow.approval", mine):
                raise UserError(self.env._("You have already approved %(record)s at this stage.",
                                           record=self.display_name))
            self._workflow_log_decision({**common, "decision": "approve", "comment": comment})
            self._workflow_feedback(user, comment)
            votes = count(self.env, "student.workflow.approval", self._workflow_round_domain())
            self._workflow_post(stage, "approve", comment)
            if votes >= stage.votes_required:
                self._workflow_move(self._workflow_next_stage(), "move", "", common)
            else:
                self._workflow_write_protected({"workflow_vote_count": votes})
            return
        target = {
            "send_back": self._workflow_previous_stage,
            "reject": lambda: self._workflow_final_stage("rejected"),
            "withdraw": lambda: self._workflow_final_stage("withdrawn"),
        }[decision]()
        self._workflow_move(target, decision, comment, common)

    def _workflow_panel_vote(self, stage, decision, comment, common):
        """A panel member's vote (approve, or reject: a vote against) at ``stage``, on a locked record.

        The record moves on once the approvals needed are in, and ends as rejected once so many
        members voted against that those approvals can no longer be reached (at the latest when a
        majority did); each vote updates the record's row (its counts), which keeps concurrent
        votes one after the other (see :meth:`_workflow_lock`)."""
        if decision == "approve":
            missing = self._workflow_missing_fields(stage)
            if missing:
                raise UserError(
                    self.env._("Fill in %(fields)s before %(record)s can leave stage %(stage)s.",
                               fields=", ".join(missing), record=self.display_name, stage=stage.name)
                )
        mine = [*self._workflow_round_domain(PANEL_VOTES), ("user_id", "=", common["user_id"])]
        if count(self.env, "student.workflow.approval", mine):
            raise UserError(self.env._("You have already voted on %(record)s at this stage.",
                                       record=self.display_name))
        vote = "approve" if decision == "approve" else "vote_against"
        self._workflow_log_decision({**common, "decision": vote, "comment": comment})
        # a vote is the panel's internal deliberation: kept in the decisions and the review as it sat,
        # which the school's caseworkers and counsellors read, never in the chatter that others of
        # the record's readers (its mentor) follow; the member's to-do goes without a "done" line
        self.activity_unlink([APPROVAL_ACTIVITY], user_id=self.env.user.id)
        approvals = count(self.env, "student.workflow.approval", self._workflow_round_domain())
        against = count(self.env, "student.workflow.approval", self._workflow_round_domain(["vote_against"]))
        members, needed = self._workflow_panel_sitting()
        outcome = "approved" if approvals >= needed else "rejected" if against > len(members) - needed else None
        # what the vote writes is the panel's: the record's last writer, the messages and the next to-dos
        # would otherwise name the member whose vote decided (and so how he voted) to the record's readers
        panel = self._workflow_as_panel()
        if outcome:
            panel._workflow_update_sitting(outcome)
            panel._workflow_post_review_result(stage, outcome, approvals, against, len(members), needed)
            target = self._workflow_next_stage() if outcome == "approved" else self._workflow_final_stage("rejected")
            panel._workflow_move(target, "move", "", common, author=self.env.ref("base.partner_root"))
        else:
            panel._workflow_update_sitting()  # the review's running counts, shown while it sits
            panel._workflow_write_protected({"workflow_vote_count": approvals, "workflow_against_count": against})

    @elevated("the collective review's own writes (counts, result, move, what entering the next stage posts and "
              "schedules) after the engine checked and logged a member's vote, done as OdooBot, the panel's "
              "author: the same writes the engine does as superuser, with OdooBot as their writer")
    def _workflow_as_panel(self):
        """``self`` in OdooBot's environment (a superuser's), for what a panel's vote writes."""
        return self.with_user(self.env.ref("base.user_root"))

    @in_school_lang
    def _workflow_post_review_result(self, stage, outcome, approvals, against, members, needed):
        """Post the result of the collective review at ``stage`` (counts only: who voted how stays in the
        review as it sat) as the panel's decision."""
        labels = dict(self.env["student.review.sitting"]._fields["state"]._description_selection(self.env))
        body = Markup("<p><b>%s</b> · %s</p><p>%s</p>") % (
            labels[outcome], stage.name,
            self.env._("Collective review: %(approved)s of %(members)s approved, %(against)s against "
                       "(%(needed)s needed).", approved=approvals, members=members, against=against, needed=needed))
        self._message_post_decision(body, author=self.env.ref("base.partner_root"))

    @elevated("writes the decision the engine has just checked (_workflow_decide) to the log of decisions, "
              "which nobody writes by hand; nothing is returned")
    def _workflow_log_decision(self, vals):
        """Record one decision (``vals`` of a student.workflow.approval)."""
        self.env["student.workflow.approval"].sudo().create(vals)

    @in_school_lang
    def _workflow_feedback(self, user, comment):
        """Mark ``user``'s to-do on ``self`` done (its chatter line in the school's language)."""
        self.activity_feedback([APPROVAL_ACTIVITY], user_id=user.id, feedback=comment or None)

    def _workflow_round_domain(self, decisions=("approve",)):
        """The decisions ``decisions`` of ``self``'s current round (by default: its approvals)."""
        return [("res_model", "=", self._name), ("res_id", "=", self.id),
                ("round", "=", self.workflow_round), ("decision", "in", list(decisions))]

    def _workflow_stages(self):
        return self.workflow_id.stage_ids.filtered("active").sorted(lambda s: (s.sequence, s.id))

    def _workflow_next_stage(self):
        stages = self._workflow_stages()
        later = stages.filtered(lambda s: (s.sequence, s.id) > (self.stage_id.sequence, self.stage_id.id))
        target = later.filtered(lambda s: not s.final_state)[:1] or later.filtered(
            lambda s: s.final_state == "approved")[:1]
        if not target:
            raise UserError(self.env._("Stage %(stage)s has no next stage: ask the school admin to add one.",
                                       stage=self.stage_id.name))
        return target

    def _workflow_previous_stage(self):
        earlier = self._workflow_stages().filtered(
            lambda s: not s.final_state and (s.sequence, s.id) < (self.stage_id.sequence, self.stage_id.id))
        if not earlier:
            raise UserError(self.env._("%(record)s is at the first stage and cannot be sent back.",
                                       record=self.display_name))
        return earlier[-1]

    def _workflow_final_stage(self, outcome):
        target = self._workflow_stages().filtered(lambda s: s.final_state == outcome)[:1]
        if not target:
            label = dict(self.env["student.workflow.stage"]._fields["final_state"]._description_selection(self.env))
            raise UserError(self.env._("The workflow has no final stage %(outcome)s: ask the school admin to add one.",
                                       outcome=label[outcome]))
        return target

    def _workflow_move(self, target, decision, comment, common, author=None):
        """Record the decision, put the record in ``target`` and notify (the stage's change in the
        chatter by ``author``, a partner, by default the current user's)."""
        self._workflow_log_decision({**common, "decision": decision, "comment": comment, "to_stage_id": target.id})
        self._workflow_update_sitting("closed")  # a review sent back or withdrawn before its end
        self.activity_unlink([APPROVAL_ACTIVITY, OVERDUE_ACTIVITY])
        self._track_set_author(author or self.env.user.partner_id)
        self._workflow_write_protected({"stage_id": target.id, "workflow_round": self.workflow_round + 1,
                                        "workflow_vote_count": 0, "workflow_against_count": 0,
                                        "stage_date": fields.Datetime.now()})
        if decision != "move":
            self._workflow_post(self.stage_id, decision, comment)
        self._workflow_on_enter()

    @in_school_lang
    def _workflow_post(self, stage, decision, comment):
        label = dict(self.env["student.workflow.approval"]._fields["decision"]._description_selection(self.env))
        body = Markup("<p><b>%s</b> · %s</p>") % (label[decision], stage.name)
        if comment:
            body += Markup("<p>%s</p>") % html_escape(comment)
        self._message_post_decision(body)

    @in_school_lang
    def _workflow_on_enter(self):
        """Give the approvers of the new stage a to-do and notify the stage's recipients."""
        if self.env.context.get("workflow_no_activity"):
            return  # bulk imports (auto-entitlement) leave one summary: see _workflow_bulk_recipients
        for record in self:
            stage = record.stage_id
            if stage.approver_type == "panel" and not stage.final_state:
                # the panel as it is now sits on the review; without one, the first vote says what to do
                record._workflow_open_sitting(stage, required=False)
            approvers, recipients = record._workflow_entry_users(stage)
            deadline = record.stage_deadline or fields.Date.context_today(record)
            schedule_todos(record, APPROVAL_ACTIVITY, approvers, date_deadline=deadline,
                           summary=self.env._("Decide: %(stage)s", stage=stage.name))
            if recipients:
                notify_readers(record, recipients, self.env._("%(record)s entered stage %(stage)s.",
                                                              record=record.display_name, stage=stage.name))

    def _workflow_entry_users(self, stage):
        """(approvers given a to-do, users notified) when ``self`` enters ``stage``."""
        self.ensure_one()
        approvers = self.env["res.users"]
        if stage.notify_approvers and not stage.final_state:
            approvers = self._workflow_get_approvers(stage)
        return approvers, self._workflow_reachable(stage.notify_user_ids | group_users(stage.notify_group_id))

    def _workflow_bulk_recipients(self):
        """Partners to notify once about records opened in bulk: those a record entering
        each of their stages would give a to-do or a message (one record a stage decides)."""
        partners = self.env["res.partner"]
        for stage in self.stage_id:
            sample = self.filtered(lambda r, stage=stage: r.stage_id == stage)[:1]
            approvers, recipients = sample._workflow_entry_users(stage)
            partners |= (approvers | recipients).partner_id
        return partners

    def _demo_advance(self, steps, final=None):
        """Demo data only: move the records ``steps`` stages on, each time as the
        stage's approvers, then ``final`` ("reject" or "withdraw") if given."""
        Approval = self.env["student.workflow.approval"]  # demo data loads as the superuser
        for record in self:
            for _step in range(steps):
                stage = record.stage_id
                voted = Approval.search(record._workflow_round_domain(PANEL_VOTES)).user_id
                # the approvers who have not voted yet (see _demo_vote), until the record moves on
                for approver in record._workflow_get_approvers(stage) - voted:
                    if record.stage_id != stage:
                        break
                    record.with_user(approver).action_workflow_approve(comment=self.env._("Agreed."))
            if final:
                stage = record.stage_id
                # a panel ends a case when enough members vote against; anyone else decides alone
                for approver in record._workflow_get_approvers(stage):
                    if record.stage_id != stage:
                        break
                    getattr(record.with_user(approver), f"action_workflow_{final}")(
                        comment=self.env._("Does not meet the conditions.") if final == "reject"
                        else self.env._("The family withdrew the application."))

    def _demo_vote(self, user_id, decision, comment):
        """Demo data only: ``decision`` ("approve" or "reject") by the user ``user_id`` on the records."""
        for record in self:
            user = self.env["res.users"].browse(user_id)
            getattr(record.with_user(user), f"action_workflow_{decision}")(comment=comment)

    @api.model
    @elevated("the scheduled job reads every overdue record; only its stage's approvers, who read it "
              "(_workflow_get_approvers), get the to-do")
    def _cron_workflow_overdue(self):
        """Give each approver of an overdue record one 'overdue' to-do (once per stage entry)."""
        today = fields.Date.context_today(self)
        for model in self.env["student.workflow"]._selection_res_model():
            records = self.env[model[0]].sudo().search(
                [("workflow_state", "=", "in_progress"), ("stage_deadline", "<", today)])
            for found in records:
                record = found.with_context(lang=found.company_id._school_lang())
                has = record.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(OVERDUE_ACTIVITY))
                # who has voted in this round has nothing left to do (a panel member's reminder would also
                # show the record's readers that his vote is still awaited, when it is not)
                voted = record.env["student.workflow.approval"].search(record._workflow_round_domain(PANEL_VOTES))
                for user in record._workflow_get_approvers(record.stage_id) - has.user_id - voted.user_id:
                    record.activity_schedule(
                        OVERDUE_ACTIVITY, date_deadline=today, user_id=user.id,
                        summary=record.env._("Overdue since %(date)s: %(stage)s",
                                             date=record.stage_deadline, stage=record.stage_id.name),
                    )
