"""The idea page and list for people who come back: why a button is missing, duplicates, following, one's own idea."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from participation import duplicates
from participation.models import Idea, Phase
from tests.factories import ProjectFactory, UserFactory, moderator_of
from tests.participation.factories import IdeaFactory, SupportFactory, retitle

pytestmark = pytest.mark.django_db


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_during_the_collection_the_page_says_why_there_is_no_support_button(client, signed_in, project):
    idea = IdeaFactory.create(project=project)
    for visitor in (client, signed_in(UserFactory.create())):
        html = _html(visitor, idea.get_absolute_url())
        assert "Diese Idee unterstützen" not in html
        assert "In diesem Projekt ist das Unterstützen von Ideen nicht vorgesehen." in html


def test_in_the_rating_phase_the_button_is_there_and_no_rule_is_shown(signed_in):
    idea = IdeaFactory.create(project=ProjectFactory.create(phase=Phase.Kind.RATING))
    html = _html(signed_in(UserFactory.create()), idea.get_absolute_url())
    assert "Diese Idee unterstützen" in html
    assert "vorgesehen" not in html and "möglich" not in html


def test_after_rating_the_page_says_when_comments_were_possible(signed_in):
    project = ProjectFactory.create(phase=Phase.Kind.EVALUATION)
    today = timezone.localdate()
    Phase.objects.create(
        project=project, kind="rating", starts_on=today - dt.timedelta(days=20), ends_on=today - dt.timedelta(days=8)
    )
    idea = IdeaFactory.create(project=project)
    html = _html(signed_in(UserFactory.create()), idea.get_absolute_url())
    ended = date_format(today - dt.timedelta(days=8), "j. F Y")
    assert f"Kommentare waren bis zum {ended} möglich." in html
    assert "prüft die Stadt die Ideen und beantwortet sie." in html


def test_a_duplicate_links_to_its_original_and_both_show_the_supports_together(client, project):
    original = IdeaFactory.create(project=project, title="Trinkwasserbrunnen")
    duplicate = IdeaFactory.create(project=project, title="Trinkbrunnen vor dem Theater")
    SupportFactory.create_batch(2, idea=original)
    SupportFactory.create_batch(3, idea=duplicate)
    duplicates.idea_mark_duplicate(idea=duplicate, original=original, moderator=moderator_of(project))
    html = _html(client, duplicate.get_absolute_url())
    assert f'href="{original.get_absolute_url()}">Trinkwasserbrunnen</a>' in html
    original_html = _html(client, original.get_absolute_url())
    assert "Dasselbe wurde auch vorgeschlagen in:" in original_html
    assert f'href="{duplicate.get_absolute_url()}">Trinkbrunnen vor dem Theater</a>' in original_html
    list_html = _html(client, reverse("participation:idea-list", args=[project.slug]))
    assert '<span class="badge">Duplikat</span>' in list_html


def test_a_signed_in_person_follows_and_unfollows_from_the_idea_page(signed_in, project):
    idea = IdeaFactory.create(project=project)
    client = signed_in(UserFactory.create())
    assert "Dieser Idee folgen" in _html(client, idea.get_absolute_url())
    client.post(reverse("participation:idea-follow", args=[project.slug, idea.pk]))
    assert "Dieser Idee nicht mehr folgen" in _html(client, idea.get_absolute_url())


def test_anonymous_visitors_get_no_follow_form(client, project):
    idea = IdeaFactory.create(project=project)
    assert "Dieser Idee folgen" not in _html(client, idea.get_absolute_url())


def test_the_author_finds_change_and_withdraw_on_her_page_and_everyone_sees_that_she_changed_it(
    client, signed_in, project
):
    author = UserFactory.create()
    idea = IdeaFactory.create(project=project, author=author, title="Bänke")
    html = _html(signed_in(author), idea.get_absolute_url())
    assert reverse("participation:idea-edit", args=[project.slug, idea.pk]) in html
    assert reverse("participation:idea-withdraw", args=[project.slug, idea.pk]) in html
    retitle(idea, title="Bänke mit Lehne")
    client.logout()
    assert "Vom Verfasser geändert" in _html(client, idea.get_absolute_url())


def test_the_public_filter_offers_no_status_it_cannot_see_and_moderators_get_all(client, signed_in, project):
    url = reverse("participation:idea-list", args=[project.slug])
    public = _html(client, url)
    assert 'value="submitted"' not in public and 'value="withdrawn"' not in public
    assert 'value="accepted"' in public
    moderator = _html(signed_in(moderator_of(project)), url)
    assert 'value="submitted"' in moderator and 'value="withdrawn"' in moderator


def test_exporters_choose_whether_internal_notes_go_into_the_file(signed_in, project):
    html = _html(signed_in(moderator_of(project)), reverse("participation:results", args=[project.slug]))
    assert 'name="notizen" value="1"' in html
    assert Idea.objects.count() == 0
