"""Reading the lists of ID numbers and hardship categories that the county or the
province sends for auto-entitlement (免申即享). No ORM: tested directly.

Files arrive as xlsx, or csv in UTF-8 or in GBK/GB18030 (seed 002 shows one
mis-decoded): the encoding is detected, never assumed. A file that cannot be read
as a whole raises :class:`FileProblem`, whose code the model turns into a message
(nothing is imported from such a file).
"""

import csv
import io
import re
import zipfile

ID_HEADERS = ("身份证", "证件号", "national_id", "id number", "id_number")
CATEGORY_HEADERS = ("困难类型", "类型", "类别", "category", "categories")
SEPARATORS = re.compile(r"[,，、;；/|]+")
# text files hold no control characters but tabs and line ends (a binary file decoded as GB18030 does)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# GB18030 maps the byte pairs GBK leaves undefined to the private use area: text of another
# encoding (Big5, Shift-JIS) decoded as GB18030 is full of them, Chinese text has none
PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
DEFAULT_MAX_ROWS = 100_000
# what a damaged xlsx makes openpyxl raise (zip, XML parse errors are SyntaxErrors, missing parts)
XLSX_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError, TypeError, IndexError,
               AttributeError, SyntaxError, EOFError)


class Formula(str):
    """The text of a cell that holds a formula: its value is unknown here (nobody computed it)."""


class FileProblem(ValueError):
    """The file cannot be read as a whole; ``code`` says why, ``params`` give the details."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def decode(data):
    """Text of a csv file: UTF-8 (with or without BOM), else GB18030 (a superset of GBK)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem("utf16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if CONTROL.search(text):
            raise FileProblem("binary")
        if encoding == "gb18030" and PRIVATE_USE.search(text):
            raise FileProblem("encoding")
        return text
    raise FileProblem("encoding")


def read_rows(data, filename, max_rows=DEFAULT_MAX_ROWS):
    """The non-empty rows of the file as lists of strings (the header row first), at most
    ``max_rows`` of them besides the header. A cell holding a formula reads as a :class:`Formula`."""
    if not data or not data.strip():
        raise FileProblem("empty")
    name = (filename or "").lower()
    if data.startswith(b"\xd0\xcf\x11\xe0") or name.endswith(".xls"):
        raise FileProblem("xls")
    if name.endswith((".xlsx", ".xlsm")) or data.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(data, max_rows)
    else:
        rows = _csv_rows(decode(data), max_rows)
    if not rows:
        raise FileProblem("empty")
    return rows


def _limited(rows, max_rows):
    """The non-empty rows, refused past the header and ``max_rows`` more (read no further)."""
    result = []
    for row in rows:
        if not any(row):
            continue
        if len(result) > max_rows:
            raise FileProblem("too_many_rows", limit=max_rows)
        result.append(row)
    return result


def _cell_text(cell):
    if cell.value is None:
        return ""
    if cell.data_type == "f":
        return Formula(str(cell.value).strip())
    return str(cell.value).strip()


def _xlsx_rows(data, max_rows):
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except XLSX_ERRORS as error:
        raise FileProblem("xlsx", why=type(error).__name__) from None
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise FileProblem("no_sheet")
        sheet = workbook.active if workbook.active in sheets else sheets[0]
        try:
            return _limited(([_cell_text(cell) for cell in row] for row in sheet.iter_rows()), max_rows)
        except FileProblem:
            raise
        except XLSX_ERRORS as error:
            raise FileProblem("xlsx", why=type(error).__name__) from None
    finally:
        workbook.close()


def _csv_rows(text, max_rows):
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:  # one column, or no delimiter the sniffer is sure of
        dialect = csv.excel
    try:
        return _limited(([cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)),
                        max_rows)
    except csv.Error as error:
        raise FileProblem("csv", why=str(error)) from None


def find_columns(header):
    """(index of the ID column, index of the category column) from the header row."""
    lowered = [cell.lower() for cell in header]

    def find(names):
        return next((i for i, cell in enumerate(lowered) if any(name in cell for name in names)), None)

    return find(ID_HEADERS), find(CATEGORY_HEADERS)


def split_categories(value):
    return [part.strip() for part in SEPARATORS.split(value or "") if part.strip()]
