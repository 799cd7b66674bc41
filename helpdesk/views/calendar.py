"""The coordinators' calendar page: an office's opening hours, closures and extra dates."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts.models import User
from core import params
from helpdesk import services
from helpdesk.calendar_forms import ClosureForm, ExtraDateForm, OpeningHoursForm
from helpdesk.models import Closure, ExtraDate, Office, OpeningHours
from helpdesk.opening import public_holidays
from helpdesk.views.common import office_for_staff

ACTIONS = ["hours", "closure", "extra", "delete-hours", "delete-closure", "delete-extra"]


def _delete(request: HttpRequest, office: Office, action: str) -> bool:
    """The remove buttons; each row is looked up within this office only."""
    if not action.startswith("delete-"):
        return False
    pk = params.object_id(request.POST, "pk")
    if action == "delete-hours":
        services.opening_hours_delete(hours=get_object_or_404(OpeningHours, pk=pk, office=office))
    elif action == "delete-closure":
        services.closure_delete(closure=get_object_or_404(Closure, pk=pk, office=office))
    elif action == "delete-extra":
        services.extra_date_delete(extra=get_object_or_404(ExtraDate, pk=pk, office=office))
    else:
        return False
    messages.success(request, _("Removed. The free times have been updated."))
    return True


def _add(request: HttpRequest, office: Office, action: str, form: Form) -> HttpResponse | None:
    data = form.cleaned_data
    try:
        if action == "hours":
            services.opening_hours_add(
                office=office, weekday=data["weekday"], opens=data["opens"], closes=data["closes"]
            )
            messages.success(request, _("The opening hours have been added; the free times follow them."))
        elif action == "closure":
            result = services.closure_create(
                office=office,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                reason=data["reason"],
                by=cast(User, request.user),
            )
            if result.affected:
                messages.warning(
                    request,
                    ngettext(
                        "The office is closed on these days. %(count)s appointment with bookings falls on them: "
                        "please move or cancel it.",
                        "The office is closed on these days. %(count)s appointments with bookings fall on them: "
                        "please move or cancel them.",
                        result.affected,
                    )
                    % {"count": result.affected},
                )
                return redirect("helpdesk:office-conflicts", slug=office.slug)
            messages.success(request, _("The office is closed on these days. No booked appointment was affected."))
        else:
            services.extra_date_create(
                office=office,
                day=data["day"],
                opens=data["opens"],
                closes=data["closes"],
                title=data["title"],
                kind=data["kind"],
                capacity=data["capacity"],
            )
            messages.success(request, _("The extra date has been added."))
    except ValidationError as exc:
        form.add_error(None, exc.messages[0])
        return None
    return redirect("helpdesk:office-calendar", slug=office.slug)


@login_required
@require_http_methods(["GET", "POST"])
def office_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    office = office_for_staff(request, slug)
    action = params.choice(request.POST, "action", ACTIONS, default="")
    if request.method == "POST" and _delete(request, office, action):
        return redirect("helpdesk:office-calendar", slug=office.slug)
    forms: dict[str, Form] = {
        "hours": OpeningHoursForm(request.POST if action == "hours" else None, prefix="hours"),
        "closure": ClosureForm(request.POST if action == "closure" else None, prefix="closure"),
        "extra": ExtraDateForm(request.POST if action == "extra" else None, prefix="extra"),
    }
    if action in forms and forms[action].is_valid():
        response = _add(request, office, action, forms[action])
        if response is not None:
            return response
    today = timezone.localdate()
    context = {
        "office": office,
        "hours": OpeningHours.objects.filter(office=office),
        "closures": Closure.objects.filter(office=office, ends_on__gte=today),
        "extra_dates": ExtraDate.objects.filter(office=office, day__gte=today),
        "holidays": public_holidays(today, today + dt.timedelta(days=365)).items(),
        "hours_form": forms["hours"],
        "closure_form": forms["closure"],
        "extra_form": forms["extra"],
    }
    return render(request, "helpdesk/office_calendar.html", context)
