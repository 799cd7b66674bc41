"""What the helpdesk pages share: the htmx request type, grouping by day, the staff office lookup."""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django_htmx.middleware import HtmxDetails

from core import params
from core.chrome import url
from helpdesk import permissions, selectors
from helpdesk.models import (
    Booking,
    Office,
    Slot,
)


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def group_by_day(slots: list[Slot]) -> list[tuple[dt.date, list[Slot]]]:
    return [(day, list(items)) for day, items in groupby(slots, key=lambda s: timezone.localtime(s.starts_at).date())]


def slot_url_prefix() -> str:
    """The booking page's address without the slot id ("/hilfe/termin/"), reversed once per process.

    The time picker appends ``<id>/`` per time instead of reversing a URL for every row.
    """
    return url("helpdesk:book", "0").removesuffix("0/")


# The tokens of bookings made in this browser, so that a second try can link to the first one.
# A signed, HttpOnly cookie rather than the session: booking a place writes nothing more to the database.
_COOKIE = "helpdesk_bookings"
_SALT = "helpdesk.bookings"
_REMEMBERED = 10
_REMEMBER_DAYS = 120


def _remembered_tokens(request: HttpRequest) -> list[str]:
    value = request.get_signed_cookie(_COOKIE, default="", salt=_SALT, max_age=_REMEMBER_DAYS * 86400)
    return [token for token in str(value).split(",") if token]


def remember_booking(request: HttpRequest, response: HttpResponse, booking: Booking) -> None:
    tokens = [booking.token, *(t for t in _remembered_tokens(request) if t != booking.token)][:_REMEMBERED]
    response.set_signed_cookie(
        _COOKIE,
        ",".join(tokens),
        salt=_SALT,
        max_age=_REMEMBER_DAYS * 86400,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def may_open(request: HttpRequest, booking: Booking) -> bool:
    """May this request be shown the link to ``booking``: the signed-in owner, or the browser that booked it.

    A guest who types someone else's phone number must not get that person's booking link.
    """
    user: Any = request.user
    if user.is_authenticated and booking.user_id == user.pk:
        return True
    return booking.token in _remembered_tokens(request)


def office_for_staff(request: HttpRequest, slug: str) -> Office:
    office = selectors.office_by_slug(slug)
    if office is None:
        raise Http404
    if not permissions.can_manage_office(request.user, office):
        raise PermissionDenied
    return office


def day_param(request: HttpRequest) -> dt.date:
    """The day a staff page shows (``?tag=YYYY-MM-DD``), today without one."""
    return params.date(request.GET, "tag", default=timezone.localdate())


def office_or_choice(request: HttpRequest, *, url_name: str, template: str) -> HttpResponse:
    """Send a coordinator straight to their one office's page, or let them (and administrators) choose."""
    offices = list(selectors.coordinated_offices(request.user))
    if not offices:
        raise PermissionDenied
    if len(offices) == 1:
        return redirect(url_name, slug=offices[0].slug)
    return render(request, template, {"offices": offices})
