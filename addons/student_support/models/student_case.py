from odoo import api, fields, models


class StudentCase(models.Model):
    """A key-support case (重点帮扶对象): a disadvantaged student with an added
    growth difficulty, confirmed after collective review. Runs on the school's
    workflow; never listed publicly."""

    _name = "student.case"
    _description = "Key-support case"
    _inherit = ["student.workflow.mixin", "student.form.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    student_id = fields.Many2one("student.student", required=True, check_company=True, index=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", string="School", required=True, default=lambda self: self.env.company, index=True
    )
    mentor_id = fields.Many2one(
        "res.users", check_company=True, domain="[('share', '=', False)]", tracking=True, index=True
    )
    description = fields.Text(string="Facts and reasons")
    wish_item_ids = fields.One2many("student.wish.item", "case_id", string="Wish list")
    support_record_ids = fields.One2many("student.support.record", "case_id", string="Support records")
    active = fields.Boolean(default=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                # sudo: the sequence is shared configuration, not case data
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("student.case") or "/"
        return super().create(vals_list)

    @api.onchange("student_id")
    def _onchange_student_id(self):
        if self.student_id:
            self.company_id = self.student_id.company_id
            self.mentor_id = self.mentor_id or self.student_id.mentor_id
