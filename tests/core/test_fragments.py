"""Fragments are found by key (stamp and language), fetched in one round trip, and never stale or shared wrongly."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import translation

from core import fragments

# A partial of a real template: a project's timeline, here with one phase named like the test's card.
TEMPLATE = "participation/project_detail.html#timeline"


class Card:
    """What the timeline partial reads of a phase: ``title`` is its name, ``comments`` its description."""

    def __init__(self, pk: int, title: str, comments: str = "") -> None:
        self.title = title
        self.description = comments
        self.starts_on = dt.date(2026, 5, 1)
        self.ends_on = dt.date(2026, 6, 1)

    def get_kind_display(self) -> str:
        return self.title


def _render(cards: list[tuple[int, Card]], stamp: int = 1, calls: list[int] | None = None) -> list[str]:
    def context(item: tuple[int, Card]) -> dict[str, Any]:
        if calls is not None:
            calls.append(item[0])
        return {"phases": [item[1]], "phase": None, "today": dt.date(2026, 5, 15)}

    return [
        str(html)
        for html in fragments.render_many(
            TEMPLATE, cards, key=lambda item: ("test-card", item[0], stamp), context=context
        )
    ]


def test_a_stored_fragment_is_used_instead_of_rendering_again() -> None:
    calls: list[int] = []
    first = _render([(1, Card(1, "Bänke"))], calls=calls)
    # The same key with other data: the stored HTML comes back, nothing is rendered.
    again = _render([(1, Card(1, "geändert"))], calls=calls)
    assert again == first and "Bänke" in first[0]
    assert calls == [1]


def test_a_new_stamp_renders_afresh() -> None:
    _render([(1, Card(1, "Bänke"))], stamp=1)
    assert "Brunnen" in _render([(1, Card(1, "Brunnen"))], stamp=2)[0]


def test_a_list_is_fetched_with_one_get_many_and_only_missing_items_are_rendered(monkeypatch: Any) -> None:
    _render([(1, Card(1, "eins"))])
    asked: list[list[str]] = []
    real_get_many = cache.get_many

    def get_many(keys: list[str]) -> dict[str, Any]:
        asked.append(list(keys))
        return real_get_many(keys)

    monkeypatch.setattr(cache, "get_many", get_many)
    calls: list[int] = []
    htmls = _render([(1, Card(1, "eins")), (2, Card(2, "zwei")), (3, Card(3, "drei"))], calls=calls)
    assert len(asked) == 1 and len(asked[0]) == 3
    assert calls == [2, 3]
    assert ["eins" in htmls[0], "zwei" in htmls[1], "drei" in htmls[2]] == [True, True, True]


def test_fragments_are_kept_per_language() -> None:
    card = Card(1, "Bänke")  # the partial's heading says "Timeline" in the active language
    calls: list[int] = []
    with translation.override("de"):
        german = _render([(1, card)], calls=calls)[0]
    with translation.override("en"):
        english = _render([(1, card)], calls=calls)[0]
    # The same object and stamp, but each language has its own entry with its own words.
    assert calls == [1, 1]
    assert "Zeitplan" in german and "Timeline" in english
    with translation.override("de"):
        assert _render([(1, card)], calls=calls)[0] == german
    assert calls == [1, 1]


def test_keys_stay_short_whatever_they_hold() -> None:
    key = fragments.make_key("idea-card", "ä" * 5000, list(range(1000)))
    assert len(key) < 120 and key.startswith("frag:")
    assert fragments.make_key("idea-card", 1) != fragments.make_key("idea-card", 2)


def test_with_app_cache_off_nothing_is_stored_and_the_html_is_the_same(settings: Any) -> None:
    cached = _render([(1, Card(1, "Bänke", "3 Kommentare"))])
    cache.clear()
    settings.APP_CACHE = False
    calls: list[int] = []
    assert _render([(1, Card(1, "Bänke", "3 Kommentare"))], calls=calls) == cached
    assert _render([(1, Card(1, "Bänke", "3 Kommentare"))], calls=calls) == cached
    assert calls == [1, 1]
    assert fragments.get_many([fragments.make_key("test-card", 1, 1)]) == {}


def test_an_expensive_fragment_runs_its_queries_only_when_it_is_missing() -> None:
    calls: list[str] = []

    def context() -> dict[str, Any]:
        calls.append("ran")
        return {"phases": [Card(9, "teuer")], "phase": None, "today": dt.date(2026, 5, 15)}

    first = fragments.render_one(TEMPLATE, key=("expensive", 9), context=context)
    second = fragments.render_one(TEMPLATE, key=("expensive", 9), context=context)
    assert first == second and calls == ["ran"]


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_key_names_the_language_and_the_deployed_code(language: str) -> None:
    from core.release import release

    with translation.override(language):
        key = fragments.make_key("idea-card", 1)
    assert f":{language}:" in key and release()[0] in key


def test_a_fragment_built_in_python_is_stored_and_found_like_a_rendered_one(settings: Any) -> None:
    calls: list[int] = []

    def build(pk: int) -> Any:
        calls.append(pk)
        return fragments.SafeString(f"<li>{pk}</li>")

    first = fragments.build_many([1, 2], key=lambda pk: ("test-built", pk), build=build)
    again = fragments.build_many([1, 2], key=lambda pk: ("test-built", pk), build=build)
    assert first == again == ["<li>1</li>", "<li>2</li>"]
    assert calls == [1, 2]
    settings.APP_CACHE = False
    assert fragments.build_many([1], key=lambda pk: ("test-built", pk), build=build) == ["<li>1</li>"]
    assert calls == [1, 2, 1]
