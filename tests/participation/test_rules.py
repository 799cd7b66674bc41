"""Refusals name the phase rule and say when the next step opens, on the pages and in the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from participation import rules
from participation.models import Idea, Phase
from tests.factories import ProjectFactory, UserFactory, moderator_of
from tests.participation.factories import IdeaFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _project_after_collection():
    """Ideas were collected until yesterday; now people support them for two weeks, then the city evaluates."""
    project = ProjectFactory.create()
    day = dt.timedelta(days=1)
    Phase.objects.create(project=project, kind="collection", starts_on=TODAY - 30 * day, ends_on=TODAY - day)
    Phase.objects.create(project=project, kind="rating", starts_on=TODAY, ends_on=TODAY + 14 * day)
    Phase.objects.create(project=project, kind="evaluation", starts_on=TODAY + 15 * day, ends_on=TODAY + 40 * day)
    return project


def _day(offset: int) -> str:
    from django.utils.formats import date_format

    return date_format(TODAY + dt.timedelta(days=offset), "j. F Y")


def test_after_the_collection_the_idea_form_says_when_it_ended_and_what_one_can_do_now(client, signed_in):
    project = _project_after_collection()
    url = reverse("participation:idea-create", args=[project.slug])
    for visitor in (client, signed_in(UserFactory.create())):
        response = visitor.get(url)
        assert response.status_code == 403
        html = response.content.decode()
        assert "Rolle" not in html, "it is the phase, not the account"
        assert f"bis zum {_day(-1)} möglich" in html
        assert f"Bis zum {_day(14)} können Sie die Ideen unterstützen und kommentieren." in html
        assert project.get_absolute_url() in html


def test_before_the_collection_the_refusal_says_when_it_opens():
    project = ProjectFactory.create()
    Phase.objects.create(
        project=project, kind="collection", starts_on=TODAY + dt.timedelta(days=5), ends_on=TODAY + dt.timedelta(days=9)
    )
    message = rules.submit_refusal(UserFactory.create(), project)
    assert message == f"Das Einreichen von Ideen ist ab dem {_day(5)} bis zum {_day(9)} möglich."


def test_moderators_may_submit_in_any_phase_and_during_collection_nobody_is_refused(project):
    after = _project_after_collection()
    assert rules.submit_refusal(moderator_of(after), after) is None
    assert rules.submit_refusal(UserFactory.create(), project) is None


def test_the_missing_support_button_is_explained(project):
    citizen = UserFactory.create()
    idea = IdeaFactory.create(project=project)
    assert rules.support_refusal(citizen, idea) == "In diesem Projekt ist das Unterstützen von Ideen nicht vorgesehen."
    Phase.objects.create(
        project=project, kind="rating", starts_on=TODAY + dt.timedelta(days=8), ends_on=TODAY + dt.timedelta(days=20)
    )
    project.refresh_from_db()
    idea = Idea.objects.get(pk=idea.pk)
    assert rules.support_refusal(citizen, idea) == (
        f"Das Unterstützen von Ideen ist ab dem {_day(8)} bis zum {_day(20)} möglich."
    )
    rating = ProjectFactory.create(phase=Phase.Kind.RATING)
    rated = IdeaFactory.create(project=rating)
    assert rules.support_refusal(citizen, rated) is None
    assert rules.support_refusal(None, rated) == "Bitte melden Sie sich an, um Ideen zu unterstützen."
    duplicate = IdeaFactory.create(project=rating, duplicate_of=rated)
    assert "Duplikat" in str(rules.support_refusal(citizen, duplicate))


def test_the_api_refuses_with_the_same_words(project):
    after = _project_after_collection()
    client = APIClient()
    client.force_authenticate(UserFactory.create())
    response = client.post("/api/ideas/", {"project": after.slug, "title": "Bank", "description": "x"}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Das Einreichen von Ideen war vom")
    idea = IdeaFactory.create(project=project, status=Idea.Status.PUBLISHED)
    support = client.post("/api/supports/", {"idea": idea.pk}, format="json")
    assert support.status_code == 403 and "Unterstützen" in support.json()["detail"]
