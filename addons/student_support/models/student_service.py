from odoo import api, fields, models

from .elevated import elevated

OPEN_STATES = ("requested", "in_progress")


class StudentService(models.Model):
    """One service of the school's service menu (救助清单): what it offers, who
    provides it and how many students it can take at once."""

    _name = "student.service"
    _description = "Support service"
    _inherit = ["mail.thread", "student.fixed.owner.mixin"]
    _order = "category_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    category_id = fields.Many2one(
        "student.service.category", required=True, check_company=True, index=True, tracking=True
    )
    description = fields.Text(translate=True)
    department = fields.Char(string="Providing department", tracking=True)
    staff_ids = fields.Many2many(
        "res.users", check_company=True, domain="[('share', '=', False)]",
        help="The first one is proposed as responsible for each request.",
    )
    company_id = fields.Many2one(
        "res.company", string="School", required=True, index=True, default=lambda self: self.env.company
    )
    capacity = fields.Integer(
        tracking=True, help="How many students the service takes at once (open requests); 0 for no limit."
    )
    open_count = fields.Integer(
        string="Taken", readonly=True, copy=False,
        help="Open requests (requested or in progress), kept up to date by the wish list.",
    )
    free_count = fields.Integer(string="Free places", compute="_compute_free_count")
    active = fields.Boolean(default=True, tracking=True)

    _capacity_positive = models.Constraint("CHECK (capacity >= 0)", "The capacity cannot be negative.")

    @api.depends("capacity", "open_count")
    def _compute_free_count(self):
        for service in self:
            service.free_count = max(service.capacity - service.open_count, 0) if service.capacity else 0

    @elevated("writes the recount of the service's open requests, a number, for whoever requests a place "
              "(a mentor may not write the school's service menu)")
    def _write_open_count(self, count):
        """Store ``count`` as the places taken."""
        self.sudo().open_count = count
