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
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

Row = Sequence[Any]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
MIN_WIDTH, MAX_WIDTH = 6, 60


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
        writer.writerow([safe_cell(csv_value(value)) for value in row])
    return _attachment(HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8"), filename)


def csv_value(value: Any) -> Any:
    """Dates and times as ISO text (``2026-03-01 08:05``), so every program reads them the same way."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _width(values: Iterable[Any]) -> float:
    longest = 0
    for value in values:
        if isinstance(value, dt.datetime):
            length = 16
        elif isinstance(value, dt.date):
            length = 10
        else:
            # Long texts wrap in their cell; their first line decides.
            length = len(str("" if value is None else value).split("\n", 1)[0])
        longest = max(longest, length)
    return max(MIN_WIDTH, min(MAX_WIDTH, longest + 2))


def xlsx_response(header: Sequence[str], rows: Iterable[Row], *, filename: str, title: str) -> HttpResponse:
    """A sheet that opens ready to work with: bold frozen header with filters, fitting widths, real dates.

    Give dates and times as ``date``/``datetime`` (naive, in local time: spreadsheets know no time
    zones); they become date cells shown as ``DD.MM.YYYY`` (``HH:MM``). Long texts wrap.
    """
    rows = list(rows)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = xlsx_text(re.sub(r"[\[\]:*?/\\]", " ", title))[:31] or "Export"
    for values in (header, *rows):
        sheet.append([xlsx_text(value) if isinstance(value, str) else value for value in values])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # openpyxl reads text starting with "=" as a formula
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, values in enumerate(zip(header, *rows, strict=True), start=1):
        letter = get_column_letter(column)
        width = _width(values)
        sheet.column_dimensions[letter].width = width
        for cell in sheet[letter][1:]:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT
            elif isinstance(cell.value, str) and width >= MAX_WIDTH:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), filename)
