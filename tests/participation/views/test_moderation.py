"""Moderation sees everything before deciding: picture, place, the author's other ideas, similar ideas; duplicates."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from participation.models import Idea
from tests.factories import UserFactory, moderator_of
from tests.participation.conftest import MODERATING_ROLES, ROLES
from tests.participation.factories import INSIDE, IdeaFactory, SupportFactory, picture, retitle

pytestmark = pytest.mark.django_db

QUEUE = reverse("participation:moderation")


def _moderate_url(idea: Idea) -> str:
    return reverse("participation:idea-moderate", args=[idea.project.slug, idea.pk])


def test_the_queue_shows_picture_place_and_the_authors_other_ideas_before_approving(signed_in, project):
    author = UserFactory.create(display_name="Brigitte Bürgerin")
    IdeaFactory.create(project=project, author=author, title="Frühere Idee")
    waiting = IdeaFactory.create(
        project=project,
        author=author,
        title="Kiosk mit Café",
        status=Idea.Status.SUBMITTED,
        image=picture("kiosk.png"),
        location_lat=INSIDE[0],
        location_lon=INSIDE[1],
        location_text="an der Treppe",
    )
    html = signed_in(moderator_of(project)).get(QUEUE).content.decode()
    assert f'src="{waiting.image.url}"' in html
    assert 'alt="Mit der Idee „Kiosk mit Café“ gesendetes Bild"' in html
    assert 'data-map="point"' in html and f'data-lat="{INSIDE[0]:f}"' in html
    assert "an der Treppe" in html and "49,44470 / 7,76890" in html
    assert "Brigitte Bürgerin" in html and "1 weitere Idee" in html


def test_deciding_in_the_queue_leads_to_the_next_waiting_idea(signed_in, project):
    first, second = IdeaFactory.create_batch(2, project=project, status=Idea.Status.SUBMITTED)
    client = signed_in(moderator_of(project))
    html = client.get(QUEUE).content.decode()
    assert f'value="{QUEUE}#idea-{second.pk}"' in html
    response = client.post(_moderate_url(first), {"action": "approve", "next": f"{QUEUE}#idea-{second.pk}"})
    assert response["Location"] == f"{QUEUE}#idea-{second.pk}"
    first.refresh_from_db()
    assert first.status == Idea.Status.PUBLISHED


def test_rejecting_from_the_queue_with_an_official_answer(signed_in, project):
    idea = IdeaFactory.create(project=project, status=Idea.Status.SUBMITTED)
    signed_in(moderator_of(project)).post(
        _moderate_url(idea), {"action": "reject", "feedback": "Liegt außerhalb des Platzes.", "next": QUEUE}
    )
    idea.refresh_from_db()
    assert (idea.status, idea.feedback) == (Idea.Status.REJECTED, "Liegt außerhalb des Platzes.")


def test_the_moderation_page_lists_similar_ideas_the_authors_ideas_and_the_edit_history(signed_in, project):
    author = UserFactory.create()
    IdeaFactory.create(project=project, title="Trinkbrunnen am Theater", description="Frisches Wasser für alle.")
    IdeaFactory.create(project=project, title="Fahrradbügel", description="Mehr Platz für Räder.")
    other = IdeaFactory.create(project=project, author=author, title="Boule-Bahn")
    idea = IdeaFactory.create(
        project=project, author=author, title="Trinkbrunnen", description="Wasser", status=Idea.Status.SUBMITTED
    )
    retitle(idea, title="Ein Trinkbrunnen")
    html = signed_in(moderator_of(project)).get(_moderate_url(idea)).content.decode()
    similar = html[html.index('id="similar-heading"') : html.index('id="others-heading"')]
    assert "Trinkbrunnen am Theater" in similar and "Fahrradbügel" not in similar
    others = html[html.index('id="others-heading"') : html.index('id="history-heading"')]
    assert _moderate_url(other) in others
    history = html[html.index('id="history-heading"') :]
    assert "<del>Trinkbrunnen</del>" in history and "<ins>Ein Trinkbrunnen</ins>" in history


def test_a_moderator_marks_a_duplicate_and_supports_are_counted_together(signed_in, project):
    original = IdeaFactory.create(project=project, title="Trinkbrunnen")
    duplicate = IdeaFactory.create(project=project, title="Wasserspender")
    both = UserFactory.create()
    SupportFactory.create(idea=original, user=both)
    SupportFactory.create(idea=duplicate, user=both)
    SupportFactory.create_batch(2, idea=duplicate)
    client = signed_in(moderator_of(project))
    response = client.post(_moderate_url(duplicate), {"action": "duplicate", "original": original.pk})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == original
    html = client.get(_moderate_url(original)).content.decode()
    assert "Wasserspender" in html
    assert "<dd>3 (" in html, "one person supporting both is counted once"
    client.post(_moderate_url(duplicate), {"action": "not-duplicate"})
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of is None


@pytest.mark.parametrize("original", ["self", "other-project", "missing", ""])
def test_a_wrong_original_is_refused_with_a_message(signed_in, project, other_project, original):
    idea = IdeaFactory.create(project=project)
    choice = {
        "self": idea.pk,
        "other-project": IdeaFactory.create(project=other_project).pk,
        "missing": 999_999,
        "": "",
    }[original]
    response = signed_in(moderator_of(project)).post(_moderate_url(idea), {"action": "duplicate", "original": choice})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Bitte eine gültige Auswahl treffen" in html or "Dieses Feld ist zwingend erforderlich" in html
    idea.refresh_from_db()
    assert idea.duplicate_of is None


def test_marking_an_original_as_duplicate_moves_its_duplicates_along(project):
    from participation import duplicates

    moderator = moderator_of(project)
    first, second, third = IdeaFactory.create_batch(3, project=project)
    duplicates.idea_mark_duplicate(idea=third, original=second, moderator=moderator)
    duplicates.idea_mark_duplicate(idea=second, original=first, moderator=moderator)
    third.refresh_from_db()
    assert third.duplicate_of == first, "no chains: every duplicate points to the one original"
    with pytest.raises(ValidationError):
        duplicates.idea_mark_duplicate(idea=first, original=third, moderator=moderator)
    first.refresh_from_db()
    assert first.duplicate_of is None, "an original cannot become a duplicate of its own duplicate"


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_of_the_project_mark_duplicates(role, client_as, world):
    project = world.project_x
    original, idea = IdeaFactory.create_batch(2, project=project)
    client, user = client_as(role)
    response = client.post(_moderate_url(idea), {"action": "duplicate", "original": original.pk})
    idea.refresh_from_db()
    if role in MODERATING_ROLES:
        assert response.status_code == 302 and idea.duplicate_of == original
    else:
        assert response.status_code == (302 if user is None else 403)
        assert idea.duplicate_of is None
