from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.elevated import count as count_records
from ..models.student_aid_grant import TERMS, current_term
from ..models.student_identification import default_school_year


class StudentAidGrantBatch(models.TransientModel):
    """Create one programme's grants for a list of students, with the checks of each:
    identified this year, a school stage the programme serves, no grant yet for the
    period, an amount for the level. Valid grants are created; refused students are
    listed with their reason."""

    _name = "student.aid.grant.batch"
    _description = "Aid grants for several students"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", string="School", required=True,
                                 default=lambda self: self.env.company)
    programme_id = fields.Many2one("student.aid.programme", required=True, check_company=True)
    school_year = fields.Char(string="School year", required=True, default=default_school_year)
    term = fields.Selection(TERMS, required=True, default=lambda self: current_term(fields.Date.context_today(self)))
    date = fields.Date(required=True, default=fields.Date.context_today)
    student_ids = fields.Many2many("student.student", string="Students", required=True, check_company=True)
    result = fields.Html(readonly=True, sanitize=False)
    created_count = fields.Integer(string="Grants created", readonly=True)

    def _check_student(self, student):
        """(grant values, None) or (None, the reason the student is refused)."""
        programme = self.programme_id
        identification = self.env["student.identification"].search([
            ("student_id", "=", student.id), ("school_year", "=", self.school_year),
            ("workflow_state", "=", "approved")], limit=1)
        if not identification:
            return None, self.env._("not identified for %(year)s", year=self.school_year)
        stage = student.company_id.school_stage
        if stage not in programme.stage_ids.mapped("code"):
            return None, self.env._("the programme does not serve the school's stage")
        if count_records(self.env, "student.aid.grant", [
                ("student_id", "=", student.id), ("programme_id", "=", programme.id),
                ("school_year", "=", self.school_year), ("term", "=", self.term), ("state", "!=", "cancelled")]):
            return None, self.env._("already has this programme's grant for the period")
        amount = programme._amount_for(student, identification.level_id)
        if not amount:
            return None, self.env._("the programme gives no amount for level %(level)s",
                                    level=identification.level_id.name or "—")
        return {"student_id": student.id, "programme_id": programme.id, "identification_id": identification.id,
                "amount": amount, "date": self.date, "school_year": self.school_year, "term": self.term}, None

    def action_create(self):
        self.ensure_one()
        if self.created_count:
            raise UserError(self.env._("These grants have already been created."))
        if self.programme_id.amount_mode == "grant":
            raise UserError(self.env._("%(programme)s sets its amount on each grant: record the grants one by one.",
                                       programme=self.programme_id.name))
        self.student_ids.check_access("read")
        valid, refused = [], []
        for student in self.student_ids:
            vals, reason = self._check_student(student)
            if vals:
                valid.append(vals)
            else:
                refused.append((student, reason))
        grants = self.env["student.aid.grant"].create(valid)
        rows = Markup("").join(Markup("<li>%s: %s</li>") % (student.name, reason) for student, reason in refused)
        summary = self.env._("%(count)s grants created.", count=len(grants))
        self.write({
            "created_count": len(grants),
            "result": Markup("<p>%s</p>") % summary + (
                Markup("<p>%s</p><ul>%s</ul>") % (self.env._("Refused:"), rows) if refused else Markup("")),
        })
        return {"type": "ir.actions.act_window", "name": self.env._("Grants for several students"),
                "res_model": self._name, "res_id": self.id, "view_mode": "form", "target": "new"}
