"""The idea page's comments, put together in Python (participation.rendering), say what Django's filters said."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.template import engines
from django.utils import html as django_html
from django.utils import timezone, translation
from django.utils.text import Truncator

from core import html as core_html
from participation import rendering, selectors
from participation.models import Idea, IdeaEdit, Phase
from tests.factories import ProjectFactory, UserFactory
from tests.participation.factories import CategoryFactory, CommentFactory, IdeaFactory, picture

TEXTS = [
    "",
    "Eine Zeile",
    "Zwei\nZeilen",
    "Absatz eins\n\nAbsatz zwei\n\n\n\nAbsatz drei",
    "Windows\r\nZeilen\r\n\r\nund Mac\rZeilen\r\r",
    "\n\nvorn und hinten\n\n",
    "<script>alert('x')</script> & \"Anführung\" 'einfach'",
    "Über {Klammern} %(name)s und 100 %",
]


@pytest.mark.parametrize("text", TEXTS)
def test_paragraphs_are_djangos_linebreaks(text: str) -> None:
    assert rendering.paragraphs(text) == django_html.linebreaks(text, autoescape=True)


@pytest.mark.parametrize("value", [*TEXTS, 17, None, translation.gettext_lazy("Status")])
def test_escape_is_djangos_escape(value: Any) -> None:
    # The cards, comments and idea text are escaped by core.html.escape, not by a template.
    assert core_html.escape(value) == str(django_html.escape(value))


def test_a_row_from_a_driver_with_text_dates_is_the_same_as_from_postgresql() -> None:
    moment = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)
    text_row = (1, None, 2, "Erna", "Hallo", "2026-03-01 09:30:00", None, 0, 1, "Spam", 0, "2026-03-01 09:30:00")
    row = selectors._comment_row(text_row)
    assert not row.is_visible
    assert row == selectors.CommentRow(1, None, 2, "Erna", "Hallo", moment, None, False, True, "Spam", False, moment)


@pytest.mark.django_db
def test_every_kind_of_comment_shows_what_it_should(client: Any) -> None:
    idea = IdeaFactory.create(project=ProjectFactory.create(phase=Phase.Kind.RATING))
    start = timezone.now() - dt.timedelta(hours=3)

    def comment(minutes: int, **fields: Any) -> Any:
        return CommentFactory.create(idea=idea, created_at=start + dt.timedelta(minutes=minutes), **fields)

    named = comment(1, author=UserFactory.create(display_name="Erna <Beispiel>"), text="Erste\n\nZweite & mehr")
    comment(2, author=UserFactory.create(display_name=""), text="Ohne Namen")
    comment(3, author=None, text="Ohne Konto")
    comment(4, text="Geändert", edited_at=start + dt.timedelta(hours=1))
    comment(5, text="Gelöscht", is_deleted=True)
    comment(6, text="Versteckt", is_hidden=True, hidden_reason="Werbung <b>")
    comment(7, text="Gemeldet", hidden_by_reports=True)
    comment(8, parent=named, text="Eine Antwort")
    with translation.override("de"):
        html = client.get(idea.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<strong>Erna &lt;Beispiel&gt;</strong>" in html
    assert "<p>Erste</p>\n\n<p>Zweite &amp; mehr</p>" in html
    assert "<strong>Eine teilnehmende Person</strong>" in html
    assert "<strong>anonym</strong>" in html
    assert '<span class="muted">(bearbeitet)</span>' in html
    assert "Gelöscht" not in html and "Versteckt" not in html and "Gemeldet" not in html
    assert "Werbung &lt;b&gt;</p>" in html
    assert 'class="plain-list replies"><li><article class="comment comment--reply"' in html and "Eine Antwort" in html
    local = timezone.localtime(named.created_at)
    assert f'<time datetime="{local.isoformat()}">' in html


@pytest.mark.parametrize(
    "text",
    [
        "",
        "kurz",
        " ".join(f"Wort{n}" for n in range(30)),
        " ".join(f"Wort{n}" for n in range(31)),
        "  viele\n\nZeilen\tund   Leerzeichen " * 12,
        " ".join(["…"] * 40),
        " ".join(f"w{n}" for n in range(29)) + " … danach",
    ],
)
def test_first_words_are_the_truncators(text: str) -> None:
    assert rendering.first_words(text, 30) == Truncator(text).words(30, truncate=" …")


# The idea's part of its page as the page's template laid it out before it was put together in Python.
_IDEA_TEXT_TEMPLATE = Path(__file__).with_name("idea_text_template.html")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
def test_the_idea_text_is_what_the_template_made(language: str, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    project = ProjectFactory.create(phase=Phase.Kind.RATING)
    category = CategoryFactory.create(project=project, name="Bänke & <Wege>")
    original = IdeaFactory.create(project=project, title="Die erste <Idee>")
    ideas = [
        IdeaFactory.create(project=project, description="Ein\n\nText & mehr\r\nZeile", category=category),
        IdeaFactory.create(project=project, status=Idea.Status.SUBMITTED, author=UserFactory.create(display_name="")),
        IdeaFactory.create(project=project, is_hidden=True, hidden_reason="Werbung <b>", author=None),
        IdeaFactory.create(project=project, hidden_by_reports=True, location_text='Am "Brunnen"'),
        IdeaFactory.create(project=project, duplicate_of=original, title="Noch einmal"),
        IdeaFactory.create(project=project, source=Idea.Source.POSTCARD, submitted_on=dt.date(2026, 3, 9)),
        IdeaFactory.create(project=project, source=Idea.Source.PHONE, submitted_on=None, image=picture()),
    ]
    IdeaFactory.create(project=project, duplicate_of=original, title="Zwilling")
    IdeaEdit.objects.create(idea=ideas[0], editor=ideas[0].author, changes={"title": ["a", "b"]})
    template = engines["django"].from_string(_IDEA_TEXT_TEMPLATE.read_text())
    with translation.override(language):
        administrator = UserFactory.create(is_superuser=True)
        for pk in [original.pk, *(idea.pk for idea in ideas)]:
            idea = selectors.idea_for(administrator, project, pk)
            on_its_page = selectors.idea_page(administrator, project.slug, pk)[1]  # with names only
            assert idea is not None and on_its_page is not None
            assert rendering._idea_text(idea) == rendering._idea_text(on_its_page) == template.render({"idea": idea})
