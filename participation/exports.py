"""The rows of the exports of ideas and comments for the administration.

The files are written by ``core.exports`` (safe cells, real dates, widths, filters, a
frozen header). Moderators' internal notes are only included when the exporter asks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import exports
from core.exports import Row
from participation import selectors
from participation.models import Project


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


def csv_response(table: Table, *, filename: str) -> HttpResponse:
    return exports.csv_response(table.header, table.rows, filename=filename)


def xlsx_response(table: Table, *, filename: str, title: str) -> HttpResponse:
    return exports.xlsx_response(table.header, table.rows, filename=filename, title=title)
