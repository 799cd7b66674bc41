"""The table of measured pages."""

from __future__ import annotations

import re

from bench.pages import ANONYMOUS, MAP_DATA, PAGES, anonymous_pages, pages_of

VALUES = {"project": "bench-platz", "hot_idea": "17", "office": "bench-gruebentaelchen", "day": "2026-12-02"}


def test_every_page_path_is_filled_in_completely() -> None:
    for page in PAGES:
        url = page.url(**VALUES)
        assert url.startswith("/") and not re.search(r"[{}]", url), page.key


def test_the_map_data_asks_for_the_whole_city_as_a_bounding_box() -> None:
    assert "bbox=49.40,7.68,49.48,7.84" in MAP_DATA.format(project="p")


def test_conditional_gets_are_only_sent_for_pages_without_a_person() -> None:
    assert anonymous_pages()
    assert all(page.who == ANONYMOUS for page in anonymous_pages())


def test_every_page_belongs_to_one_of_the_two_served_stages() -> None:
    assert len(pages_of("participation")) + len(pages_of("helpdesk")) == len(PAGES)
    assert len({page.key for page in PAGES}) == len(PAGES)
