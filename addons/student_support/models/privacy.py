"""Need-to-know inventory: the one place that says which fields are protected.

Everything that guards a side door reads these tables: the checker of the domains
users write (warning rules, report templates), the registry-walking tests, the
county outputs. A new protected field is added here, with the group that may read
it, and the tests then require it to carry that ``groups=``.
"""

CASEWORKER = "student_support.group_caseworker"
COUNSELLOR = "student_support.group_counsellor"
CLASS_TEACHER = "student_support.group_class_teacher"

# {model: {field: the group its ``groups=`` names}}: identity numbers, family poverty
# detail, mental-health and disability notes, and what is derived from them.
PROTECTED_FIELDS = {
    "student.student": {
        "national_id": CASEWORKER,
        "register_number": CASEWORKER,
        # with the masked ID number's first and last digits, the birth date leaves a handful of
        # candidate numbers: it is as protected as the number (others see the age)
        "birth_date": CASEWORKER,
        "family_poverty_detail": CASEWORKER,
        "mental_health_note": COUNSELLOR,
        "disability_note": COUNSELLOR,
    },
    "student.identification": {
        "income_per_head": CASEWORKER,
        "dependants": CASEWORKER,
        "family_illness": CASEWORKER,
        "evidence_note": CASEWORKER,
        "score_detail": CASEWORKER,
    },
    "student.aid.grant": {
        # a loan's contract number finds the student in the bank's records, like an ID number
        "contract_number": CASEWORKER,
        # what befell the family (illness, fire, a death): as protected as the family poverty detail
        "emergency_reason": CASEWORKER,
    },
}

# Safe projections of a protected field, readable by roles that may not read their
# source: {(model, field): why it reveals nothing the reader may not know}.
DECLASSIFIED_FIELDS = {
    ("student.student", "national_id_masked"): "shows 4 leading and 2 trailing characters of the ID number",
    ("student.student", "register_number_masked"): "the register number masked like the ID number",
    ("student.student", "gender"): "the 17th digit, already shown by the masked number",
    ("student.student", "age"): "whole years only: leaves over a thousand candidate ID numbers",
    ("student.identification", "score"): "one total of points over categories, income, dependants, illness and "
                                         "form answers: no single piece of evidence can be read back from it",
    ("student.identification", "proposed_level_id"): "the level the score reaches: coarser than the score",
}


def protected_fields(model_name):
    """{field: group} of the protected fields of ``model_name`` (empty when none)."""
    return PROTECTED_FIELDS.get(model_name, {})


def is_protected(model_name, field_name):
    """Whether the field is in the inventory of protected fields."""
    return field_name in PROTECTED_FIELDS.get(model_name, {})
