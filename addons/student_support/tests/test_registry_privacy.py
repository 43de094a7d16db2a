"""The registry itself, walked: every relation of our addons checks the company, every field derived
from a protected field is as protected, and every inventoried field carries its group.

A new model or field is covered without a new test; a finding names model.field and what it lacks."""

from odoo.models import LOG_ACCESS_COLUMNS
from odoo.tests import TransactionCase, tagged

from ..models import privacy

OUR_MODULES = ("student_support", "student_support_reports")

# Relations between company-scoped models that need no company check, each with its reason.
COMPANY_CHECK_EXCEPTIONS = {
    ("student.workflow.approval", "user_id"): "the acting user, set by the workflow from the environment (like "
                                              "create_uid), never chosen; a cron acts as the superuser",
    ("student.review.vote", "user_id"): "a member of the panel as it sat (student.review.sitting.member_ids, checked "
                                        "when the review opened), written by the workflow when the review ends, "
                                        "even if the member has left the school since",
    ("student.report.submission", "submitted_by"): "the acting user, set on submission from the environment "
                                                   "(like create_uid), read-only",
}

# Derived fields read by roles their source does not admit, each with its reason (a projection that
# reveals nothing of its source belongs in privacy.DECLASSIFIED_FIELDS instead).
DERIVED_EXCEPTIONS = {
}


def _ours(model, field):
    return field._module in OUR_MODULES or (field._module is None and model._module in OUR_MODULES)


def _group_set(env, groups):
    """The res.groups of a ``groups=`` string (xml ids separated by commas; a "!" group admits no one more)."""
    names = [name.strip() for name in (groups or "").split(",") if name.strip() and not name.strip().startswith("!")]
    return env["res.groups"].union(*(env.ref(name) for name in names))


def _implies_one_of(groups, sources):
    """Whether each of ``groups`` implies (or is) at least one of ``sources``."""
    return bool(groups) and all(group.all_implied_ids & sources for group in groups)


def _readers(env, model_name):
    """The groups with read access to ``model_name``; None when a rule without group lets every user read."""
    accesses = env["ir.model.access"].sudo().search([("model_id.model", "=", model_name), ("perm_read", "=", True)])
    if any(not access.group_id for access in accesses):
        return None
    return accesses.group_id


def company_check_findings(env):
    """["model.field: what is missing"] for the relations between company-scoped models without a check."""
    findings = []
    for model_name in sorted(env.registry):
        model = env[model_name]
        # SQL views (_auto = False) are figures: nothing is ever written through their relations
        if model._abstract or not model._auto or "company_id" not in model._fields:
            continue
        for name, field in model._fields.items():
            if field.type not in ("many2one", "many2many") or not _ours(model, field):
                continue
            if field.comodel_name == "res.company" or "company_id" not in env[field.comodel_name]._fields:
                continue
            if field.related or (field.compute and not field.store) or name in ("company_id", *LOG_ACCESS_COLUMNS):
                continue
            if (model_name, name) in COMPANY_CHECK_EXCEPTIONS:
                continue
            if model._fields["company_id"].related == f"{name}.company_id":
                # the record's school follows this field: the check is met by construction, and its domain
                # would offer a new record (no school yet) nothing (test_views.TestParentFieldDomains)
                continue
            if not field.check_company:
                findings.append(f"{model_name}.{name}: links to {field.comodel_name} without check_company=True")
            elif not model._check_company_auto:
                findings.append(f"{model_name}.{name}: the model lacks _check_company_auto = True")
    return findings


