"""Plain helpers for the Chinese resident identity card number (居民身份证号码).

They use only the parts of ``stdnum.cn.ric`` that need no data file: inside
Odoo the stdnum region table cannot be read (Odoo's import hook replaces
stdnum's loader), so the birthplace look-up of ``stdnum.cn.ric.validate`` is
not used.
"""

import datetime
import re

from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumValidationError

LENGTH = 18


def compact(number):
    """Return the number without spaces or separators, upper-cased (x → X)."""
    return ric.compact(re.sub(r"[\s\-]", "", number or ""))


def check_number(number):
    """Return the compact number, or raise ValueError with a reason code.

    Reason codes: ``length``, ``format``, ``checksum``, ``birth_date``.
    """
    number = compact(number)
    if len(number) != LENGTH:
        raise ValueError("length")
    if not number[:-1].isdigit() or not (number[-1].isdigit() or number[-1] == "X"):
        raise ValueError("format")
    if number[-1] != ric.calc_check_digit(number):
        raise ValueError("checksum")
    try:
        birth = ric.get_birth_date(number)
    except StdnumValidationError:
        raise ValueError("birth_date") from None
    if birth.year < 1900 or birth > datetime.date.today():
        raise ValueError("birth_date")
    return number


def birth_date(number):
    """Birth date encoded in a (valid) number."""
    return ric.get_birth_date(compact(number))


def gender(number):
    """'male' or 'female' from the order code (odd: male, even: female)."""
    return "male" if int(compact(number)[16]) % 2 else "female"


def mask(number):
    """Mask all but the first four and last two characters: 1101**********12."""
    number = compact(number)
    if not number:
        return False
    if len(number) <= 6:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 6) + number[-2:]


def age_on(birth, day):
    """Age in whole years on ``day`` of someone born on ``birth``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
