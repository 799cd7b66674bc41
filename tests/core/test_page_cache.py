"""The page cache: a cached page is never stale after a write and never shown to the wrong person."""

from __future__ import annotations

import gzip
import json
import re
from typing import Any

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage import default_storage
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import Membership, Role, User
from core import page_cache
from participation import services
from participation.models import Idea, Phase, Project
from tests.conftest import give_totp
from tests.factories import ProjectFactory, UserFactory
from tests.participation.factories import INSIDE, IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project() -> Project:
    project = ProjectFactory.create(phase=Phase.Kind.RATING)
    IdeaFactory.create(project=project, title="Bänke im Schatten", location_lat=INSIDE[0], location_lon=INSIDE[1])
    return project


def _list(client: Client, project: Project) -> Any:
    response = client.get(reverse("participation:idea-list", args=[project.slug]))
    assert response.status_code == 200
    return response


def _csrf(text: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)


def test_a_second_visit_is_answered_without_the_database(client, project, django_assert_num_queries):
    first = _list(client, project)
    with django_assert_num_queries(0):
        second = _list(client, project)
    assert "Bänke im Schatten" in second.text
    # The same page, apart from the per-request CSRF token and nonce.
    per_request = r'name="csrfmiddlewaretoken" value="[^"]+"|nonce="[^"]+"'
    assert re.sub(per_request, "", first.text) == re.sub(per_request, "", second.text)


def test_every_answer_carries_a_working_csrf_token_and_nonce(client, project):
    _list(client, project)
    cached = _list(client, project)
    assert page_cache.csrf_placeholder() not in cached.text
    assert page_cache.nonce_placeholder() not in cached.text
    tokens = _csrf(cached.text)
    assert tokens and all(len(token) == 64 for token in tokens)
    nonce = re.search(r"'nonce-([^']+)'", cached.headers["Content-Security-Policy"])
    assert nonce and f'nonce="{nonce.group(1)}"' in cached.text
    # The token of a cached page is accepted: switching the language is a POST with it.
    strict = Client(enforce_csrf_checks=True)
    page = _list(strict, project)
    page = _list(strict, project)
    response = strict.post(
        reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": _csrf(page.text)[0]}
    )
    assert response.status_code == 302


def test_a_comment_through_the_service_shows_at_once(client, project):
    idea = Idea.objects.get(project=project)
    assert "Schattenspender" not in client.get(idea.get_absolute_url()).text
    services.comment_create(idea=idea, author=UserFactory.create(), text="Schattenspender wären gut.")
    assert "Schattenspender wären gut." in client.get(idea.get_absolute_url()).text


@pytest.mark.parametrize("change", ["queryset_update", "delete"])
def test_writes_without_signals_drop_the_cached_page_too(client, project, change):
    assert "Bänke im Schatten" in _list(client, project).text
    ideas = Idea.objects.filter(project=project)
    if change == "queryset_update":
        ideas.update(title="Mehr Bäume")
        assert "Mehr Bäume" in _list(client, project).text
    else:
        ideas.delete()
    assert "Bänke im Schatten" not in _list(client, project).text


def test_a_changed_name_shows_at_once(client, project):
    idea = Idea.objects.get(project=project)
    detail = idea.get_absolute_url()
    client.get(detail)
    User.objects.filter(ideas=idea).update(display_name="Gerda Neu")
    assert "Gerda Neu" in client.get(detail).text


def test_nobody_gets_someone_elses_page(signed_in, project):
    alice = UserFactory.create(display_name="Alice Amsel")
    page_of_alice = _list(signed_in(alice), project)
    assert "Sign out" in page_of_alice.text or "Abmelden" in page_of_alice.text
    anonymous = _list(Client(), project)
    assert "Alice Amsel" not in anonymous.text
    assert "Abmelden" not in anonymous.text and "Sign out" not in anonymous.text
    bob = UserFactory.create()
    page_of_bob = signed_in(bob).get(reverse("accounts:profile"))
    assert "Alice Amsel" not in page_of_bob.text


def test_a_new_role_changes_the_navigation_at_once(signed_in, project):
    citizen = UserFactory.create()
    give_totp(citizen)
    client = signed_in(citizen)
    assert reverse("participation:moderation") not in _list(client, project).text
    Membership.objects.create(user=citizen, role=Role.MODERATOR, project=project)
    assert reverse("participation:moderation") in _list(client, project).text


def test_a_page_with_a_flash_message_is_neither_kept_nor_served_from_the_cache(rf, project):
    rendered: list[int] = []

    def render() -> HttpResponse:
        rendered.append(1)
        return HttpResponse("Seite")

    def visit(*, with_message: bool) -> None:
        request = rf.get("/mitwirkung/")
        request.user = AnonymousUser()
        SessionMiddleware(lambda r: HttpResponse()).process_request(request)
        request._messages = default_storage(request)
        if with_message:
            messages.success(request, "Gespeichert.")
        page_cache.serve(request, [page_cache.PARTICIPATION], render)

    visit(with_message=True)
    visit(with_message=False)  # not taken from the visit with the message
    visit(with_message=False)  # now from the cache
    visit(with_message=True)  # a message of its own: rendered again
    assert len(rendered) == 3


