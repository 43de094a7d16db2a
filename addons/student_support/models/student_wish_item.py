from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .elevated import figures
from .student_service import OPEN_STATES


class StudentWishItem(models.Model):
    """One service chosen from the school's menu for a key-support case (成长发展心愿单),
    followed from the request to its outcome."""

    _name = "student.wish.item"
    _description = "Wish-list item"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "case_id, id"
    _check_company_auto = True

    # no check_company: the school follows this field (its domain would read the new record's empty school)
    case_id = fields.Many2one("student.case", required=True, ondelete="cascade", index=True)
    student_id = fields.Many2one(related="case_id.student_id", store=True, index=True)
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True, precompute=True)
    service_id = fields.Many2one("student.service", required=True, check_company=True,
                                 index=True, tracking=True)
    category_id = fields.Many2one(related="service_id.category_id", store=True)
    chosen_by = fields.Selection(
        [("student", "Student"), ("parent", "Parent"), ("staff", "Staff")], string="Chosen by", required=True,
        default="student",
    )
    wish = fields.Text(string="What is hoped for")
    responsible_id = fields.Many2one(
        "res.users", check_company=True, tracking=True, domain="[('share', '=', False)]",
        compute="_compute_responsible_id", store=True, readonly=False, precompute=True,
    )
    state = fields.Selection(
        [("requested", "Requested"), ("in_progress", "In progress"), ("delivered", "Delivered"),
         ("declined", "Declined")],
        string="Status", default="requested", required=True, tracking=True, index=True,
    )
    date_requested = fields.Date(string="Requested on", default=fields.Date.context_today, required=True)
    date_start = fields.Date(string="Started on", tracking=True)
    date_done = fields.Date(string="Ended on", tracking=True)
    outcome = fields.Text(tracking=True)

    @api.depends("service_id")
    def _compute_responsible_id(self):
        for item in self:
            item.responsible_id = item.responsible_id or item.service_id.staff_ids[:1]

    @api.model_create_multi
    def create(self, vals_list):
        items = super().create(vals_list)
        items._update_places(items.service_id)
        return items

    def write(self, vals):
        services = self.service_id
        result = super().write(vals)
        if {"service_id", "state"} & set(vals):
            self._update_places(services | self.service_id)
        return result

    @api.constrains("service_id", "case_id")
    def _check_same_school(self):
        for item in self:
            if item.service_id.company_id != item.case_id.company_id:
                raise ValidationError(
                    self.env._("%(service)s belongs to %(school)s: choose a service of %(own)s for %(case)s.",
                               service=item.service_id.name, school=item.service_id.company_id.name,
                               own=item.case_id.company_id.name, case=item.case_id.display_name)
                )

    def _update_places(self, services):
        """Recount the places taken on ``services``; refuse a request beyond capacity.

        Writing the count on the service row also makes two requests for the same
        service at the same moment conflict: the later transaction is retried on
        fresh data and cannot take a place that is gone.
        """
        self.flush_model(["service_id", "state"])
        # the places other cases take, which the user may not read: counts only
        counts = dict(figures(self.env, self._name, [("service_id", "in", services.ids), ("state", "in", OPEN_STATES)],
                              ["service_id"]))
        requested = self.filtered(lambda i: i.state in OPEN_STATES).service_id
        for service in services:
            taken = counts.get(service, 0)
            service._write_open_count(taken)
            if service in requested and service.capacity and taken > service.capacity:
                raise UserError(
                    self.env._("%(service)s is full: %(capacity)s places, all taken. Choose another service or "
                               "ask %(department)s to raise its capacity.",
                               service=service.name, capacity=service.capacity,
                               department=service.department or service.company_id.name)
                )

    def action_start(self):
        self._set_state("in_progress", "requested", date_start=fields.Date.context_today(self))

    def action_deliver(self):
        for item in self:
            if not (item.outcome or "").strip():
                raise UserError(self.env._("%(item)s: write the outcome before marking it delivered.",
                                           item=item.display_name))
        self._set_state("delivered", "requested", "in_progress", date_done=fields.Date.context_today(self))

    def action_decline(self):
        for item in self:
            if not (item.outcome or "").strip():
                raise UserError(self.env._("%(item)s: write why it is declined in the outcome.",
                                           item=item.display_name))
        self._set_state("declined", "requested", "in_progress", date_done=fields.Date.context_today(self))

    def action_reopen(self):
        self._set_state("requested", "declined", "delivered", date_done=False)

    def _set_state(self, state, *from_states, **values):
        for item in self:
            if item.state not in from_states:
                raise UserError(self.env._("%(item)s cannot go from %(old)s to %(new)s.", item=item.display_name,
                                           old=item._state_label(item.state), new=item._state_label(state)))
        self.write({"state": state, **values})

    def _state_label(self, state):
        return dict(self._fields["state"]._description_selection(self.env))[state]

    @api.depends("service_id", "student_id")
    def _compute_display_name(self):
        for item in self:
            item.display_name = f"{item.student_id.name or ''} · {item.service_id.name or ''}"
