"""One checker of what a user writes into a domain, a row or a sum (warning rules, report
templates, any future filter), and one way to run such a domain with that user's rights.

A domain a user writes is a question to the database: run elevated, or over fields the user
may not read, its answer (a warning, a count of 1 against 0) tells what the user may not
know. So every field path of it, in ``any`` sub-domains and dotted paths too, is checked
against what the user may read, and some fields are refused for everyone:

- protected fields (``privacy.PROTECTED_FIELDS``), even for a user who may read them: one
  run per digit of an ID number prefix would otherwise spell it out;
- free text (long text, html, and short text except a few codes): a name or a sentence
  matched with ``ilike`` singles out a person;
- record numbers (``id``), and relations to persons other than "is set" / "is not set";
- records of other schools (record ids the user may not read).

County mode, for county outputs and county rules, keeps only what is safe to count: a
choice, yes/no, a date, a number, or a classification (school, hardship category, level,
stage, aid programme, service category).
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval

from . import privacy
from .student_identification import current_school_year, school_year_start

# relations that point to a person: compared only with "is set" / "is not set", never a row
PERSON_MODELS = frozenset({
    "res.users", "res.partner", "student.student", "student.guardian", "student.case", "student.mentor",
    "student.identification", "student.graduate",
})
# lists of fixed labels, nobody's record: what county outputs may filter on and group by
CLASSIFICATION_MODELS = frozenset({
    "res.company", "student.hardship.category", "student.difficulty.level", "student.school.stage",
    "student.aid.programme", "student.service.category",
})
# short-text fields holding a code from a fixed set, not text a user typed about someone
CODED_CHAR_FIELDS = frozenset({"school_year", "grade", "code", "school_code"})
# plain values: what a condition or a row may use besides codes and relations, in either mode
VALUE_TYPES = frozenset({"selection", "boolean", "date", "datetime", "integer", "float", "monetary"})
NUMERIC_TYPES = frozenset({"integer", "float", "monetary"})
# custom form fields (form_properties) whose answers are values, not typed text
SAFE_PROPERTY_TYPES = frozenset({"selection", "tags", "boolean", "integer", "float", "date"})
# the operators that compare a field with a value (any/not any open a sub-domain instead)
SUB_DOMAIN_OPERATORS = ("any", "not any")
# a date may be compared by its parts (date.year_number, date.month_number, ...)
DATE_PARTS = frozenset({"year_number", "quarter_number", "month_number", "iso_week_number", "day_of_year",
                        "day_of_month", "day_of_week", "hour_number", "minute_number", "second_number"})


def domain_context(record):
    """What a domain written by a user may use: relative dates of today in the user's time zone."""
    today = fields.Date.context_today(record)
    return {
        "context_today": lambda: today, "relativedelta": relativedelta, "datetime": safe_datetime,
        "month_start": today.replace(day=1), "year_start": today.replace(month=1, day=1),
        "school_year": current_school_year(today), "school_year_start": school_year_start(today),
    }


def _values(value):
    """The values a condition compares with, as a list."""
    return list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]


def _asks_is_set(operator, value):
    """Whether the condition only asks whether the field is set (``= False``, ``!= False``)."""
    return operator in ("=", "!=", "in", "not in") and all(item is False or item is None for item in _values(value))


