"""Conditional GETs for the anonymous public pages of the helpdesk (start, office, free times).

The validator is built from explicit change stamps (``Office.plan_changed_at``, touched by
the services that change what these pages show) plus whatever else the page depends on
(today's date, the next slot to begin, the address with its query, the language). A
browser that sends the ETag or date back gets "304 Not Modified" without a render.

Signed-in people, requests with a pending message and every request while
``settings.APP_CACHE`` is off get the page rendered as usual, without validators. The
first answer to a new visitor sets the CSRF cookie and is marked ``private``; later
answers set no cookie and are ``public`` with ``Vary: Cookie``, so a shared cache keeps
one copy per cookie and never hands one visitor's form token to another.

The smallest thing that works here; a generic helper in ``core`` may replace it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

# Seconds a browser or proxy may show a public page without asking again: short, because a
# place booked a minute ago must not stay on offer for long.
MAX_AGE = 60


class Validator:
    """ETag and Last-Modified of one public page; inactive for anyone who gets a personal page."""

    def __init__(self, request: HttpRequest, *, state: Callable[[], tuple[dt.datetime, Iterable[object]]]) -> None:
        """``state`` gives the change stamp and whatever else the page depends on; it is only asked
        when validators are used, so a page rendered for a signed-in person costs no query for them."""
        self.request = request
        self.active = (
            settings.APP_CACHE
            and request.method in ("GET", "HEAD")
            and getattr(request, "user", None) is not None
            and not request.user.is_authenticated
            and "messages" not in request.COOKIES
        )
        self.last_modified = 0
        self.etag = ""
        if self.active:
            stamp, parts = state()
            language = translation.get_language() or ""
            htmx = request.headers.get("HX-Request", "")
            seen = "|".join(str(part) for part in [stamp.isoformat(), language, htmx, request.get_full_path(), *parts])
            self.last_modified = int(stamp.timestamp())
            self.etag = 'W/"' + hashlib.sha256(seen.encode()).hexdigest()[:32] + '"'

    def not_modified(self) -> HttpResponse | None:
        """The 304 answer when the browser's copy is still right, else None (render the page)."""
        if not self.active:
            return None
        response = get_conditional_response(self.request, etag=self.etag, last_modified=self.last_modified)
        return self._mark(response) if response is not None else None

    def mark(self, response: HttpResponse) -> HttpResponse:
        """Add the validators to a freshly rendered page."""
        if self.active and response.status_code == 200:
            self._mark(response)
        return response

    def _mark(self, response: HttpResponse) -> HttpResponse:
        response["ETag"] = self.etag
        response["Last-Modified"] = http_date(self.last_modified)
        meta = self.request.META
        if self.request.COOKIES.get(settings.CSRF_COOKIE_NAME) == meta.get("CSRF_COOKIE"):
            # The browser already holds this CSRF cookie; Django would send it again only to renew
            # its expiry. Not sending it keeps the answer free of anything personal but the token
            # in the page, which belongs to that cookie (hence "Vary: Cookie").
            meta["CSRF_COOKIE_NEEDS_UPDATE"] = False
        personal = bool(meta.get("CSRF_COOKIE_NEEDS_UPDATE"))
        patch_cache_control(response, max_age=MAX_AGE, **({"private": True} if personal else {"public": True}))
        patch_vary_headers(response, ("Cookie", "Accept-Language", "HX-Request"))
        return response
