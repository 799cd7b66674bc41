"""The main navigation: the entries a person may see, ready HTML built once per set of entries (core.navigation)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.utils import translation

from core import navigation
from tests.factories import OfficeFactory, UserFactory, coordinator_of

pytestmark = pytest.mark.django_db

# The loop the base layout used before the items came ready: the ready HTML must not differ by a byte.
_LOOP = Template(
    "{% for link in links %}\n"
    '          <li><a href="{{ link.url }}"{% if link.current %} aria-current="page"{% endif %}>'
    "{{ link.label }}</a></li>\n"
    "        {% endfor %}"
)


def _current(user: Any, path: str) -> list[str]:
    return [link.url for link in navigation.links_for(user, path) if link.current]


def test_an_exact_address_wins_then_the_longest_section() -> None:
    citizen = UserFactory.create()
    assert _current(citizen, "/mitwirkung/meine-ideen/") == ["/mitwirkung/meine-ideen/"]
    assert _current(citizen, "/mitwirkung/bench-platz/ideen/") == ["/mitwirkung/"]
    assert _current(citizen, "/profil/") == []
    # Without "My ideas" the section of "Have your say" holds the page.
    assert _current(AnonymousUser(), "/mitwirkung/meine-ideen/") == ["/mitwirkung/"]
    # An entry without a section is the current page only at its own address.
    coordinator = coordinator_of(OfficeFactory.create())
    assert _current(coordinator, "/hilfe/buero/") == ["/hilfe/buero/"]
    assert _current(coordinator, "/hilfe/buero/gruebentaelchen/") == ["/hilfe/"]


def test_each_person_sees_the_entries_of_their_roles_only() -> None:
    coordinator = coordinator_of(OfficeFactory.create())
    citizen = UserFactory.create()
    # The coordinator's menu is built first: the citizen's must not be taken from it.
    staff_urls = [link.url for link in navigation.links_for(coordinator, "/")]
    citizen_urls = [link.url for link in navigation.links_for(citizen, "/")]
    anonymous_urls = [link.url for link in navigation.links_for(AnonymousUser(), "/")]
    assert "/hilfe/buero/" in staff_urls
    assert "/hilfe/buero/" not in citizen_urls
    assert "/mitwirkung/meine-ideen/" in citizen_urls
    assert "/mitwirkung/meine-ideen/" not in anonymous_urls


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_ready_items_are_what_the_template_loop_printed(language: str) -> None:
    people = [AnonymousUser(), UserFactory.create(), coordinator_of(OfficeFactory.create())]
    paths = ["/", "/mitwirkung/", "/mitwirkung/meine-ideen/", "/hilfe/buero/", "/hilfe/buero/x/", "/profil/"]
    with translation.override(language):
        for person in people:
            for path in paths:
                expected = _LOOP.render(Context({"links": navigation.links_for(person, path)}))
                assert navigation.items_html(person, path) == expected


def test_labels_follow_the_active_language() -> None:
    with translation.override("de"):
        german = navigation.items_html(AnonymousUser(), "/")
    with translation.override("en"):
        english = navigation.items_html(AnonymousUser(), "/")
    assert ">Mitreden<" in german
    assert ">Have your say<" in english
