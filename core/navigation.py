"""Entries of the main navigation, registered by the apps that own the pages.

The base layout lists what the installed apps register, so neither wing needs the
other and the layout names no app's URL itself. An entry is shown when its
``visible`` predicate says so for the person asking (roles are read once per
request, see ``accounts.permissions``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django_stubs_ext import StrOrPromise

from core.chrome import url


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


_entries: dict[str, Entry] = {}


def register(entry: Entry) -> None:
    _entries[entry.key] = entry


def links_for(user: Any, path: str) -> list[Link]:
    entries = [entry for entry in sorted(_entries.values(), key=lambda e: (e.order, e.key)) if entry.visible(user)]
    urls = {entry.key: url(entry.url_name) for entry in entries}
    # One entry is the current page: an exact address wins, then the longest matching section
    # ("/mitwirkung/meine-ideen/" inside "/mitwirkung/").
    exact = [entry.key for entry in entries if urls[entry.key] == path]
    sections = [entry for entry in entries if entry.section_prefix and path.startswith(entry.section_prefix)]
    current = exact[0] if exact else max(sections, key=lambda e: len(e.section_prefix)).key if sections else None
    return [Link(label=str(entry.label), url=urls[entry.key], current=entry.key == current) for entry in entries]
