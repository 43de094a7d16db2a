from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

REPORT_MODELS = [
    ("student.case", "Key-support cases"),
    ("student.aid.grant", "Aid grants"),
    ("student.identification", "Identifications"),
    ("student.support.record", "Support records"),
    ("student.home.visit", "Home visits"),
]
# what the row picker offers; the checker of user-written definitions (student.user.domain) decides
GROUPABLE_TYPES = ("many2one", "many2many", "selection", "date", "datetime", "boolean", "char", "integer")
COUNTY_OFFICER = "student_support.group_county_officer"


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
        """The definition is consistent and passes the checker of user-written definitions for
        the user writing it (county mode for a county's template or a county officer)."""
        for template in self:
            field = template.row_field_id
            if (field and field.model != template.res_model) or (
                    template.measure_field_id and template.measure_field_id.model != template.res_model):
                raise ValidationError(self.env._("%(report)s: its fields must be fields of %(records)s.",
                                                 report=template.name, records=template.res_model))
            if field and template.row_property:
                raise ValidationError(self.env._("%(report)s: group the rows by a field or by a custom field, "
                                                 "not both.", report=template.name))
            if template.measure == "sum" and not template.measure_field_id:
                raise ValidationError(self.env._("%(report)s: say which amount to sum.", report=template.name))
            if template.row_property and "form_properties" not in self.env[template.res_model]._fields:
                raise ValidationError(self.env._("%(report)s: these records have no custom fields.",
                                                 report=template.name))
            template._check_reader(template._is_county_output())

    # ------------------------------------------------------------------ evaluation

    def _get_domain(self):
        self.ensure_one()
        try:
            return self.env["student.user.domain"]._parse(self.domain, self)
        except ValidationError as error:
            raise ValidationError(self.env._("%(report)s: %(error)s", report=self.name,
                                             error=error.args[0])) from None

    def _field_names(self):
        """(row field, measure field): the technical names of the definition's fields."""
        self.ensure_one()
        # sudo: ir.model.fields is configuration that readers below school admin may not read; only the
        # two names leave, and each is checked against the reader's rights (_check_reader) before use
        definition = self.sudo()
        return definition.row_field_id.name or False, definition.measure_field_id.name or False

    def _check_reader(self, county):
        """The filter, rows and sum pass the checker for the current user (the one writing the
        definition, or the one reading the result): refused with a ValidationError naming the field."""
        self.ensure_one()
        Checker = self.env["student.user.domain"]
        user = self.env.user
        row, measure = self._field_names()
        try:
            # county outputs count records the county officer does not read (see _run)
            Checker._check_user_domain(self.res_model, self._get_domain(), user, county=county, counted=county)
            if self.row_property:
                Checker._check_user_property(self.res_model, self.row_property, user, county=county,
                                             counted=county)
            elif row:
                Checker._check_user_groupby(self.res_model, row, user, county=county, counted=county)
            if self.measure == "sum" and measure:
                Checker._check_user_measure(self.res_model, measure, user, county=county)
        except ValidationError as error:
            raise ValidationError(self.env._("%(report)s: %(error)s", report=self.name,
                                             error=error.args[0])) from None

    def _groupby(self):
        self.ensure_one()
        row = self._field_names()[0]
        if self.row_property:
            return f"form_properties.{self.row_property}"
        if not row:
            return "company_id"
        if self.env[self.res_model]._fields[row].type in ("date", "datetime"):
            return f"{row}:{self.row_interval or 'month'}"
        return row

    def _is_county_output(self):
        """Counts only: a county's template, or any template a county officer runs."""
        user = self.env.user
        # sudo: the kind of the owner company only (a school's user may not read the county's company)
        return (self.company_id.sudo().org_type == "county_bureau" or user.company_id.org_type == "county_bureau"
                or user.has_group(COUNTY_OFFICER))

    def _schools(self):
        """The schools the report covers: the owner school, or the county's schools the user works in."""
        self.ensure_one()
        if self.company_id.org_type == "county_bureau":
            return self.env.user.company_ids.filtered(
                lambda c: c.county_id == self.company_id and c.org_type != "county_bureau")
        return self.company_id & self.env.user.company_ids

    def _run(self):
        """[(row label, value)] and the total, computed with the reader's rights; county
        outputs count (elevated) and hide counts below the threshold."""
        self.ensure_one()
        self.check_access("read")
        county = self._is_county_output()
        if county and not self.env.user.has_group(COUNTY_OFFICER):
            raise AccessError(self.env._("Only county officers run the county's reports."))
        self._check_reader(county)
        Model = self.env[self.res_model]
        if county:
            # sudo: county officers read no case, grant or note: the counts are made for them. The checker let
            # through only county-safe filters and rows (no person, free text, protected or reserved field, no
            # record id) and no sum; only counts leave, suppressed below the threshold
            Model = Model.sudo()
        domain = [*self._get_domain(), ("company_id", "in", self._schools().ids)]
        aggregate = "__count" if self.measure == "count" else f"{self._field_names()[1]}:sum"
        groupby = self._groupby()
        groups = Model._read_group(domain, [groupby], [aggregate])
        field = Model._fields.get(groupby.split(":")[0].split(".")[0])
        rows = [(self._label(field, key), value or 0) for key, value in groups]
        total = sum(value for _label, value in rows)
        if county:
            threshold = self.company_id.county_id.report_min_count
            rows = [(label, self._suppressed(value, threshold)) for label, value in rows]
            total = self._suppressed(total, threshold)
        return rows, total

    @api.model
    def _suppressed(self, value, threshold):
        """A count below the small-count threshold, as '<n' (zero stays zero)."""
        return f"<{threshold}" if threshold and 0 < value < threshold else value

    def _label(self, field, key):
        if hasattr(key, "display_name"):
            # the key is read as the groups were: the reader's rights, or a county output's classification
            return key.display_name or self.env._("(none)")
        if key in (False, None, ""):
            return self.env._("(none)")
        if field is not None and field.type == "selection":
            return dict(field._description_selection(self.env)).get(key, key)
        if hasattr(key, "strftime"):
            return {"year": key.strftime("%Y"), "quarter": f"{key.year} Q{(key.month - 1) // 3 + 1}"}.get(
                self.row_interval, key.strftime("%Y-%m"))
        return str(key)

    def _field_label(self, name):
        field = self.env[self.res_model]._fields.get(name) if self.res_model else None
        return field._description_string(self.env) if field else (name or "")

    def _measure_label(self):
        if self.measure == "count":
            return self.env._("Count")
        return self._field_label(self._field_names()[1])

    def _row_label(self):
        if self.row_property:
            return self.row_property
        row = self._field_names()[0]
        return self._field_label(row) if row else self.env._("School")

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
        measure = "__count" if self.measure == "count" else self._field_names()[1]
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": self.res_model,
            "view_mode": "pivot,list",
            "views": [(False, "pivot"), (False, "list")],
            "domain": [*self._get_domain(), ("company_id", "in", self._schools().ids)],
            "context": {"pivot_row_groupby": [self._groupby()], "pivot_measures": [measure]},
        }