def test_a_flash_message_is_shown_once_and_to_its_visitor_only(signed_in, project):
    page = reverse("participation:project-detail", args=[project.slug])
    client = signed_in(UserFactory.create())
    client.get(page)
    shown = client.post(reverse("participation:project-follow", args=[project.slug]), {"notify": "on"}, follow=True)
    assert "message--success" in shown.text
    assert "message--success" not in client.get(page).text
    assert "message--success" not in Client().get(page).text


@pytest.mark.django_db(transaction=True)
def test_writes_in_a_transaction_bump_once_after_the_commit(project):
    before = page_cache.versions([page_cache.PARTICIPATION])
    with transaction.atomic():
        Idea.objects.filter(project=project).update(title="Eins")
        Idea.objects.filter(project=project).update(title="Zwei")
        during = cache.get("page-cache:version:participation")
    # Other processes cannot see the rows before the commit, so nothing is bumped before it ...
    assert during == before[0]
    # ... and once after it: a page another process rendered from the old rows in between
    # is stored under a version nobody asks for any more.
    assert page_cache.versions([page_cache.PARTICIPATION])[0] == before[0] + 1


@pytest.mark.django_db(transaction=True)
def test_a_transaction_reading_its_own_writes_sees_a_new_version(project):
    before = page_cache.versions([page_cache.PARTICIPATION])
    with transaction.atomic():
        Idea.objects.filter(project=project).update(title="Eins")
        assert page_cache.versions([page_cache.PARTICIPATION])[0] > before[0]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_is_not_bumped_after_it(project):
    before = page_cache.versions([page_cache.PARTICIPATION])
    with pytest.raises(RuntimeError), transaction.atomic():
        Idea.objects.filter(project=project).update(title="Eins")
        raise RuntimeError
    assert cache.get("page-cache:version:participation") == before[0]


@pytest.mark.django_db(transaction=True)
def test_a_write_outside_a_transaction_bumps_at_once(project):
    before = page_cache.versions([page_cache.PARTICIPATION])
    Idea.objects.filter(project=project).update(title="Eins")
    assert cache.get("page-cache:version:participation") == before[0] + 1


def test_a_flushed_cache_never_meets_an_old_page_kept_in_memory(client, project):
    _list(client, project)
    cache.clear()  # Redis restarted: the versions are gone, this process still holds pages
    Idea.objects.filter(project=project).update(title="Neu nach dem Neustart")
    assert "Neu nach dem Neustart" in _list(client, project).text


@pytest.mark.parametrize(
    ("sql", "namespace"),
    [
        ('INSERT INTO "participation_idea" ("title") VALUES (%s)', "participation"),
        ('UPDATE "helpdesk_slot" SET "booked_count" = 1', "helpdesk"),
        ('DELETE FROM "accounts_membership" WHERE "id" = 1', "accounts"),
        ('UPDATE "accounts_user" SET "last_login" = now()', "accounts"),
        ('INSERT INTO "accounts_auditlogentry" ("path") VALUES (%s)', None),
        ('INSERT INTO "django_session" ("session_key") VALUES (%s)', None),
        ('SELECT * FROM "participation_idea"', None),
        ('SELECT ... FROM "helpdesk_slot" FOR UPDATE', None),
    ],
)
def test_writes_are_told_apart_by_table(sql, namespace):
    assert page_cache.namespace_of(sql) == namespace


def test_every_connection_watches_its_writes():
    connection.ensure_connection()
    assert page_cache._watch_writes in connection.execute_wrappers


def test_the_cache_can_be_turned_off(client, project, settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    _list(client, project)
    # project with phases and categories (3), count (1), page (1), category choices (1)
    with django_assert_num_queries(6):
        _list(client, project)


def test_the_map_data_is_compressed_for_those_who_accept_it_and_plain_for_others(client, project):
    # Bodies under 200 bytes are not worth compressing; five ideas make it worth it.
    IdeaFactory.create_batch(4, project=project, location_lat=INSIDE[0], location_lon=INSIDE[1])
    url = reverse("participation:idea-geojson", args=[project.slug])
    for _ in range(2):  # rendered, then from the cache: the two answers never mix
        packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        plain = client.get(url)
        assert packed.headers["Content-Encoding"] == "gzip"
        assert "Content-Encoding" not in plain.headers
        assert json.loads(gzip.decompress(packed.content)) == json.loads(plain.content)
        assert "Bänke im Schatten" in [f["properties"]["title"] for f in json.loads(plain.content)["features"]]


def test_the_api_keeps_the_links_of_the_host_that_was_asked(client, project, settings):
    settings.ALLOWED_HOSTS = ["testserver", "mitwirkung.example"]
    IdeaFactory.create_batch(25, project=project)  # 26 ideas: a second page of 25
    url = f"/api/ideas/?project={project.slug}"
    for _ in range(2):
        assert client.get(url).json()["next"].startswith("http://testserver/")
        assert client.get(url, HTTP_HOST="mitwirkung.example").json()["next"].startswith("http://mitwirkung.example/")


@pytest.mark.django_db(transaction=True)
def test_pages_are_rendered_afresh_while_redis_is_down(signed_in, project):
    down = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    with override_settings(CACHES=down, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"):
        client = signed_in(UserFactory.create())
        assert "Bänke im Schatten" in _list(client, project).text
        Idea.objects.filter(project=project).update(title="Während des Ausfalls")
        assert "Während des Ausfalls" in _list(client, project).text
        assert "Während des Ausfalls" in _list(Client(), project).text
