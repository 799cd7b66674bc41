"""CSV and XLSX exports of ideas and comments for the administration.

A sheet opens ready to work with in Excel and LibreOffice: dates are real date cells,
columns have widths that fit their content, the header row is frozen and carries the
filter buttons. Moderators' internal notes are only included when the exporter asks.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from participation import selectors
from participation.models import Project

Row = Sequence[Any]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
MIN_WIDTH, MAX_WIDTH = 6, 60


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[Row]


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    """Spreadsheets know no time zones: a naive local time reads as what the city's clock showed."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def idea_rows(project: Project, *, with_notes: bool = False) -> Table:
    header = [
        _("ID"),
        _("Title"),
        _("Description"),
        _("Category"),
        _("Status"),
        _("Source"),
        _("Submitter"),
        _("Handed in on"),
        _("Created at"),
        _("Supports"),
        _("Comments"),
        _("Latitude"),
        _("Longitude"),
        _("Where exactly"),
        _("Hidden"),
        _("Duplicate of (ID)"),
        _("Official feedback"),
        _("Feedback given at"),
        _("Link"),
    ]
    if with_notes:
        header.append(_("Notes for moderators"))
    rows: list[Row] = []
    for idea in selectors.export_ideas(project):
        submitter = idea.submitter_name or (idea.author.display_name if idea.author else "")
        row = [
            idea.pk,
            idea.title,
            idea.description,
            idea.category.name if idea.category else "",
            idea.get_status_display(),
            idea.get_source_display(),
            submitter,
            idea.submitted_on,
            _local(idea.created_at),
            getattr(idea, "support_count", 0),
            getattr(idea, "comment_count", 0),
            idea.location_lat,
            idea.location_lon,
            idea.location_text,
            _("yes") if idea.is_hidden or idea.hidden_by_reports else _("no"),
            idea.duplicate_of_id,
            idea.feedback,
            _local(idea.feedback_at),
            f"{settings.SITE_URL}{idea.get_absolute_url()}",
        ]
        if with_notes:
            row.append(idea.moderator_notes)
        rows.append(row)
    return Table(header, rows)


def comment_rows(project: Project) -> Table:
    header = [_("ID"), _("Idea ID"), _("Idea"), _("Reply to"), _("Author"), _("Created at"), _("Text"), _("State")]
    rows: list[Row] = []
    for comment in selectors.export_comments(project):
        if comment.is_deleted:
            state = _("deleted by the author")
        elif comment.is_hidden or comment.hidden_by_reports:
            state = _("hidden by moderation")
        else:
            state = _("visible")
        rows.append(
            [
                comment.pk,
                comment.idea_id,
                comment.idea.title,
                comment.parent_id,
                comment.author.display_name if comment.author else _("anonymous"),
                _local(comment.created_at),
                comment.text,
                state,
            ]
        )
    return Table(header, rows)


def _safe(value: Any) -> Any:
    """Keep spreadsheet programs from running cell text as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return _safe(value)


def csv_response(table: Table, *, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    # A BOM and semicolons let German Excel open the file with the right columns and umlauts.
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([_csv_value(value) for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _width(values: Iterable[Any]) -> float:
    longest = 0
    for value in values:
        if isinstance(value, dt.datetime):
            length = 16
        elif isinstance(value, dt.date):
            length = 10
        else:
            # Long texts wrap in their cell; their first line decides.
            length = len(str(value or "").split("\n", 1)[0])
        longest = max(longest, length)
    return max(MIN_WIDTH, min(MAX_WIDTH, longest + 2))


def xlsx_response(table: Table, *, filename: str, title: str) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has a sheet
    sheet.title = title[:31]
    sheet.append(table.header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_safe(value) for value in row])
    for column, values in enumerate(zip(table.header, *table.rows, strict=True), start=1):
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
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
