from __future__ import annotations

import pytest

from participation.models import Comment, Idea, Phase, Support
from tests.factories import ProjectFactory, UserFactory, moderator_of
from tests.participation.factories import OUTSIDE, CommentFactory, IdeaFactory, SupportFactory

pytestmark = pytest.mark.django_db


def test_idea_list_uses_the_same_filters_as_the_web_list(client, project):
    category = project.categories.get()
    wanted = IdeaFactory.create(project=project, category=category, source="postcard", title="Trinkbrunnen")
    IdeaFactory.create(project=project, title="Bank")
    IdeaFactory.create(project=ProjectFactory.create(), title="Anderes Projekt", source="postcard")
    response = client.get("/api/ideas/", {"project": project.slug, "source": "postcard", "category": category.pk})
    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]
    search = client.get("/api/ideas/", {"project": project.slug, "q": "brunnen"}).json()
    assert [row["title"] for row in search["results"]] == ["Trinkbrunnen"]


def test_idea_list_sorts_by_supports(client, project):
    IdeaFactory.create(project=project)
    loved = IdeaFactory.create(project=project)
    SupportFactory.create_batch(2, idea=loved)
    rows = client.get("/api/ideas/", {"project": project.slug, "sort": "supported"}).json()["results"]
    assert rows[0]["id"] == loved.pk and rows[0]["support_count"] == 2


def test_unknown_filter_value_is_a_clear_400(client, project):
    assert client.get("/api/ideas/", {"status": "nonsense"}).status_code == 400


def test_api_hides_ideas_that_wait_for_approval_and_moderator_notes(client, project):
    IdeaFactory.create(project=project, status=Idea.Status.SUBMITTED)
    public = IdeaFactory.create(project=project, moderator_notes="intern")
    rows = client.get("/api/ideas/").json()["results"]
    assert [row["id"] for row in rows] == [public.pk]
    assert "moderator_notes" not in rows[0]


def test_citizen_creates_an_idea_while_collecting(signed_in, project):
    response = signed_in(UserFactory.create()).post(
        "/api/ideas/",
        {"project": project.slug, "title": "Bank", "description": "Bitte"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "submitted"
    assert Idea.objects.get().source == "online"


def test_creating_outside_the_collection_phase_is_forbidden(signed_in):
    project = ProjectFactory.create(phase=Phase.Kind.RATING)
    response = signed_in(UserFactory.create()).post(
        "/api/ideas/",
        {"project": project.slug, "title": "Bank", "description": "Bitte"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_creating_with_a_place_outside_the_area_is_a_400_with_the_field(signed_in, project):
    response = signed_in(UserFactory.create()).post(
        "/api/ideas/",
        {
            "project": project.slug,
            "title": "a",
            "description": "b",
            "location_lat": OUTSIDE[0],
            "location_lon": OUTSIDE[1],
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "location_lat" in response.json()


def test_comments_of_an_idea_with_hidden_text_replaced(client, project):
    idea = IdeaFactory.create(project=project)
    CommentFactory.create(idea=idea, text="sichtbar")
    CommentFactory.create(idea=idea, text="böse", is_hidden=True, hidden_reason="Beleidigung")
    rows = client.get("/api/comments/", {"idea": idea.pk}).json()["results"]
    assert [(row["text"], row["state"]) for row in rows] == [("sichtbar", "visible"), ("Beleidigung", "hidden")]


def test_comment_create_through_the_api(signed_in, project):
    idea = IdeaFactory.create(project=project)
    response = signed_in(UserFactory.create()).post(
        "/api/comments/", {"idea": idea.pk, "text": "Gut"}, content_type="application/json"
    )
    assert response.status_code == 201 and Comment.objects.get().text == "Gut"


def test_support_and_withdraw_through_the_api(signed_in):
    idea = IdeaFactory.create(project=ProjectFactory.create(phase=Phase.Kind.RATING))
    user = UserFactory.create()
    client = signed_in(user)
    created = client.post("/api/supports/", {"idea": idea.pk}, content_type="application/json")
    assert created.status_code == 201
    again = client.post("/api/supports/", {"idea": idea.pk}, content_type="application/json")
    assert again.status_code == 201 and Support.objects.count() == 1
    listed = client.get("/api/supports/").json()["results"]
    assert [row["idea"] for row in listed] == [idea.pk]
    assert client.delete(f"/api/supports/{created.json()['id']}/").status_code == 204
    assert not Support.objects.exists()


def test_people_cannot_withdraw_other_peoples_supports(signed_in):
    support = SupportFactory.create(idea=IdeaFactory.create(project=ProjectFactory.create(phase=Phase.Kind.RATING)))
    response = signed_in(UserFactory.create()).delete(f"/api/supports/{support.pk}/")
    assert response.status_code == 404


def test_moderator_sees_waiting_ideas_of_their_project_in_the_api(signed_in, project):
    waiting = IdeaFactory.create(project=project, status=Idea.Status.SUBMITTED)
    IdeaFactory.create(project=ProjectFactory.create(), status=Idea.Status.SUBMITTED)
    rows = signed_in(moderator_of(project)).get("/api/ideas/").json()["results"]
    assert [row["id"] for row in rows] == [waiting.pk]


def test_project_api_shows_phase_and_categories(client, project):
    data = client.get(f"/api/projects/{project.slug}/").json()
    assert data["active_phase"] == "collection"
    assert data["categories"][0]["name"] == "Grün und Schatten"


def test_schema_describes_the_participation_endpoints(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for path in ("/api/projects/", "/api/ideas/", "/api/ideas/{id}/", "/api/comments/", "/api/supports/{id}/"):
        assert path in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/ideas/"]["get"]["parameters"]}
    assert {"q", "category", "status", "source", "sort", "project"} <= parameters
