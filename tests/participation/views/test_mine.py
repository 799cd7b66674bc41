"""My ideas: a person's own ideas with what happened to them, changing them with a history, withdrawing them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.models import Idea, IdeaEdit, IdeaFollower, Phase
from tests.factories import ProjectFactory, UserFactory
from tests.participation.conftest import ROLES
from tests.participation.factories import INSIDE, OUTSIDE, CommentFactory, IdeaFactory, SupportFactory

pytestmark = pytest.mark.django_db

MY_IDEAS = reverse("participation:my-ideas")


def _edit_url(idea: Idea) -> str:
    return reverse("participation:idea-edit", args=[idea.project.slug, idea.pk])


def _withdraw_url(idea: Idea) -> str:
    return reverse("participation:idea-withdraw", args=[idea.project.slug, idea.pk])


def _edit_data(idea: Idea, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": idea.title,
        "description": idea.description,
        "category": "",
        "location_text": idea.location_text,
        "location_lat": "",
        "location_lon": "",
    }
    data.update(changes)
    return data


def test_my_ideas_shows_only_my_own_ideas_with_status_supports_comments_and_answer(signed_in, project, other_project):
    me = UserFactory.create()
    answered = IdeaFactory.create(
        project=project, author=me, title="Trinkbrunnen", status=Idea.Status.ACCEPTED, feedback="Kommt 2027."
    )
    waiting = IdeaFactory.create(project=other_project, author=me, title="Hundewiese", status=Idea.Status.SUBMITTED)
    IdeaFactory.create(project=project, title="Fremde Idee")
    SupportFactory.create_batch(3, idea=answered)
    CommentFactory.create_batch(2, idea=answered)
    html = signed_in(me).get(MY_IDEAS).content.decode()
    assert "Trinkbrunnen" in html and "Hundewiese" in html and "Fremde Idee" not in html
    assert "3 Unterstützungen" in html and "2 Kommentare" in html
    assert "Kommt 2027." in html
    assert "Bis dahin sehen nur Sie sie." in html
    assert _edit_url(waiting) in html, "a waiting idea can still be changed"
    assert _edit_url(answered) not in html and _withdraw_url(answered) not in html, "a decided idea stays"


def test_my_ideas_is_in_the_navigation_and_the_profile_for_signed_in_people_only(client, signed_in):
    assert MY_IDEAS not in client.get("/").content.decode()
    client = signed_in(UserFactory.create())
    assert f'href="{MY_IDEAS}"' in client.get("/").content.decode()
    assert f'href="{MY_IDEAS}"' in client.get(reverse("accounts:profile")).content.decode()


def test_an_author_changes_her_waiting_idea_and_moderators_get_the_history(signed_in, project):
    me = UserFactory.create()
    idea = IdeaFactory.create(project=project, author=me, title="Bänke", status=Idea.Status.SUBMITTED)
    response = signed_in(me).post(
        _edit_url(idea),
        _edit_data(idea, title="Bänke mit Lehne", location_lat=INSIDE[0], location_lon=INSIDE[1]),
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Bänke mit Lehne" and idea.has_location
    edit = IdeaEdit.objects.get(idea=idea)
    assert edit.editor == me
    assert edit.changes["title"] == ["Bänke", "Bänke mit Lehne"]
    assert edit.changes["location"][0] == ""


def test_saving_without_changes_writes_no_history(signed_in, project):
    me = UserFactory.create()
    idea = IdeaFactory.create(project=project, author=me)
    signed_in(me).post(_edit_url(idea), _edit_data(idea))
    assert not IdeaEdit.objects.exists()


def test_a_wrong_change_is_refused_with_a_message_and_the_form_keeps_what_was_typed(signed_in, project):
    me = UserFactory.create()
    idea = IdeaFactory.create(project=project, author=me, title="Bänke")
    client = signed_in(me)
    response = client.post(_edit_url(idea), _edit_data(idea, title="", description="Neuer Text, bitte behalten"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in html
    assert "Neuer Text, bitte behalten" in html
    response = client.post(_edit_url(idea), _edit_data(idea, location_lat=OUTSIDE[0], location_lon=OUTSIDE[1]))
    assert response.status_code == 400
    assert "außerhalb des Projektgebiets" in response.content.decode()
    idea.refresh_from_db()
    assert idea.title == "Bänke" and not idea.has_location


def test_a_published_idea_can_be_changed_only_while_ideas_are_collected(signed_in):
    me = UserFactory.create()
    rating = ProjectFactory.create(phase=Phase.Kind.RATING)
    idea = IdeaFactory.create(project=rating, author=me, status=Idea.Status.PUBLISHED)
    assert signed_in(me).get(_edit_url(idea)).status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_nobody_but_the_author_changes_or_withdraws_an_idea(role, client_as, world):
    project = world.project_x
    idea = IdeaFactory.create(project=project, title="Bänke")
    client, user = client_as(role)
    for url in (_edit_url(idea), _withdraw_url(idea)):
        response = client.post(url, {"title": "Übernommen", "description": "x", "reason": "weg damit"})
        assert response.status_code == (302 if user is None else 403), url
        if user is None:
            assert reverse("account_login") in response["Location"]
    idea.refresh_from_db()
    assert (idea.title, idea.status) == ("Bänke", Idea.Status.PUBLISHED)


def test_withdrawing_needs_a_reason_and_then_takes_the_idea_out_of_lists(client, signed_in, project):
    me = UserFactory.create()
    idea = IdeaFactory.create(project=project, author=me, title="Boule-Bahn")
    author = signed_in(me)
    response = author.post(_withdraw_url(idea), {"reason": "   "})
    assert response.status_code == 400
    assert "Bitte" in response.content.decode()
    response = author.post(_withdraw_url(idea), {"reason": "Gibt es schon im Volkspark."})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == Idea.Status.WITHDRAWN and idea.withdrawn_at is not None
    author.logout()
    listing = client.get(reverse("participation:idea-list", args=[project.slug]))
    assert "Boule-Bahn" not in listing.content.decode()
    page = client.get(idea.get_absolute_url())
    assert page.status_code == 410
    assert "Gibt es schon im Volkspark." in page.content.decode()
    assert "Boule-Bahn" not in page.content.decode()


def test_a_decided_idea_cannot_be_withdrawn(signed_in, project):
    me = UserFactory.create()
    idea = IdeaFactory.create(project=project, author=me, status=Idea.Status.ACCEPTED)
    assert signed_in(me).post(_withdraw_url(idea), {"reason": "doch nicht"}).status_code == 403


def test_following_and_unfollowing_an_idea(signed_in, project):
    me = UserFactory.create()
    idea = IdeaFactory.create(project=project)
    client = signed_in(me)
    url = reverse("participation:idea-follow", args=[project.slug, idea.pk])
    client.post(url)
    assert IdeaFollower.objects.get(idea=idea, user=me).following
    assert idea.title in client.get(MY_IDEAS).content.decode()
    client.post(url, {"action": "unfollow", "next": MY_IDEAS})
    assert not IdeaFollower.objects.get(idea=idea, user=me).following


def test_nobody_follows_an_idea_they_cannot_see(signed_in, project):
    hidden = IdeaFactory.create(project=project, status=Idea.Status.SUBMITTED)
    url = reverse("participation:idea-follow", args=[project.slug, hidden.pk])
    assert signed_in(UserFactory.create()).post(url).status_code == 404
    assert not IdeaFollower.objects.exists()


def test_the_withdrawn_date_is_shown_in_my_ideas(signed_in, project):
    me = UserFactory.create()
    idea = IdeaFactory.create(project=project, author=me, status=Idea.Status.WITHDRAWN, withdrawn_reason="Umgezogen")
    Idea.objects.filter(pk=idea.pk).update(withdrawn_at=timezone.now() - dt.timedelta(days=2))
    html = signed_in(me).get(MY_IDEAS).content.decode()
    assert "Sie haben diese Idee am" in html and "Umgezogen" in html