def derived_field_findings(env):
    """["model.field: what is missing"] for computed/related fields less protected than a field they read."""
    findings = []
    for model_name in sorted(env.registry):
        model = env[model_name]
        readers = None
        for name, field in model._fields.items():
            if not (field.compute or field.related) or not _ours(model, field):
                continue
            if (model_name, name) in privacy.DECLASSIFIED_FIELDS or (model_name, name) in DERIVED_EXCEPTIONS:
                continue
            own = _group_set(env, field.groups)
            for path in env.registry.field_depends[field]:
                current = model
                for step in path.split("."):
                    source = current._fields.get(step)
                    if source is None:
                        break
                    if source.groups and source is not field:
                        sources = _group_set(env, source.groups)
                        if readers is None:
                            readers = _readers(env, model_name) or env["res.groups"]
                        if not (_implies_one_of(own, sources) or _implies_one_of(readers, sources)):
                            findings.append(
                                f"{model_name}.{name}: reads {current._name}.{step} (groups {source.groups}) "
                                f"but has groups {field.groups or 'none'}")
                    if not source.relational:
                        break
                    current = env[source.comodel_name]
    return sorted(set(findings))


def inventory_findings(env):
    """["model.field: what is missing"] for the inventoried protected fields without their group."""
    findings = []
    for model_name, fields_ in privacy.PROTECTED_FIELDS.items():
        for name, group in fields_.items():
            field = env[model_name]._fields.get(name)
            if field is None:
                findings.append(f"{model_name}.{name}: in privacy.PROTECTED_FIELDS but no such field")
            elif group not in (field.groups or "").split(","):
                findings.append(f"{model_name}.{name}: groups {field.groups or 'none'}, lacks {group}")
    return findings


def case_models(env):
    """student.case and the models that hang on a case (support records, notes, goals, exits, wish items, ...)."""
    names = {"student.case"}
    for model_name in env.registry:
        field = env[model_name]._fields.get("case_id")
        if field is not None and field.type == "many2one" and field.comodel_name == "student.case":
            names.add(model_name)
    return names


def county_case_findings(env):
    """["model.field: what is wrong"] for the doors by which a county officer would reach a key-support case:
    read access to a case model, or a relation to one, readable by the county, on a model it reads (the county
    learns how many cases a school has, from counts and the filing's anonymised register, never which)."""
    county = env.ref("student_support.group_county_officer").all_implied_ids
    cases = case_models(env)
    findings = [f"{name}: county officers have read access" for name in sorted(cases)
                if (readers := _readers(env, name)) is None or readers & county]
    for model_name in sorted(env.registry):
        model = env[model_name]
        if model._abstract or model_name in cases:
            continue
        readers = _readers(env, model_name)
        if readers is not None and not readers & county:
            continue
        for name, field in model._fields.items():
            if field.relational and field.comodel_name in cases and _ours(model, field):
                if not field.groups or _group_set(env, field.groups) & county:
                    findings.append(f"{model_name}.{name}: links to {field.comodel_name}, readable by county officers")
    return findings


@tagged("post_install", "-at_install")
class TestRegistryPrivacy(TransactionCase):
    """Walks every model and field of student_support and student_support_reports."""

    def test_relations_check_the_company(self):
        """Each stored relation between two company-scoped models checks the company, on a model that checks it."""
        findings = company_check_findings(self.env)
        self.assertFalse(findings, "\n" + "\n".join(findings))

    def test_derived_fields_are_as_protected_as_their_source(self):
        """A computed or related field reading a field with groups is readable by no one its source refuses."""
        findings = derived_field_findings(self.env)
        self.assertFalse(findings, "\n" + "\n".join(findings))

    def test_inventoried_fields_carry_their_group(self):
        """Each field of privacy.PROTECTED_FIELDS names exactly its inventoried group in its groups."""
        findings = inventory_findings(self.env)
        self.assertFalse(findings, "\n" + "\n".join(findings))

    def test_county_reaches_no_case(self):
        """No model or relation readable by county officers opens a key-support case or a record hanging on one."""
        self.assertIn("student.support.record", case_models(self.env))
        findings = county_case_findings(self.env)
        self.assertFalse(findings, "\n" + "\n".join(findings))

    def test_walk_sees_our_fields(self):
        """The walk covers our models (a filter that skipped them all would pass every check above)."""
        student = self.env["student.student"]
        self.assertTrue(_ours(student, student._fields["class_id"]))
        self.assertTrue(_ours(self.env["res.company"], self.env["res.company"]._fields["county_id"]))
        self.assertFalse(_ours(student, student._fields["message_ids"]))