class StudentUserDomain(models.AbstractModel):
    """The checker of user-written domains, rows and sums, and their evaluation with the
    user's rights. Warning rules and report templates go through it; so must any new
    place where a user writes a filter that our code runs."""

    _name = "student.user.domain"
    _description = "Conditions written by users"

    # ------------------------------------------------------------------ reading

    @api.model
    def _parse(self, text, record):
        """The domain of ``text`` (as written in a rule or template), with the relative dates
        of ``record``'s user; a text that is no list of conditions is refused."""
        try:
            domain = safe_eval(text or "[]", domain_context(record))
            if not isinstance(domain, (list, tuple)):
                raise ValueError(self.env._("a condition is a list of conditions"))
            Domain(list(domain))
        except Exception as error:  # the text is the user's input: any failure means a wrong condition
            raise ValidationError(self.env._("The condition cannot be read (%(error)s).", error=error)) from None
        return list(domain)

    # ------------------------------------------------------------------ checks

    @api.model
    def _check_user_domain(self, model_name, domain, user, county=False, counted=False):
        """Refuse, with a ValidationError naming the field, a ``domain`` on ``model_name`` that
        ``user`` may not run: see the module docstring for what is refused.

        :param county: county mode, only county-safe fields
        :param counted: the records are counted for the user (a county output runs elevated),
            not shown: the user need not read ``model_name`` itself, every field still counts
        """
        Model = self._as_user(model_name, user)
        if not counted:
            self._check_model_access(Model)
        for condition in Domain(domain).iter_conditions():
            self._check_condition(Model, condition.field_expr, condition.operator, condition.value, county)

    @api.model
    def _check_user_groupby(self, model_name, field_name, user, county=False, counted=False):
        """Refuse rows by ``field_name`` that would list persons, free text, protected values or
        record numbers, or that ``user`` may not read."""
        Model = self._as_user(model_name, user)
        if not counted:
            self._check_model_access(Model)
        field = self._get_field(Model, field_name)
        self._check_field(Model, field, county)
        label = self._label(field)
        if field.type == "properties" or (field.relational and field.comodel_name in PERSON_MODELS) or (
                field.type in ("char", "text", "html") and not self._is_coded(Model, field)):
            raise ValidationError(self.env._(
                "Rows by %(field)s would list persons or what was typed about them: reports count, they do not name.",
                field=label))
        if not field.store:
            raise ValidationError(self.env._("%(field)s is not stored: rows cannot follow it.", field=label))
        if field.relational:
            if field.type == "one2many" or (county and field.comodel_name not in CLASSIFICATION_MODELS):
                raise self._county_error(label) if county else self._unsupported_error(label)
            self._check_model_access(self._as_user(field.comodel_name, user))
        elif field.type not in VALUE_TYPES and field.type != "char":
            raise self._unsupported_error(label)

    @api.model
    def _check_user_property(self, model_name, property_name, user, county=False, counted=False):
        """Refuse rows by a custom form field (``form_properties``) that is free text or unknown:
        its answers are typed by the school's staff."""
        Model = self._as_user(model_name, user)
        if not counted:
            self._check_model_access(Model)
        self._check_property(Model, property_name, county)

    @api.model
    def _check_user_measure(self, model_name, field_name, user, county=False):
        """Refuse a sum of ``field_name`` that ``user`` may not read, or any sum in county mode
        (county outputs count records). A protected amount is summed for those who read it."""
        if county:
            raise ValidationError(self.env._("County outputs count records: they sum no amount."))
        Model = self._as_user(model_name, user)
        self._check_model_access(Model)
        field = self._get_field(Model, field_name)
        label = self._label(field)
        if field.type not in NUMERIC_TYPES or not field.store or field.name == "id":
            raise ValidationError(self.env._("%(field)s is not an amount to sum.", field=label))
        if not Model._has_field_access(field, "read"):
            raise ValidationError(self.env._(
                "You may not read %(field)s, so you may not filter, group or sum on it.", field=label))

    # ------------------------------------------------------------------ evaluation

    @api.model
    def _search_as_user(self, model_name, domain, user, schools):
        """The records of ``schools`` meeting ``domain``, searched with ``user``'s access rights
        and record rules, in the schools among ``schools`` the user works in (the superuser:
        all of them). Archived records are left out."""
        Model = self.env[model_name].with_user(user).with_context(active_test=True)
        if not Model.env.su:
            works_in = set(self._user_companies(user).ids)
            schools = schools.filtered(lambda school: school.id in works_in)
            Model = Model.with_context(allowed_company_ids=schools.ids)
        if not schools:
            return self.env[model_name]
        return Model.search([*domain, ("company_id", "in", schools.ids)])

    # ------------------------------------------------------------------ helpers

    @api.model
    def _as_user(self, model_name, user):
        """``model_name`` with ``user``'s rights, in every company the user works in."""
        Model = self.env[model_name].with_user(user)
        if Model.env.su:
            return Model
        return Model.with_context(allowed_company_ids=self._user_companies(user).ids)

    @api.model
    def _user_companies(self, user):
        """The companies ``user`` works in."""
        # sudo: the user's own company list, which the caller may not read for another user
        return user.sudo().company_ids

    @api.model
    def _check_model_access(self, Model):
        if not Model.has_access("read"):
            raise ValidationError(self.env._(
                "You may not read %(records)s, so a condition, row or sum on them is not yours to write.",
                records=Model._description))

    @api.model
    def _get_field(self, Model, name):
        field = Model._fields.get(name)
        if field is None:
            raise ValidationError(self.env._("%(records)s have no field %(field)s.", records=Model._description,
                                             field=name))
        return field

    @api.model
    def _label(self, field):
        return field._description_string(self.env)

    @api.model
    def _is_coded(self, Model, field):
        """Whether a short-text field holds a code from a fixed list, not typed text."""
        return field.type == "char" and (field.name in CODED_CHAR_FIELDS or Model._name in CLASSIFICATION_MODELS)

    @api.model
    def _county_error(self, label):
        return ValidationError(self.env._(
            "%(field)s is not one a county output may use: a choice, yes/no, a date, a number or a "
            "classification (school, category, level, stage, programme), never a person or typed text.",
            field=label))

    @api.model
    def _unsupported_error(self, label):
        return ValidationError(self.env._("%(field)s cannot be used in a condition or a row written here.",
                                          field=label))

    @api.model
    def _check_field(self, Model, field, county):
        """The checks every field of a path passes, whatever the comparison."""
        label = self._label(field)
        if field.name == "id" or field.type in ("many2one_reference", "reference"):
            raise ValidationError(self.env._(
                "%(field)s names records by their number: conditions and rows may not.", field=label))
        if privacy.is_protected(Model._name, field.name):
            raise ValidationError(self.env._(
                "%(field)s is protected: no condition, row or sum written here may use it, whoever writes it.",
                field=label))
        if not Model._has_field_access(field, "read"):
            raise ValidationError(self.env._(
                "You may not read %(field)s, so you may not filter, group or sum on it.", field=label))
        if county and field.groups:
            # a county output is counted elevated: a field reserved to some roles would tell through the count
            raise self._county_error(label)

    @api.model
    def _check_condition(self, Model, path, operator, value, county):
        """Check one condition ``(path, operator, value)`` of a domain on ``Model``."""
        parts = path.split(".")
        for index, name in enumerate(parts):
            field = self._get_field(Model, name)
            self._check_field(Model, field, county)
            label = self._label(field)
            rest = parts[index + 1:]
            if field.type == "properties":
                if len(rest) != 1:
                    raise self._unsupported_error(label)
                self._check_property(Model, rest[0], county)
                return
            if not field.relational:
                if rest and not (field.type in ("date", "datetime") and len(rest) == 1 and rest[0] in DATE_PARTS):
                    raise self._unsupported_error(label)
                if not rest:
                    self._check_plain_value(Model, field, operator, value, county)
                return
            if county and field.comodel_name not in CLASSIFICATION_MODELS:
                raise self._county_error(label)
            Comodel = Model.env[field.comodel_name]
            if rest:  # a dotted path: the comodel's field is checked in its turn
                self._check_model_access(Comodel)
                Model = Comodel
                continue
            if operator in SUB_DOMAIN_OPERATORS:
                if not isinstance(value, (list, tuple, Domain)):
                    raise self._unsupported_error(label)
                self._check_model_access(Comodel)
                for condition in Domain(value).iter_conditions():
                    self._check_condition(Comodel, condition.field_expr, condition.operator, condition.value,
                                          county)
                return
            self._check_relation_value(Comodel, field, operator, value, county)
            return

    @api.model
    def _check_property(self, Model, property_name, county):
        """A custom form field is used as a value (a choice, yes/no, number, date), never as text."""
        field = self._get_field(Model, "form_properties")
        self._check_field(Model, field, county)
        # the custom fields of the forms the user reads (no sudo: only their types are checked)
        types = set(Model.env["student.form.field"].with_context(active_test=False).search(
            [("name", "=", property_name), ("template_id.res_model", "=", Model._name)]).mapped("field_type"))
        if not types or not types <= SAFE_PROPERTY_TYPES:
            raise ValidationError(self.env._(
                "Custom field %(field)s is free text or unknown: conditions and rows use a choice, yes/no, "
                "number or date custom field.", field=property_name))

    @api.model
    def _check_plain_value(self, Model, field, operator, value, county):
        label = self._label(field)
        if field.type in ("char", "text", "html") and not self._is_coded(Model, field):
            if county or not _asks_is_set(operator, value):
                raise ValidationError(self.env._(
                    "%(field)s is typed text: a condition may only ask whether it is filled in (a name or a "
                    "phrase matched would single out a person).", field=label))
            return
        if field.type == "char":
            return  # a code
        if field.type not in VALUE_TYPES:
            raise self._county_error(label) if county else self._unsupported_error(label)

    @api.model
    def _check_relation_value(self, Comodel, field, operator, value, county):
        """A relational field compared with values: persons only "is set", record ids only those
        the user may read (no record of another school)."""
        label = self._label(field)
        if field.comodel_name in PERSON_MODELS:
            if not _asks_is_set(operator, value):
                raise ValidationError(self.env._(
                    "%(field)s names a person: a condition may only ask whether it is set.", field=label))
            return
        ids = []
        for item in _values(value):
            if item is False or item is None:
                continue
            if isinstance(item, bool) or not isinstance(item, (int, str)):
                raise self._unsupported_error(label)
            if isinstance(item, int):
                ids.append(item)
        if ids:
            records = Comodel.browse(set(ids))
            if len(records.exists()) != len(records) or records._filtered_access("read") != records:
                raise ValidationError(self.env._(
                    "%(field)s: the condition names a record you may not read.", field=label))
        elif any(isinstance(item, str) for item in _values(value)):
            # a name compared: matched among the records the user may read
            self._check_model_access(Comodel)
