"""Honest HTTP caching of read pages: conditional GETs answered from explicit change stamps.

Decorate a read view with ``public_for_anonymous(stamp=...)``. ``stamp(request, *args,
**kwargs)`` returns when anything the page shows last changed, read from a stamp that
the write services touch (``Project.content_changed_at``, ``Office.plan_changed_at``),
or ``None`` when the page is not public (a draft, a missing object: the view decides).

- **Anonymous visitors** (no session with a user, no pending flash message) get a weak
  ``ETag`` and a ``Last-Modified`` and ``Cache-Control: public, max-age=…``. A request
  whose ``If-None-Match`` (or, without it, ``If-Modified-Since``) still matches is
  answered ``304 Not Modified`` before the view runs: one small query, no rendering.
  The validator also covers the day (pages show "now" and "past"), the release of the
  code (a deploy changes the HTML), the language and the htmx headers.
- **Signed-in people** get ``Cache-Control: private, no-cache`` and no validator: their
  pages hold their own state and tokens.
- Every answer says ``Vary: Cookie, Accept-Language, HX-Request, HX-Boosted``, so a
  shared cache keeps the variants apart.

Nothing per person may reach a public answer. If rendering turns out to need a CSRF
token, a session change or a cookie, the answer is downgraded to ``private, no-store``
without validators, so a mistake in a template costs speed, never privacy.

The deployed code is part of every validator (``core.release``): a deploy changes the HTML.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponseBase, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from django.utils.translation import get_language

from core.release import release

View = TypeVar("View", bound=Callable[..., HttpResponseBase])
Stamp = Callable[..., dt.datetime | None]

VARY = ("Cookie", "Accept-Language", "HX-Request", "HX-Boosted")
DEFAULT_MAX_AGE = 60


def public_for_anonymous(*, stamp: Stamp, max_age: int = DEFAULT_MAX_AGE) -> Callable[[View], View]:
    """Answer anonymous GETs conditionally from ``stamp``; mark everything else private (see the module)."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            if not is_anonymous_without_state(request):
                return private(view(request, *args, **kwargs))
            changed = stamp(request, *args, **kwargs)
            if changed is None:
                return private(view(request, *args, **kwargs))
            validator = Validator.for_request(request, changed)
            if validator.matches(request):
                return validator.apply(HttpResponseNotModified(), max_age=max_age)
            response = view(request, *args, **kwargs)
            if response.status_code not in (200, 410) or made_personal(request, response):
                return private(response, store=False)
            return validator.apply(response, max_age=max_age)

        return cast(View, wrapped)

    return decorator


def is_anonymous_without_state(request: Any) -> bool:
    """Nobody is signed in and no flash message waits: the page is the same for every such visitor."""
    if getattr(request.user, "is_authenticated", False):
        return False
    storage = messages.get_messages(getattr(request, "_request", request))
    return len(storage) == 0


def made_personal(request: Any, response: HttpResponseBase) -> bool:
    """Did rendering use a CSRF token, change the session or set a cookie?"""
    meta = request.META
    session = getattr(request, "session", None)
    return bool(meta.get("CSRF_COOKIE_NEEDS_UPDATE") or response.cookies or (session is not None and session.modified))


def private(response: HttpResponseBase, *, store: bool = True) -> HttpResponseBase:
    if store:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, VARY)
    return response


class Validator:
    """The ETag and Last-Modified of one representation of a page."""

    def __init__(self, etag: str, last_modified: dt.datetime) -> None:
        self.etag = etag
        self.last_modified = last_modified

    @classmethod
    def for_request(cls, request: HttpRequest, changed: dt.datetime) -> Validator:
        release_name, released_at = release()
        today = timezone.localdate()
        midnight = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
        parts = [
            changed.isoformat(),
            today.isoformat(),
            release_name,
            get_language() or "",
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Boosted", ""),
        ]
        digest = hashlib.blake2b("|".join(parts).encode(), digest_size=12).hexdigest()
        return cls(f'W/"{digest}"', max(changed, midnight, released_at))

    def matches(self, request: HttpRequest) -> bool:
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match is not None:
            wanted = _weak(self.etag)
            return any(tag == "*" or _weak(tag) == wanted for tag in parse_etags(if_none_match))
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        return since is not None and int(self.last_modified.timestamp()) <= since

    def apply(self, response: HttpResponseBase, *, max_age: int) -> HttpResponseBase:
        response.headers["ETag"] = self.etag
        response.headers["Last-Modified"] = http_date(self.last_modified.timestamp())
        patch_cache_control(response, public=True, max_age=max_age)
        patch_vary_headers(response, VARY)
        return response


def _weak(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def latest(*stamps: dt.datetime | None) -> dt.datetime | None:
    """The newest of several stamps, or None if any is None (the page is then not public)."""
    if any(stamp is None for stamp in stamps):
        return None
    return max(cast(dt.datetime, stamp) for stamp in stamps)
