"""Paging without counting: read one row more than a page holds to know whether another page follows.

Django's ``Paginator`` counts every matching row to number the pages; on a table of
10,000 ideas that count cost more than the page itself. Pages here have "previous"
and "next" links (plain links, so they work without JavaScript) and a number, but no
total; a page may show a total that is stored elsewhere (``Project.public_idea_count``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol


class Sliceable[Row](Protocol):
    """A queryset or a list: anything that reads a slice of rows."""

    def __getitem__(self, index: slice, /) -> Iterable[Row]: ...


# Deeper pages are refused rather than read: OFFSET grows with the number.
MAX_PAGE = 10_000


@dataclass(frozen=True)
class Page[T]:
    items: list[T]
    number: int
    has_next: bool
    size: int = 20

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        """The position of the first item on this page, counted from 1 (0 on an empty page)."""
        return 0 if not self.items else self.offset + 1

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


def page_number(value: Any) -> int:
    """The page asked for: a whole number from 1 to MAX_PAGE; anything else is the first page."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def page_of[T](rows: Sliceable[T], *, number: Any, size: int) -> Page[T]:
    """Page ``number`` of ``rows`` (a queryset or list), reading at most ``size + 1`` rows."""
    current = page_number(number)
    start = (current - 1) * size
    window = list(rows[start : start + size + 1])
    return Page(items=window[:size], number=current, has_next=len(window) > size, size=size)
