"""German and English catalogues are complete, not fuzzy, and compiled from the current texts."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(
    path
    for path in ROOT.glob("**/locale/*/LC_MESSAGES/django.po")
    if ".venv" not in path.parts and "var" not in path.parts
)


def test_there_is_a_german_and_an_english_catalogue_for_the_project() -> None:
    names = {str(path.relative_to(ROOT)) for path in CATALOGUES}
    assert "locale/de/LC_MESSAGES/django.po" in names
    assert "locale/en/LC_MESSAGES/django.po" in names


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_is_translated_and_none_is_fuzzy(path: Path) -> None:
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated in {path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy[:10]}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_compiled_catalogue_matches_its_source(path: Path) -> None:
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.pofile(str(path)).translated_entries()}
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(path.with_suffix(".mo")))}
    compiled.pop((None, ""), None)  # the header
    assert compiled == source, f"{path.with_suffix('.mo')} is stale: run `make messages`"


TEMPLATE_DIRS = [p for p in ROOT.glob("*/templates") if ".venv" not in p.parts] + [ROOT / "templates"]


def test_no_template_writes_a_date_the_german_way_in_every_language() -> None:
    # "1. December" is German punctuation around an English month: formats go through the catalogue
    # (``date:_("j F Y")``), whose German entry adds the full stop.
    german_only = re.compile(r'date:"[^"]*j\.')
    found = [
        str(path.relative_to(ROOT))
        for folder in TEMPLATE_DIRS
        for path in folder.rglob("*")
        if path.suffix in {".html", ".txt"} and german_only.search(path.read_text())
    ]
    assert not found


@pytest.mark.django_db
def test_an_idea_page_gives_its_date_the_way_each_language_writes_it(client: Any) -> None:
    from django.utils import timezone, translation

    from participation.models import Idea
    from tests.factories import ProjectFactory
    from tests.participation.factories import IdeaFactory

    idea = IdeaFactory.create(project=ProjectFactory.create())
    moment = timezone.make_aware(dt.datetime(2026, 12, 1, 10, 0))
    Idea.objects.filter(pk=idea.pk).update(created_at=moment, updated_at=moment)
    # The middleware activates the request's language for the thread: give the next test German back.
    with translation.override("de"):
        german = client.get(idea.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de").content.decode()
        english = client.get(idea.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1. Dezember 2026" in german
    assert "1 December 2026" in english
    assert "1. December" not in english
