"""The only places where our code runs elevated (``sudo()``).

Every ``sudo()`` of the addons sits in a small method or function decorated with
``@elevated("why it is safe")``; ``tests/test_elevated.py`` walks the source and fails on
a ``sudo()`` anywhere else, on a helper without a reason and on a helper grown too long
to review at a glance. Each helper returns plain values or records of the caller's
environment (``sudo(False)``), filtered to what the caller may see: figures, ids the
caller then reads with its own rights, or users it may address about a record it reads.

The generic helpers below serve the common cases; a model keeps its own helper only
where the elevated step is specific to it.
"""

#: attribute an ``@elevated`` function carries: the reason it is safe
REASON = "_elevated_reason"
#: the longest an elevated helper may be (lines of its definition, decorator excluded)
MAX_LINES = 25


def elevated(reason):
    """Mark ``func`` as an elevated helper; ``reason`` says why what it returns is safe."""
    if not (isinstance(reason, str) and reason.strip()):
        raise TypeError("an elevated helper needs the reason it is safe")

    def mark(func):
        setattr(func, REASON, reason)
        return func

    return mark


@elevated("numbers only: counts and aggregates per group name no record beyond the group keys the "
          "caller passes (a school, a category, a state)")
def figures(env, model, domain, groupby=(), aggregates=("__count",), active_test=None):
    """``_read_group`` of ``model`` over every record matching ``domain``, as plain values
    (records in the keys are of the caller's environment); ``active_test=False``: archived
    records too (None: as the caller's context says)."""
    Model = env[model].sudo()
    if active_test is not None:
        Model = Model.with_context(active_test=active_test)
    rows = Model._read_group(domain, list(groupby), list(aggregates))
    return [tuple(value.sudo(False) if hasattr(value, "_name") else value for value in row) for row in rows]


@elevated("a count names no record")
def count(env, model, domain, active_test=True, limit=None):
    """How many records of ``model`` match ``domain`` (at most ``limit``), whoever may read them."""
    return env[model].sudo().with_context(active_test=active_test).search_count(domain, limit=limit)


@elevated("group membership only, narrowed to the users who may read the record at hand by the caller "
          "(``recipients.school_readers``)")
def group_users(group):
    """The users of ``group`` (the caller may not read res.groups' members)."""
    return group.sudo().all_user_ids.sudo(False)


@elevated("a sequence number names nothing; the caller may create the record it numbers")
def next_sequence(env, code):
    """The next number of the ``ir.sequence`` ``code``."""
    return env["ir.sequence"].sudo().next_by_code(code)


@elevated("system parameters of this addon hold settings and a salt, never personal data")
def get_param(env, key, default=False):
    """The value of the system parameter ``key``."""
    return env["ir.config_parameter"].sudo().get_param(key, default)


@elevated("a yes/no: whether records linked to the record (by ``path``, ending at their school) belong to "
          "another school than the record's; none of them is shown")
def links_other_school(record, path):
    """Whether ``record.<path>`` (companies) holds a company other than ``record.company_id``."""
    return bool(record.sudo().mapped(path) - record.company_id)
