"""Write what a school's users read later in the school's language (see ``res.company._school_lang``)."""

import functools

from odoo.models import BaseModel


def in_school_lang(method):
    """Run ``method`` on the records of each school in that school's language: the chatter lines,
    to-do summaries and names it writes read the same for everyone, whoever acted. Record
    arguments follow (a stage passed in is read in the school's language too)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        by_lang = {}
        for record in self:
            by_lang.setdefault(record.company_id._school_lang(), []).append(record.id)
        if len(by_lang) <= 1 and self.env.lang == next(iter(by_lang), self.env.lang):
            return method(self, *args, **kwargs)
        result = None
        for lang, ids in by_lang.items():
            args_ = [_in_lang(arg, lang) for arg in args]
            kwargs_ = {key: _in_lang(arg, lang) for key, arg in kwargs.items()}
            result = method(self.browse(ids).with_context(lang=lang), *args_, **kwargs_)
        return result

    return wrapper


def _in_lang(value, lang):
    return value.with_context(lang=lang) if isinstance(value, BaseModel) else value
