"""CSV and XLSX exports of ideas and comments for the administration."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]

from participation import selectors
from participation.models import Project

Row = Sequence[Any]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def idea_rows(project: Project) -> tuple[list[str], list[Row]]:
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
        _("Official feedback"),
        _("Feedback given at"),
        _("Notes for moderators"),
    ]
    rows: list[Row] = []
    for idea in selectors.export_ideas(project):
        submitter = idea.submitter_name or (idea.author.display_name if idea.author else "")
        rows.append(
            [
                idea.pk,
                idea.title,
                idea.description,
                idea.category.name if idea.category else "",
                idea.get_status_display(),
                idea.get_source_display(),
                submitter,
                idea.submitted_on.isoformat() if idea.submitted_on else "",
                timezone.localtime(idea.created_at).strftime("%Y-%m-%d %H:%M"),
                getattr(idea, "support_count", 0),
                getattr(idea, "comment_count", 0),
                idea.location_lat if idea.location_lat is not None else "",
                idea.location_lon if idea.location_lon is not None else "",
                idea.location_text,
                _("yes") if idea.is_hidden or idea.hidden_by_reports else _("no"),
                idea.feedback,
                timezone.localtime(idea.feedback_at).strftime("%Y-%m-%d %H:%M") if idea.feedback_at else "",
                idea.moderator_notes,
            ]
        )
    return header, rows


def comment_rows(project: Project) -> tuple[list[str], list[Row]]:
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
                comment.parent_id or "",
                comment.author.display_name if comment.author else _("anonymous"),
                timezone.localtime(comment.created_at).strftime("%Y-%m-%d %H:%M"),
                comment.text,
                state,
            ]
        )
    return header, rows


def _safe(value: Any) -> Any:
    """Keep spreadsheet programs from running cell text as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_response(header: list[str], rows: Iterable[Row], *, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    # A BOM and semicolons let German Excel open the file with the right columns and umlauts.
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe(value) for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(header: list[str], rows: Iterable[Row], *, filename: str, title: str) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has a sheet
    sheet.title = title[:31]
    sheet.append(header)
    for row in rows:
        sheet.append([_safe(value) for value in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
