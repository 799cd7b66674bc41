"""HTML escaping for text put together in Python on the busiest pages.

The same characters as Django's ``escape`` (and ``html.escape``) are replaced, in one
``str.translate`` instead of a lazy-aware wrapper and five ``replace`` calls: the day plan,
idea cards and comment bodies escape a few hundred values per page.
"""

from __future__ import annotations

from typing import Any

_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def escape(value: Any) -> str:
    """``value`` as text that is safe inside HTML elements and quoted attributes."""
    return str(value).translate(_ENTITIES)
