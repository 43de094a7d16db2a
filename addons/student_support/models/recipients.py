"""Whom our code may address about a record: the one filter of every to-do, message,
notification and alerted user our code sends (workflow stages, warnings, case hand-overs,
review reminders, reporting-round reminders)."""

SCHOOL_STAFF = "student_support.group_class_teacher"
COUNTY_OFFICER = "student_support.group_county_officer"


def school_readers(record, users):
    """The users among ``users`` our code may address about ``record`` (a to-do or message
    that names it): active internal users working in the record's school, holding a school
    role (class teacher, which every school role implies), never a county officer (the
    county receives figures, never a name), and able to read the record with their own
    rights in every school they work in.

    :return: a subset of ``users``, in their environment
    """
    record.ensure_one()
    return readers_by_record(record, {record.id: users})[record.id]


def readers_by_record(records, candidates):
    """``school_readers`` for many records at once, with one access check per user.

    :param candidates: {record id: the users who might be addressed about that record}
    :return: {record id: the subset of its candidates our code may address}
    """
    # sudo: the records' schools, the users' companies and groups are read to filter the users;
    # each remaining user is then checked with his own rights on the records
    schools = {record.id: record.company_id.id for record in records.sudo()}
    records_of = {}
    for record_id, users in candidates.items():
        for user in users.sudo():
            records_of.setdefault(user, []).append(record_id)
    allowed = {record_id: set() for record_id in candidates}
    for user, record_ids in records_of.items():
        if not user.active or user.share or not user.has_group(SCHOOL_STAFF) or user.has_group(COUNTY_OFFICER):
            continue
        works_in = set(user.company_ids.ids)
        reachable = records.browse([rid for rid in record_ids if schools.get(rid) in works_in])
        readable = reachable.with_user(user).with_context(allowed_company_ids=sorted(works_in))._filtered_access("read")
        for record_id in readable.ids:
            allowed[record_id].add(user.id)
    return {record_id: users.filtered(lambda u, ids=allowed[record_id]: u.id in ids)
            for record_id, users in candidates.items()}
