"""CSV and XLSX downloads that a spreadsheet program opens safely: one writer for every export.

Text typed by people (an idea's title, a volunteer's display name) may start with ``=``,
``+``, ``-``, ``@``, a tab or a line break, and Excel or LibreOffice would run it as a
formula (``=HYPERLINK("https://evil.example", "Klick")``). ``safe_cell`` puts an
apostrophe in front of such text, the spreadsheet programs' own sign for "this is text".
Numbers, dates and ``None`` pass unchanged. CSV files get a UTF-8 byte order mark and
semicolons, so that German Excel opens them with the right columns and umlauts.

XLSX cells carry their type, so text is stored as text and never as a formula (without a
visible apostrophe); characters that XML cannot hold are dropped instead of failing::

    return exports.csv_response(header, rows, filename="ideen.csv")
    return exports.xlsx_response(header, rows, filename="ideen.xlsx", title="Ideen")
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]

Row = Sequence[Any]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: Any) -> Any:
    """``value`` as a spreadsheet shows it as text: text that could start a formula gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def xlsx_text(value: str) -> str:
    """Text without the control characters an XLSX file cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    # Our file names are ASCII slugs; anything else is replaced so the header stays valid.
    response["Content-Disposition"] = f'attachment; filename="{re.sub(r"[^A-Za-z0-9._-]", "-", filename)}"'
    return response


def csv_response(header: Sequence[str], rows: Iterable[Row], *, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([safe_cell(value) for value in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return _attachment(HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8"), filename)


def xlsx_response(header: Sequence[str], rows: Iterable[Row], *, filename: str, title: str) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = xlsx_text(re.sub(r"[\[\]:*?/\\]", " ", title))[:31] or "Export"
    for values in (header, *rows):
        sheet.append([xlsx_text(value) if isinstance(value, str) else value for value in values])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # openpyxl reads text starting with "=" as a formula
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), filename)
