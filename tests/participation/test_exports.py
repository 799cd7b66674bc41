"""Exports that open right in Excel and LibreOffice: real dates, widths, filters, a frozen header; notes on request."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook  # type: ignore[import-untyped]

from participation.models import Idea
from tests.factories import moderator_of
from tests.participation.conftest import MODERATING_ROLES, ROLES
from tests.participation.factories import CommentFactory, IdeaFactory

pytestmark = pytest.mark.django_db


def _export(client, project, what: str = "ideen", fmt: str = "xlsx", **params: str):
    return client.get(reverse("participation:export", args=[project.slug, what, fmt]), params)


def _sheet(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_the_idea_workbook_has_real_dates_widths_filters_and_a_frozen_header(signed_in, project):
    created = timezone.make_aware(dt.datetime(2026, 10, 14, 9, 30))
    IdeaFactory.create(
        project=project,
        title="Trinkbrunnen",
        description="Ein langer Text. " * 20,
        source=Idea.Source.POSTCARD,
        submitted_on=dt.date(2026, 10, 13),
        created_at=created,
    )
    sheet = _sheet(_export(signed_in(moderator_of(project)), project))
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, list(sheet[2]), strict=True))
    assert row["Erstellt am"].value == dt.datetime(2026, 10, 14, 9, 30)
    assert row["Erstellt am"].number_format == "DD.MM.YYYY HH:MM"
    assert row["Abgegeben am"].value == dt.datetime(2026, 10, 13, 0, 0)
    assert row["Abgegeben am"].number_format == "DD.MM.YYYY"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == sheet.dimensions
    assert all(cell.font.bold for cell in sheet[1])
    widths = {
        sheet.cell(1, column).value: sheet.column_dimensions[sheet.cell(1, column).column_letter].width
        for column in range(1, len(header) + 1)
    }
    assert widths["Titel"] < widths["Beschreibung"] == 60
    assert row["Beschreibung"].alignment.wrap_text
    assert row["Link"].value.endswith(f"/mitwirkung/{project.slug}/ideen/{row['ID'].value}/")


def test_internal_notes_leave_the_site_only_when_asked_for(signed_in, project):
    IdeaFactory.create(project=project, moderator_notes="Anwohnerin hat angerufen")
    client = signed_in(moderator_of(project))
    for fmt in ("xlsx", "csv"):
        plain = _export(client, project, fmt=fmt)
        text = plain.content.decode("utf-8-sig") if fmt == "csv" else str([c.value for r in _sheet(plain) for c in r])
        assert "Anwohnerin hat angerufen" not in text and "Notizen für die Moderation" not in text
    with_notes = _sheet(_export(client, project, notizen="1"))
    assert with_notes.cell(1, with_notes.max_column).value == "Notizen für die Moderation"
    assert with_notes.cell(2, with_notes.max_column).value == "Anwohnerin hat angerufen"


def test_the_csv_keeps_dates_readable_and_neutralises_formulas(signed_in, project):
    IdeaFactory.create(
        project=project, title="=HYPERLINK(1)", created_at=timezone.make_aware(dt.datetime(2026, 3, 1, 8, 5))
    )
    rows = list(
        csv.reader(
            io.StringIO(_export(signed_in(moderator_of(project)), project, fmt="csv").content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert rows[1][1] == "'=HYPERLINK(1)"
    assert rows[1][8] == "2026-03-01 08:05"


def test_the_comment_workbook_dates_are_dates_too(signed_in, project):
    CommentFactory.create(idea=IdeaFactory.create(project=project), text="Gute Idee")
    sheet = _sheet(_export(signed_in(moderator_of(project)), project, what="kommentare"))
    assert isinstance(sheet.cell(2, 6).value, dt.datetime)
    assert sheet.auto_filter.ref == sheet.dimensions


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_of_the_project_export_and_see_notes(role, client_as, world):
    project = world.project_x
    IdeaFactory.create(project=project, moderator_notes="intern")
    client, user = client_as(role)
    response = _export(client, project, fmt="csv", notizen="1")
    if role in MODERATING_ROLES:
        assert response.status_code == 200 and "intern" in response.content.decode("utf-8-sig")
    else:
        assert response.status_code == (302 if user is None else 403)


def test_results_label_weeks_with_their_dates(client, project):
    IdeaFactory.create(project=project, created_at=timezone.make_aware(dt.datetime(2026, 10, 15, 12, 0)))
    html = client.get(reverse("participation:results", args=[project.slug])).content.decode()
    assert "12.10.2026 – 18.10.2026" in html
    assert "2026-W42" not in html
