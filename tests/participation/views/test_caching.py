"""Participation pages: 304s for anonymous visitors, private answers for signed-in people, shared fragments
that never carry one person's state to another, and the same HTML with every cache off."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from participation import services
from participation.models import Phase, Project
from tests.factories import ProjectFactory, UserFactory
from tests.participation.factories import INSIDE, CategoryFactory, CommentFactory, IdeaFactory, SupportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rating() -> Project:
    project = ProjectFactory.create(phase=Phase.Kind.RATING)
    category = CategoryFactory.create(project=project, name="Grün")
    for number in range(3):
        idea = IdeaFactory.create(
            project=project, title=f"Idee {number}", category=category, location_lat=INSIDE[0], location_lon=INSIDE[1]
        )
        CommentFactory.create(idea=idea, text=f"Kommentar {number}")
    return project


def _pages(project: Project) -> list[str]:
    idea = project.ideas.order_by("pk").first()
    assert idea is not None
    return [
        reverse("participation:project-list"),
        reverse("participation:project-detail", args=[project.slug]),
        reverse("participation:idea-list", args=[project.slug]),
        reverse("participation:idea-list", args=[project.slug]) + "?sort=supported&page=1",
        idea.get_absolute_url(),
        reverse("participation:idea-map", args=[project.slug]),
        reverse("participation:idea-geojson", args=[project.slug]) + "?bbox=49.4,7.7,49.5,7.8&zoom=15",
        reverse("participation:idea-geojson", args=[project.slug]),
        reverse("participation:results", args=[project.slug]),
        "/api/projects/",
        f"/api/projects/{project.slug}/",
        f"/api/ideas/?project={project.slug}",
        f"/api/ideas/{idea.pk}/",
        f"/api/comments/?idea={idea.pk}",
    ]


def test_anonymous_read_pages_answer_304_to_their_own_validator(client: Any, rating: Project) -> None:
    for url in _pages(rating):
        first = client.get(url)
        assert first.status_code == 200, url
        assert "public" in first["Cache-Control"] and "Cookie" in first["Vary"], url
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        assert again.content == b""


def test_an_anonymous_page_carries_no_csrf_token_and_sets_no_cookie(client: Any, rating: Project) -> None:
    for url in _pages(rating)[:6]:
        response = client.get(url)
        assert "csrfmiddlewaretoken" not in response.content.decode(), url
        assert not response.cookies, url


def test_the_language_can_be_switched_without_a_token(rating: Project) -> None:
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/i18n/setlang/", {"language": "en", "next": "/mitwirkung/"})
    assert response.status_code == 302 and response["Location"] == "/mitwirkung/"
    assert browser.get("/mitwirkung/").content.decode().count('lang="en"') >= 1


def test_signed_in_pages_are_private_and_carry_no_validator(signed_in: Any, rating: Project) -> None:
    client = signed_in(UserFactory.create())
    for url in _pages(rating):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"], url
        assert "ETag" not in response, url


def test_a_new_comment_changes_the_validator_of_the_idea_list_and_the_idea(client: Any, rating: Project) -> None:
    idea = rating.ideas.order_by("pk").first()
    assert idea is not None
    list_url = reverse("participation:idea-list", args=[rating.slug])
    list_tag, idea_tag = client.get(list_url)["ETag"], client.get(idea.get_absolute_url())["ETag"]
    services.comment_create(idea=idea, author=UserFactory.create(), text="Neu dazu")
    listed = client.get(list_url, HTTP_IF_NONE_MATCH=list_tag)
    assert listed.status_code == 200 and "2 Kommentare" in listed.content.decode()
    shown = client.get(idea.get_absolute_url(), HTTP_IF_NONE_MATCH=idea_tag)
    assert shown.status_code == 200 and "Neu dazu" in shown.content.decode()


def test_a_support_shows_in_the_cached_card_at_once(client: Any, rating: Project) -> None:
    url = reverse("participation:idea-list", args=[rating.slug])
    assert "1 Unterstützung" not in client.get(url).content.decode()
    idea = rating.ideas.order_by("pk").first()
    assert idea is not None
    services.support_add(idea=idea, user=UserFactory.create())
    assert "1 Unterstützung" in client.get(url).content.decode()


def test_one_persons_support_never_reaches_another_person(signed_in: Any, client: Any, rating: Project) -> None:
    idea = rating.ideas.order_by("pk").first()
    assert idea is not None
    supporter, other = UserFactory.create(), UserFactory.create()
    services.support_add(idea=idea, user=supporter)
    mine = signed_in(supporter).get(idea.get_absolute_url()).content.decode()
    assert "Sie unterstützen diese Idee." in mine
    client.logout()
    theirs = signed_in(other).get(idea.get_absolute_url()).content.decode()
    assert "Sie unterstützen diese Idee." not in theirs and "Diese Idee unterstützen" in theirs
    client.logout()
    anonymous = client.get(idea.get_absolute_url()).content.decode()
    assert "Sie unterstützen" not in anonymous and "Diese Idee unterstützen" not in anonymous


def test_one_persons_comment_actions_never_reach_another_person(signed_in: Any, client: Any, rating: Project) -> None:
    idea = rating.ideas.order_by("pk").first()
    assert idea is not None
    author = UserFactory.create()
    comment = services.comment_create(idea=idea, author=author, text="Meins")
    edit = reverse("participation:comment-edit", args=[rating.slug, comment.pk])
    assert edit in signed_in(author).get(idea.get_absolute_url()).content.decode()
    client.logout()
    assert edit not in signed_in(UserFactory.create()).get(idea.get_absolute_url()).content.decode()
    client.logout()
    assert edit not in client.get(idea.get_absolute_url()).content.decode()


def test_a_changed_display_name_shows_at_once_in_cached_comments(client: Any, rating: Project) -> None:
    idea = rating.ideas.order_by("pk").first()
    assert idea is not None
    author = UserFactory.create(display_name="Erna Alt")
    services.comment_create(idea=idea, author=author, text="Hallo")
    assert "Erna Alt" in client.get(idea.get_absolute_url()).content.decode()
    author.display_name = "Erna Neu"
    author.save()
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "Erna Neu" in html and "Erna Alt" not in html


def test_cached_fragments_follow_the_language(client: Any, rating: Project) -> None:
    url = reverse("participation:idea-list", args=[rating.slug])
    german = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 Kommentar" in german and "1 comment" in english
    assert "1 comment" not in german and "1 Kommentar" not in english


def _without_tokens(html: str) -> str:
    """The page without what differs on every answer by design: CSRF tokens and the CSP nonce."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_with_every_cache_off_the_pages_are_the_same(
    settings: Any, client: Any, signed_in: Any, rating: Project, who: str
) -> None:
    idea = rating.ideas.order_by("pk").first()
    assert idea is not None
    SupportFactory.create(idea=idea)
    browser = signed_in(UserFactory.create()) if who == "citizen" else client
    urls = _pages(rating)[:9]
    settings.APP_CACHE = True
    cold = [_without_tokens(browser.get(url).content.decode()) for url in urls]
    warm = [_without_tokens(browser.get(url).content.decode()) for url in urls]
    cache.clear()
    settings.APP_CACHE = False
    rendered = [_without_tokens(browser.get(url).content.decode()) for url in urls]
    for url, a, b, c in zip(urls, cold, warm, rendered, strict=True):
        assert a == b == c, url
