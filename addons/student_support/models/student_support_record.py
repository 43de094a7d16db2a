from odoo import api, fields, models


class StudentSupportRecord(models.Model):
    """One logged act of support for a key-support case (帮扶记录): a talk, a
    tutoring session, a referral, ... with the school's own form fields."""

    _name = "student.support.record"
    _description = "Support record"
    _inherit = ["mail.thread", "student.form.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # no check_company: the school follows this field (its domain would read the new record's empty school)
    case_id = fields.Many2one("student.case", required=True, ondelete="cascade", index=True)
    student_id = fields.Many2one(related="case_id.student_id", store=True, index=True)
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True, precompute=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    kind = fields.Selection(
        [("talk", "Talk"), ("tutoring", "Tutoring"), ("referral", "Referral"), ("home_visit", "Home visit"),
         ("family_guidance", "Family guidance"), ("employment", "Employment help (one to one)"), ("other", "Other")],
        required=True, default="talk", tracking=True,
    )
    content = fields.Text(required=True)
    next_step = fields.Text(string="Next step")
    user_id = fields.Many2one("res.users", string="Recorded by", required=True, default=lambda self: self.env.user,
                              check_company=True, domain="[('share', '=', False)]")

    @api.model
    def _get_school_from_vals(self, vals):
        return self.env["student.case"].browse(vals.get("case_id")).company_id

    @api.depends("case_id", "date", "kind")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for record in self:
            record.display_name = f"{record.case_id.name or ''} · {record.date or ''} · {labels.get(record.kind, '')}"
