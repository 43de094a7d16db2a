"""Whom our code may address about a record: the one filter of every to-do, message,
notification and alerted user our code sends (workflow stages, warnings, case hand-overs,
review reminders, reporting-round reminders)."""

from .elevated import elevated

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


@elevated("the records' schools and the users' companies and groups are read to filter the candidates, and "
          "each remaining user is checked with his own rights on the records: what is returned is a subset of "
          "the candidates the caller passed, in their environment")
def readers_by_record(records, candidates):
    """``school_readers`` for many records at once, with one access check per user.

    :param candidates: {record id: the users who might be addressed about that record}
    :return: {record id: the subset of its candidates our code may address}
    """
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


@elevated("to-dos about the record for the users among ``users`` who read it (``school_readers``, applied "
          "here): the process schedules them (a stage entered, a mentor leaving), whoever triggers it, who may "
          "not write the record; nothing is returned")
def schedule_todos(record, activity_xmlid, users, **values):
    """Give each of ``users`` our code may address about ``record`` an activity of type
    ``activity_xmlid`` (``values``: summary, note, deadline), authored by the current user."""
    for user in school_readers(record, users):
        record.sudo().activity_schedule(activity_xmlid, user_id=user.id, **values)


@elevated("a note about the record to the users among ``users`` who read it (``school_readers``, applied here), "
          "posted by the process whoever triggers it; nothing is returned")
def notify_readers(record, users, body):
    """Post ``body`` on ``record`` as a note to those of ``users`` our code may address about it (none: no note)."""
    readers = school_readers(record, users)
    if readers:
        record.sudo().message_post(body=body, partner_ids=readers.partner_id.ids, subtype_xmlid="mail.mt_note")
