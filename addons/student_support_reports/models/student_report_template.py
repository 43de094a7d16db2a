from markupsafe import Markup

from odoo import api, fields, models
from odoo.addons.student_support.models.student_warning import domain_context
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.safe_eval import safe_eval

REPORT_MODELS = [
    ("student.case", "Key-support cases"),
    ("student.aid.grant", "Aid grants"),
    ("student.identification", "Identifications"),
    ("student.support.record", "Support records"),
    ("student.home.visit", "Home visits"),
]
# groupings that would name a person: never a row of a report
PERSON_MODELS = {"student.student", "res.users", "res.partner", "student.guardian", "student.case",
                 "student.identification", "student.mentor"}
# what a county output may filter or group on: no free text, no person, no protected field
COUNTY_SAFE_TYPES = {"many2one", "many2many", "selection", "date", "datetime", "boolean", "integer", "float",
                     "monetary"}
COUNTY_SAFE_PROPERTY_TYPES = {"selection", "tags", "boolean", "integer", "float", "date"}
GROUPABLE_TYPES = ("many2one", "many2many", "selection", "date", "datetime", "boolean", "char", "integer")


class StudentReportTemplate(models.Model):
    """A report defined without code by a school admin or a county officer: records of
    one kind, a filter, one grouping of the rows (a field, a date by month, or a custom
    form field) and a measure; shown on screen and as xlsx. County officers get counts
    of their schools in which no cell below the county's small-count threshold shows."""

    _name = "student.report.template"
    _inherit = ["student.fixed.owner.mixin"]
    _description = "Report template"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", string="Owner", required=True, index=True,
                                 default=lambda self: self.env.company,
                                 help="A school's reports cover that school; a county's, its schools.")
    res_model = fields.Selection(REPORT_MODELS, string="Records", required=True, default="student.case")
    model_id = fields.Many2one("ir.model", compute="_compute_model_id")
    domain = fields.Char(string="Filter", default="[]",
                         help="Which records count; relative dates may use context_today(), relativedelta(...).")
    row_field_id = fields.Many2one(
        "ir.model.fields", string="Rows by", ondelete="cascade",
        domain=f"[('model_id', '=', model_id), ('store', '=', True), ('ttype', 'in', {GROUPABLE_TYPES})]",
        help="School, category, level, state, a date, ... Leave empty to group by a custom form field.")
    row_interval = fields.Selection([("month", "Month"), ("quarter", "Quarter"), ("year", "Year")],
                                    string="Date by", default="month")
    row_property = fields.Char(string="Rows by custom field",
                               help="Technical name of a field of the school's form (配置 → 表单), e.g. x_family_size.")
    measure = fields.Selection([("count", "Count"), ("sum", "Sum")], required=True, default="count")
    measure_field_id = fields.Many2one(
        "ir.model.fields", string="Sum of", ondelete="cascade",
        domain="[('model_id', '=', model_id), ('store', '=', True), ('ttype', 'in', ('float', 'integer', 'monetary'))]")
    result_html = fields.Html(string="Result", compute="_compute_result_html", sanitize=False)
    row_label = fields.Char(string="Rows shown", compute="_compute_labels")
    measure_label = fields.Char(string="Measure shown", compute="_compute_labels")

    @api.depends("res_model")
    def _compute_model_id(self):
        for template in self:
            template.model_id = self.env["ir.model"]._get(template.res_model) if template.res_model else False

    @api.constrains("res_model", "row_field_id", "row_property", "measure", "measure_field_id", "domain")
    def _check_definition(self):
        for template in self:
            field = template.row_field_id
            if (field and field.model != template.res_model) or (
                    template.measure_field_id and template.measure_field_id.model != template.res_model):
                raise ValidationError(self.env._("%(report)s: its fields must be fields of %(records)s.",
                                                 report=template.name, records=template.res_model))
            if field and (field.relation in PERSON_MODELS or field.name in ("name", "display_name")):
                raise ValidationError(self.env._(
                    "%(report)s: rows by %(field)s would list persons; reports count, they do not name.",
                    report=template.name, field=field.field_description))
            if field and template.row_property:
                raise ValidationError(self.env._("%(report)s: group the rows by a field or by a custom field, "
                                                 "not both.", report=template.name))
            if template.measure == "sum" and not template.measure_field_id:
                raise ValidationError(self.env._("%(report)s: say which amount to sum.", report=template.name))
            if template.row_property and "form_properties" not in self.env[template.res_model]._fields:
                raise ValidationError(self.env._("%(report)s: these records have no custom fields.",
                                                 report=template.name))
            try:
                template._get_domain()
            except Exception as error:
                raise ValidationError(self.env._("%(report)s: the filter cannot be read (%(error)s).",
                                                 report=template.name, error=error)) from None

    # ------------------------------------------------------------------ evaluation

    def _get_domain(self):
        self.ensure_one()
        domain = safe_eval(self.domain or "[]", domain_context(self))
        if not isinstance(domain, list):
            raise ValueError(self.env._("a filter is a list of conditions"))
        return domain

    def _groupby(self):
        self.ensure_one()
        self = self.sudo()  # the definition's fields (ir.model.fields) are not every reader's to read
        if self.row_property:
            return f"form_properties.{self.row_property}"
        if not self.row_field_id:
            return "company_id"
        if self.row_field_id.ttype in ("date", "datetime"):
            return f"{self.row_field_id.name}:{self.row_interval or 'month'}"
        return self.row_field_id.name

    def _is_county_output(self):
        return self.company_id.org_type == "county_bureau" or self.env.user.company_id.org_type == "county_bureau"

    def _schools(self):
        """The schools the report covers: the owner school, or the county's schools the user works in."""
        self.ensure_one()
        if self.company_id.org_type == "county_bureau":
            return self.env.user.company_ids.filtered(
                lambda c: c.county_id == self.company_id and c.org_type != "county_bureau")
        return self.company_id & self.env.user.company_ids

    def _run(self):
        """[(row label, value)] and the total; county outputs hide counts below the threshold."""
        self.ensure_one()
        self.check_access("read")
        Model = self.env[self.res_model]
        schools = self._schools()
        domain = [*self._get_domain(), ("company_id", "in", schools.ids)]
        county = self._is_county_output()
        if county:
            # county officers read no case, grant or note: the counts are made for them, and only counts
            if not self.env.user.has_group("student_support.group_county_officer"):
                raise AccessError(self.env._("Only county officers run the county's reports."))
            self._check_county_definition()
            Model = Model.sudo()
        elif not Model.has_access("read"):
            raise AccessError(self.env._("You may not read %(records)s.", records=Model._description))
        aggregate = "__count" if self.measure == "count" else f"{self.sudo().measure_field_id.name}:sum"
        groupby = self._groupby()
        groups = Model._read_group(domain, [groupby], [aggregate])
        field = Model._fields.get(groupby.split(":")[0].split(".")[0])
        rows = [(self._label(field, key), value or 0) for key, value in groups]
        total = sum(value for _label, value in rows)
        if county and self.measure == "count":
            threshold = self.company_id.county_id.report_min_count
            rows = [(label, self._suppressed(value, threshold)) for label, value in rows]
            total = self._suppressed(total, threshold)
        return rows, total

    def _check_county_definition(self):
        """A county output counts records: its filter and rows may not single out a person, so they use
        no free text, no person and no field reserved to some roles (a count of 1 against 0 would tell)."""
        self.ensure_one()
        for leaf in self._get_domain():
            if not isinstance(leaf, (list, tuple)) or len(leaf) != 3:
                continue
            Model = self.env[self.res_model]
            for part in str(leaf[0]).split("."):
                field = Model._fields.get(part)
                if part == "id":
                    break
                if (field is None or field.groups or field.type not in COUNTY_SAFE_TYPES
                        or (field.relational and field.comodel_name in PERSON_MODELS)):
                    raise UserError(self.env._(
                        "%(report)s: a county report may not filter on %(field)s (it could single out a person).",
                        report=self.name, field=leaf[0]))
                if not field.relational:
                    break
                Model = self.env[field.comodel_name]
        if self.row_property:
            types = set(self.env["student.form.field"].sudo().with_context(active_test=False).search(
                [("name", "=", self.row_property)]).mapped("field_type"))
            if not types or not types <= COUNTY_SAFE_PROPERTY_TYPES:
                raise UserError(self.env._(
                    "%(report)s: a county report groups only by a choice, yes/no, number or date custom field.",
                    report=self.name))

    @api.model
    def _suppressed(self, value, threshold):
        """A count below the small-count threshold, as '<n' (zero stays zero)."""
        return f"<{threshold}" if threshold and 0 < value < threshold else value

    def _label(self, field, key):
        if hasattr(key, "display_name"):
            return key.sudo().display_name or self.env._("(none)")
        if key in (False, None, ""):
            return self.env._("(none)")
        if field is not None and field.type == "selection":
            return dict(field._description_selection(self.env)).get(key, key)
        if hasattr(key, "strftime"):
            return {"year": key.strftime("%Y"), "quarter": f"{key.year} Q{(key.month - 1) // 3 + 1}"}.get(
                self.row_interval, key.strftime("%Y-%m"))
        return str(key)

    def _measure_label(self):
        return self.env._("Count") if self.measure == "count" else self.sudo().measure_field_id.field_description

    def _row_label(self):
        if self.row_property:
            return self.row_property
        return self.sudo().row_field_id.field_description or self.env._("School")

    @api.depends("row_field_id", "row_property", "measure", "measure_field_id")
    def _compute_labels(self):
        for template in self:
            template.row_label = template._row_label()
            template.measure_label = template._measure_label()

    @api.depends("res_model", "domain", "row_field_id", "row_interval", "row_property", "measure", "measure_field_id")
    def _compute_result_html(self):
        for template in self:
            try:
                rows, total = template._run() if template.id else ([], 0)
            except (UserError, AccessError, ValidationError, ValueError) as error:
                template.result_html = Markup("<p class='text-danger'>%s</p>") % str(error)
                continue
            body = Markup("").join(Markup("<tr><td>%s</td><td class='text-end'>%s</td></tr>") % row for row in rows)
            template.result_html = Markup(
                "<table class='table table-sm'><tr><th>%s</th><th class='text-end'>%s</th></tr>%s"
                "<tr><th>%s</th><th class='text-end'>%s</th></tr></table>") % (
                template._row_label(), template._measure_label(), body, self.env._("Total"), total)

    def action_print(self):
        self.ensure_one()
        return self.env.ref("student_support_reports.action_report_template_xlsx").report_action(self)

    def action_open_pivot(self):
        """The records on screen as a pivot, rows and measure as defined (school users)."""
        self.ensure_one()
        if self._is_county_output():
            raise UserError(self.env._("County reports show counts only: see Result on this page, or the xlsx."))
        self._run()  # the same checks as the output
        measure = "__count" if self.measure == "count" else self.sudo().measure_field_id.name
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": self.res_model,
            "view_mode": "pivot,list",
            "views": [(False, "pivot"), (False, "list")],
            "domain": [*self._get_domain(), ("company_id", "in", self._schools().ids)],
            "context": {"pivot_row_groupby": [self._groupby()], "pivot_measures": [measure]},
        }
