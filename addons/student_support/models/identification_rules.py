"""Pure rules of the identification (认定): the score of the evidence and the
masking of names in a public notice. No ORM: tested directly."""

CRITERION_KINDS = ("category", "priority", "income_below", "income_gap", "dependants", "illness", "form_field")


def score_evidence(evidence, criteria):
    """Score an application's evidence.

    :param evidence: dict with ``category_codes`` (set), ``priority`` (bool),
        ``income`` (monthly income per head, or None), ``standard`` (the local
        standard per head, or None), ``dependants`` (int), ``illness`` (bool),
        ``answers`` (the custom form values, by technical name)
    :param criteria: dicts with ``label``, ``kind``, ``points`` and, by kind,
        ``category_code`` or ``field_name``
    :return: (total, [(label, points given, why)]) for every criterion that scored
    """
    lines = []
    income, standard = evidence.get("income"), evidence.get("standard")
    for criterion in criteria:
        kind, points = criterion["kind"], criterion["points"]
        given, why = 0.0, ""
        if kind == "category" and criterion.get("category_code") in evidence.get("category_codes", ()):
            given, why = points, criterion.get("category_code")
        elif kind == "priority" and evidence.get("priority"):
            given = points
        elif kind == "income_below" and income is not None and standard and income < standard:
            given, why = points, f"{income:g} < {standard:g}"
        elif kind == "income_gap" and income is not None and standard and income < standard:
            # proportional: full points at no income, none at the standard
            given = round(points * (standard - max(income, 0)) / standard, 2)
            why = f"{income:g} / {standard:g}"
        elif kind == "dependants" and evidence.get("dependants"):
            given, why = points * evidence["dependants"], f"× {evidence['dependants']}"
        elif kind == "illness" and evidence.get("illness"):
            given = points
        elif kind == "form_field" and evidence.get("answers", {}).get(criterion.get("field_name")):
            given = points
        if given:
            lines.append((criterion["label"], given, why))
    return round(sum(line[1] for line in lines), 2), lines


def propose_level(score, levels):
    """The level whose threshold the score reaches, the highest threshold first.

    :param levels: (level, minimum score) pairs
    :return: the level, or None when the score reaches none
    """
    for level, minimum in sorted(levels, key=lambda pair: pair[1], reverse=True):
        if score >= minimum:
            return level
    return None


def mask_name(name):
    """A name as a public notice shows it: 王小明 → 王*明, 李红 → 李*, 欧阳小明 → 欧**明."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name + "*" if name else ""
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
