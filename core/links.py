"""URLs for many rows at the price of one ``reverse()``.

A page with 30 comments and four actions each would otherwise call ``reverse()`` (or
``{% url %}``) 120 times. ``url_maker`` reverses once with a placeholder and returns a
function that puts each row's id in its place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

# An id that never occurs in a real URL and matches every <int:…> converter.
_PLACEHOLDER = 2_147_483_647


def url_maker(viewname: str, *, varying: str, **kwargs: Any) -> Callable[[int], str]:
    """``url_maker("app:item", varying="pk", slug=s)(7) == reverse("app:item", kwargs={"slug": s, "pk": 7})``."""
    head, _placeholder, tail = reverse(viewname, kwargs={**kwargs, varying: _PLACEHOLDER}).rpartition(str(_PLACEHOLDER))

    def make(value: int) -> str:
        return f"{head}{int(value)}{tail}"

    return make
