"""One way to follow a ``next`` parameter: only to a path on this site.

Every view that redirects to where the person came from uses this::

    return redirects.redirect_next(request, fallback="helpdesk:my-appointments")

``next`` is read from the form, then from the query string. It is followed only when it is
a path on this site: starting with one ``/`` and holding no backslash, whitespace or
control character (browsers read ``/\\evil.example`` and ``/\\t/evil.example`` as another
host). Everything else falls back: absolute URLs (even to this host: nobody needs them),
scheme-relative ``//evil.example``, ``javascript:``, ``data:``, an empty or an overlong
value.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

MAX_LENGTH = 2000


def is_local_path(target: str) -> bool:
    return (
        0 < len(target) <= MAX_LENGTH
        and target.startswith("/")
        and not target.startswith("//")
        and not any(char == "\\" or char.isspace() or not char.isprintable() for char in target)
        # Django's own check as a second opinion (it knows more browser quirks).
        and url_has_allowed_host_and_scheme(target, allowed_hosts=None)
    )


def safe_next(request: HttpRequest, fallback: Any, *, field: str = "next") -> str:
    """The ``next`` path when it is a path on this site, else ``fallback`` (a URL, path or URL name)."""
    target = request.POST.get(field) or request.GET.get(field) or ""
    return target if is_local_path(target) else resolve_url(fallback)


def redirect_next(request: HttpRequest, fallback: Any, *, field: str = "next") -> HttpResponseRedirect:
    return HttpResponseRedirect(safe_next(request, fallback, field=field))
