"""Every state change needs a POST with a CSRF token: without one, nothing happens (403)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from helpdesk.models import Booking
from participation.models import Comment, Idea, ProjectFollower
from tests.world import World, build_world, client_for

# (role, URL, form data, how to count what the POST would have created or changed)
SAMPLES: dict[str, tuple[str, Callable[[World], str], dict[str, Any], Callable[[World], Any]]] = {
    "submit an idea": (
        "citizen",
        lambda w: reverse("participation:idea-create", args=[w.project_x.slug]),
        {"title": "Ohne Token", "description": "Text"},
        lambda w: Idea.objects.count(),
    ),
    "write a comment": (
        "citizen",
        lambda w: reverse("participation:comment-create", args=[w.project_x.slug, w.idea.pk]),
        {"text": "Ohne Token"},
        lambda w: Comment.objects.count(),
    ),
    "follow a project": (
        "citizen",
        lambda w: reverse("participation:project-follow", args=[w.project_x.slug]),
        {"notify": "on"},
        lambda w: ProjectFollower.objects.count(),
    ),
    "hide a comment as moderator": (
        "moderator_x",
        lambda w: reverse("participation:comment-hide", args=[w.project_x.slug, w.comment.pk]),
        {"reason": "Ohne Token"},
        lambda w: Comment.objects.filter(is_hidden=True).count(),
    ),
    "change the profile": (
        "citizen",
        lambda w: reverse("accounts:profile"),
        {"display_name": "Geändert", "preferred_language": "en"},
        lambda w: User.objects.filter(display_name="Geändert").count(),
    ),
    "book as a guest": (
        "anonymous",
        lambda w: reverse("helpdesk:book", args=[w.free_slot.pk]),
        {"name": "Erna Beispiel", "phone": "0631 123456", "consent": "on"},
        lambda w: Booking.objects.count(),
    ),
    "cancel a booking by its link": (
        "guest",
        lambda w: reverse("helpdesk:booking-cancel", args=[w.booking.token]),
        {},
        lambda w: Booking.objects.filter(status="active").count(),
    ),
    "submit an idea through the API": (
        "citizen",
        lambda w: "/api/ideas/",
        {"project": "", "title": "Ohne Token", "description": "Text"},
        lambda w: Idea.objects.count(),
    ),
}


@pytest.mark.parametrize("sample", SAMPLES)
def test_a_post_without_csrf_token_is_refused_and_changes_nothing(db: Any, sample: str) -> None:
    role, url, data, measure = SAMPLES[sample]
    world = build_world()
    if "project" in data:
        data = {**data, "project": world.project_x.slug}
    client = client_for(world, role, enforce_csrf_checks=True)
    before = measure(world)
    response = client.post(url(world), data)
    assert response.status_code == 403
    assert b"CSRF" in response.content  # refused by the CSRF check, not by a permission
    assert measure(world) == before


def test_the_same_post_with_the_token_goes_through(db: Any) -> None:
    world = build_world()
    client: Client = client_for(world, "citizen", enforce_csrf_checks=True)
    url = reverse("participation:comment-create", args=[world.project_x.slug, world.idea.pk])
    page = client.get(world.idea.get_absolute_url())
    # As a browser does: the token from the page's form (pages may come from the page cache).
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token
    response = client.post(url, {"text": "Mit Token", "csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302
    assert Comment.objects.filter(text="Mit Token").exists()
