from odoo import fields, models


class StudentClass(models.Model):
    _name = "student.class"
    _inherit = ["student.fixed.owner.mixin"]
    _description = "School class"
    _order = "company_id, grade, name"
    _check_company_auto = True

    name = fields.Char(string="Class", required=True)
    grade = fields.Char(required=True, help="Grade or cohort, e.g. 三年级 or 2024级.")
    company_id = fields.Many2one(
        "res.company", string="School", required=True, default=lambda self: self.env.company, index=True
    )
    teacher_id = fields.Many2one(
        "res.users",
        string="Class teacher",
        check_company=True,
        domain="[('share', '=', False)]",
    )
    student_ids = fields.One2many("student.student", "class_id", string="Students")
    student_count = fields.Integer(compute="_compute_student_count")
    active = fields.Boolean(default=True)

    _name_company_uniq = models.Constraint(
        "UNIQUE (company_id, grade, name)", "A class with this grade and name already exists in this school."
    )

    def _compute_student_count(self):
        counts = dict(
            self.env["student.student"]._read_group(
                [("class_id", "in", self.ids)], ["class_id"], ["__count"]
            )
        )
        for klass in self:
            klass.student_count = counts.get(klass, 0)

    def _compute_display_name(self):
        for klass in self:
            klass.display_name = f"{klass.grade} {klass.name}" if klass.grade else klass.name
