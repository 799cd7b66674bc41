"""What the helpdesk pages share: the htmx request type, grouping by day, the staff office lookup."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django_htmx.middleware import HtmxDetails

from helpdesk import permissions, selectors
from helpdesk.models import (
    Office,
    Slot,
)


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def group_by_day(slots: list[Slot]) -> list[tuple[dt.date, list[Slot]]]:
    return [(day, list(items)) for day, items in groupby(slots, key=lambda s: timezone.localtime(s.starts_at).date())]


def office_for_staff(request: HttpRequest, slug: str) -> Office:
    office = selectors.office_by_slug(slug)
    if office is None:
        raise Http404
    if not permissions.can_manage_office(request.user, office):
        raise PermissionDenied
    return office


def day_param(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("tag", ""))
    except ValueError:
        return timezone.localdate()


def office_or_choice(request: HttpRequest, *, url_name: str, template: str) -> HttpResponse:
    """Send a coordinator straight to their one office's page, or let them (and administrators) choose."""
    offices = list(selectors.coordinated_offices(request.user))
    if not offices:
        raise PermissionDenied
    if len(offices) == 1:
        return redirect(url_name, slug=offices[0].slug)
    return render(request, template, {"offices": offices})
