"""A project's navigation, built once per project, section, role and language (participation_tags)."""

from __future__ import annotations

from types import SimpleNamespace

from django.template import Context
from django.urls import reverse
from django.utils import translation

from participation.templatetags.participation_tags import project_nav


def test_the_navigation_marks_the_section_and_shows_moderators_their_links() -> None:
    project = SimpleNamespace(slug="platz")
    with translation.override("de"):
        html = project_nav(Context({}), project, "ideas")
        moderator = project_nav(Context({"can_moderate": True}), project, "map")
        paper = project_nav(Context({"can_moderate": False}), project, "paper", True)
    assert f'<a href="{reverse("participation:idea-list", args=["platz"])}" aria-current="page">Ideen</a>' in html
    assert html.count("aria-current") == 1
    assert reverse("participation:moderation") not in html
    assert reverse("participation:moderation") in moderator
    assert f'<a href="{reverse("participation:idea-map", args=["platz"])}" aria-current="page">' in moderator
    assert f'<a href="{reverse("participation:paper-entry", args=["platz"])}" aria-current="page">' in paper
    with translation.override("en"):
        assert ">Ideas</a>" in project_nav(Context({}), project, "overview")


def test_the_participation_head_is_the_included_template() -> None:
    from django.template.loader import render_to_string

    from participation.templatetags.participation_tags import participation_head

    assert participation_head() == render_to_string("participation/_head.html")
    assert participation_head(True) == render_to_string("participation/_map_head.html")
    assert "leaflet" in participation_head(True) and "leaflet" not in participation_head(False)
