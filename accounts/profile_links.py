"""Links on a person's profile page, registered by the apps that own the pages they lead to.

The profile lives in ``accounts``, below the apps that offer "my ideas" or notification
settings; they register a link in ``AppConfig.ready()`` and the profile lists them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django_stubs_ext import StrOrPromise

from core.navigation import everyone


@dataclass(frozen=True)
class ProfileLink:
    key: str
    label: StrOrPromise
    url_name: str
    order: int = 100
    visible: Callable[[Any], bool] = everyone


_links: dict[str, ProfileLink] = {}


def register(link: ProfileLink) -> None:
    _links[link.key] = link


def links_for(user: Any) -> list[tuple[str, str]]:
    """(label, url) of every link this person may follow, in order."""
    ordered = sorted(_links.values(), key=lambda link: (link.order, link.key))
    return [(str(link.label), reverse(link.url_name)) for link in ordered if link.visible(user)]
