"""Entries of the main navigation, registered by the apps that own the pages.

The base layout lists what the installed apps register, so neither wing needs the
other and the layout names no app's URL itself. An entry is shown when its
``visible`` predicate says so for the person asking (roles are read once per
request, see ``accounts.permissions``).

Only the predicates are asked per request: they are what depends on the person, and asking
them is a few look-ups in the roles already read. What follows from the set of visible entries
(their addresses and labels in the active language, which one is the current page, the ready
HTML of the list) is built once per process, like ``core.chrome``: putting eight links together
through the template language on every page cost about a third of the base layout (issue 15).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django_stubs_ext import StrOrPromise

from core.chrome import once, url


def everyone(user: Any) -> bool:
    return True


@dataclass(frozen=True)
class Entry:
    key: str
    label: StrOrPromise
    url_name: str
    order: int
    visible: Callable[[Any], bool] = everyone
    # Marked as the current page when the path starts with this (empty: only the exact URL).
    section_prefix: str = ""


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool


_CURRENT = mark_safe(' aria-current="page"')  # a fixed attribute
_entries: dict[str, Entry] = {}
_ordered: list[tuple[Entry, ...]] = []


def register(entry: Entry) -> None:
    _entries[entry.key] = entry
    _ordered.clear()


def _in_order() -> tuple[Entry, ...]:
    if not _ordered:
        _ordered.append(tuple(sorted(_entries.values(), key=lambda e: (e.order, e.key))))
    return _ordered[0]


@dataclass
class _Menu:
    """The visible entries of one set, in one language: addresses, labels and ready HTML per current entry."""

    entries: tuple[Entry, ...]
    urls: tuple[str, ...]
    labels: tuple[str, ...]
    # Sections longest first: the longest matching one is the current page when no address matches exactly.
    sections: tuple[tuple[str, str], ...]
    html: dict[str | None, SafeString] = field(default_factory=dict)

    def current(self, path: str) -> str | None:
        """One entry is the current page: an exact address wins, then the longest matching section
        ("/mitwirkung/meine-ideen/" inside "/mitwirkung/")."""
        for entry, address in zip(self.entries, self.urls, strict=True):
            if address == path:
                return entry.key
        return next((key for prefix, key in self.sections if path.startswith(prefix)), None)

    def links(self, current: str | None) -> list[Link]:
        return [
            Link(label=label, url=address, current=entry.key == current)
            for entry, address, label in zip(self.entries, self.urls, self.labels, strict=True)
        ]

    def items(self, current: str | None) -> SafeString:
        found = self.html.get(current)
        if found is None:
            # The same characters the layout's loop printed, so the page does not change by a byte.
            found = self.html[current] = format_html_join(
                "",
                '\n          <li><a href="{}"{}>{}</a></li>\n        ',
                ((link.url, _CURRENT if link.current else "", link.label) for link in self.links(current)),
            )
        return found


def _menu(user: Any) -> _Menu:
    visible = tuple(entry for entry in _in_order() if entry.visible(user))

    def build() -> _Menu:
        sections = sorted(
            ((entry.section_prefix, entry.key) for entry in visible if entry.section_prefix),
            key=lambda section: -len(section[0]),
        )
        return _Menu(
            entries=visible,
            urls=tuple(url(entry.url_name) for entry in visible),
            labels=tuple(str(entry.label) for entry in visible),
            sections=tuple(sections),
        )

    return once("main-nav", tuple(entry.key for entry in visible), build=build)


def links_for(user: Any, path: str) -> list[Link]:
    menu = _menu(user)
    return menu.links(menu.current(path))


def items_html(user: Any, path: str) -> SafeString:
    """The navigation's list items for this person and page, ready to print (``templates/base.html``)."""
    menu = _menu(user)
    return menu.items(menu.current(path))
