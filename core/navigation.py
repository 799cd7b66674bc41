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

from django.urls import reverse
from django_stubs_ext import StrOrPromise


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
    links = []
    for entry in sorted(_entries.values(), key=lambda e: (e.order, e.key)):
        if not entry.visible(user):
            continue
        url = reverse(entry.url_name)
        current = path.startswith(entry.section_prefix) if entry.section_prefix else path == url
        links.append(Link(label=str(entry.label), url=url, current=current))
    return links
