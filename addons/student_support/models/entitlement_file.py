"""Reading the lists of ID numbers and hardship categories that the county or the
province sends for auto-entitlement (免申即享). No ORM: tested directly.

Files arrive as xlsx, or csv in UTF-8 or in GBK/GB18030 (seed 002 shows one
mis-decoded): the encoding is detected, never assumed.
"""

import csv
import io
import re

ID_HEADERS = ("身份证", "证件号", "national_id", "id number", "id_number")
CATEGORY_HEADERS = ("困难类型", "类型", "类别", "category", "categories")
SEPARATORS = re.compile(r"[,，、;；/|]+")


def decode(data):
    """Text of a csv file: UTF-8 (with or without BOM), else GB18030 (a superset of GBK)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("encoding")


def read_rows(data, filename):
    """All rows of the file as lists of strings (the header row first)."""
    if (filename or "").lower().endswith((".xlsx", ".xlsm")):
        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        return [["" if cell is None else str(cell).strip() for cell in row]
                for row in sheet.iter_rows(values_only=True)]
    text = decode(data)
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]


def find_columns(header):
    """(index of the ID column, index of the category column) from the header row."""
    lowered = [cell.lower() for cell in header]

    def find(names):
        return next((i for i, cell in enumerate(lowered) if any(name in cell for name in names)), None)

    return find(ID_HEADERS), find(CATEGORY_HEADERS)


def split_categories(value):
    return [part.strip() for part in SEPARATORS.split(value or "") if part.strip()]
