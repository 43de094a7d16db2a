from odoo import fields, models


class StudentCaseNote(models.Model):
    """A sensitive note on a key-support case (family, health, mental state).

    Read only by the case's mentor and by counsellors (caseworkers among them
    when they hold the sensitive-data role): see the record rules.
    """

    _name = "student.case.note"
    _description = "Sensitive case note"
    _order = "date desc, id desc"
    _check_company_auto = True

    # no check_company: the school follows this field (its domain would read the new record's empty school)
    case_id = fields.Many2one("student.case", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True, precompute=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one("res.users", string="Author", required=True, default=lambda self: self.env.user,
                              check_company=True)
    note = fields.Text(required=True)
