from odoo import api, fields, models
from odoo.exceptions import UserError


class StudentReportConsolidate(models.TransientModel):
    """The county picks a round and some or all of its schools, and gets one workbook:
    a row per school and the county total."""

    _name = "student.report.consolidate"
    _description = "Consolidated workbook"

    period_id = fields.Many2one("student.report.period", string="Round", required=True, ondelete="cascade")
    kind = fields.Selection(related="period_id.kind")
    available_school_ids = fields.Many2many("res.company", compute="_compute_available_school_ids")
    school_ids = fields.Many2many(
        "res.company", string="Schools", compute="_compute_school_ids", store=True, readonly=False,
        domain="[('id', 'in', available_school_ids)]", help="Leave all of them for the whole county.")

    @api.depends("period_id")
    def _compute_available_school_ids(self):
        for wizard in self:
            wizard.available_school_ids = wizard.period_id.submission_ids.company_id

    @api.depends("period_id")
    def _compute_school_ids(self):
        for wizard in self:
            wizard.school_ids = wizard.period_id.submission_ids.company_id

    def action_print(self):
        self.ensure_one()
        submissions = self.period_id.submission_ids.filtered(lambda s: s.company_id in self.school_ids)
        if not submissions:
            raise UserError(self.env._("Choose at least one school of the round."))
        action = submissions.action_print()
        # the dialog has done its work once the workbook is downloaded (honoured by the web client's and
        # report_xlsx's report handlers)
        action["close_on_report_download"] = True
        return action
