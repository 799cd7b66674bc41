"""The idea list counts without counting every idea: a stored total, a capped count for filtered lists."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from participation.models import Idea, Phase
from tests.factories import ProjectFactory, UserFactory
from tests.participation.factories import CategoryFactory, IdeaFactory

pytestmark = pytest.mark.django_db


def test_the_heading_counts_the_public_ideas_and_a_persons_own_waiting_ones(client: Any, signed_in: Any) -> None:
    project = ProjectFactory.create(phase=Phase.Kind.COLLECTION)
    IdeaFactory.create_batch(2, project=project)
    author = UserFactory.create()
    IdeaFactory.create(project=project, author=author, status=Idea.Status.SUBMITTED, title="Meine wartende Idee")
    url = reverse("participation:idea-list", args=[project.slug])
    assert "2 Ideen" in client.get(url).content.decode()
    mine = signed_in(author).get(url).content.decode()
    assert "3 Ideen" in mine and "Meine wartende Idee" in mine


def test_a_filtered_list_counts_its_matches(client: Any) -> None:
    project = ProjectFactory.create(phase=Phase.Kind.COLLECTION)
    green = CategoryFactory.create(project=project, name="Grün")
    IdeaFactory.create_batch(3, project=project, category=green)
    IdeaFactory.create(project=project)
    html = client.get(reverse("participation:idea-list", args=[project.slug]), {"category": green.pk}).content.decode()
    assert "3 Ideen" in html and f'value="{green.pk}" selected' in html


def test_a_filtered_list_stops_counting_at_the_cap(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("participation.selectors.COUNT_CAP", 2)
    project = ProjectFactory.create(phase=Phase.Kind.COLLECTION)
    IdeaFactory.create_batch(4, project=project, title="Bank am Brunnen")
    html = client.get(reverse("participation:idea-list", args=[project.slug]), {"q": "Bank"}).content.decode()
    assert "Mehr als 2 Ideen" in html


def test_unknown_filter_values_are_ignored_as_the_form_would(client: Any) -> None:
    project = ProjectFactory.create(phase=Phase.Kind.COLLECTION)
    IdeaFactory.create(project=project, title="Trinkbrunnen")
    url = reverse("participation:idea-list", args=[project.slug])
    response = client.get(url, {"category": "999", "status": "erfunden", "sort": "zufall", "page": "x"})
    assert response.status_code == 200 and "Trinkbrunnen" in response.content.decode()
