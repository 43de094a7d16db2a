from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    report_min_count = fields.Integer(
        string="Smallest count shown", default=3,
        help="County outputs of report templates show counts below this as '<n', so that no cell points to one "
             "student (the official tables print their required figures).")
