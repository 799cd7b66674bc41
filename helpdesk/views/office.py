"""The coordinators' area: an office's plan, day list, volunteers, statistics (booking for callers: ``phone_desk``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import User
from core import exports, params
from helpdesk import audit, open_hours, opening, plan, selectors, services
from helpdesk.forms import (
    StaffAvailabilityForm,
    WorkshopForm,
)
from helpdesk.models import (
    Availability,
    Office,
    WorkshopSchedule,
)
from helpdesk.views.common import HtmxHttpRequest, day_param, office_for_staff, office_or_choice


@login_required
@require_safe
def office_home(request: HttpRequest) -> HttpResponse:
    return office_or_choice(request, url_name="helpdesk:office-plan", template="helpdesk/office_home.html")


@login_required
@require_safe
def office_plan(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    office = office_for_staff(request, slug)
    day = day_param(request)
    week = params.choice(request.GET, "ansicht", ["tag", "woche"], default="tag") == "woche"
    if week:
        day = day - dt.timedelta(days=day.weekday())
    start, _end = selectors.day_bounds(day)
    end = start + dt.timedelta(days=7 if week else 1)
    step = dt.timedelta(days=7 if week else 1)
    audit.record(request, action=audit.Action.PLAN_VIEWED, office=office, detail=day.isoformat())
    days, conflicts = plan.plan_days(office=office, start=start, end=end, now=timezone.now())
    # An empty day: say whether the office is closed then and when it opens next.
    closed = opening.closed_day(office, day) if not week and not days else None
    next_planned = selectors.next_planned_day(office=office, after=day) if not week and not days else None
    context = {
        "closed": closed,
        "next_planned": next_planned,
        "office": office,
        "day": day,
        "week": week,
        "days": days,
        "previous_day": day - step,
        "next_day": day + step,
        "conflicts": conflicts,
    }
    template = "helpdesk/office_plan.html#plan" if request.htmx else "helpdesk/office_plan.html"
    return render(request, template, context)


@login_required
@require_safe
def day_list(request: HttpRequest, slug: str) -> HttpResponse:
    office = office_for_staff(request, slug)
    day = day_param(request)
    start, end = selectors.day_bounds(day)
    audit.record(request, action=audit.Action.DAY_LIST_VIEWED, office=office, detail=day.isoformat())
    rows = plan.day_list_rows(office=office, start=start, end=end)
    return render(request, "helpdesk/day_list.html", {"office": office, "day": day, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def office_volunteers(request: HttpRequest, slug: str) -> HttpResponse:
    office = office_for_staff(request, slug)
    volunteers = selectors.office_volunteers(office=office)
    people = User.objects.filter(pk__in=[v.pk for v, _profile in volunteers]).order_by("display_name", "email")
    action = params.choice(request.POST, "action", ["availability", "workshop"], default=None)
    availability_form = StaffAvailabilityForm(
        request.POST if action == "availability" else None,
        offices=Office.objects.filter(pk=office.pk),
        volunteers=people,
        initial={"office": office.pk},
    )
    workshop_form = WorkshopForm(request.POST if action == "workshop" else None, volunteers=people)
    if action == "availability" and availability_form.is_valid():
        data = availability_form.cleaned_data
        try:
            services.availability_create(
                volunteer=data["volunteer"],
                office=office,
                weekday=data["weekday"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                slot_minutes=data["slot_minutes"],
            )
        except ValidationError as exc:
            availability_form.add_error(None, exc.messages[0])
        else:
            services.slots_generate(office=office)
            messages.success(request, _("The time has been added and the slots were created."))
            return redirect("helpdesk:office-volunteers", slug=office.slug)
    if action == "workshop" and workshop_form.is_valid():
        data = workshop_form.cleaned_data
        services.workshop_schedule_create(
            office=office,
            title=data["title"],
            kind=data["kind"],
            weekday=data["weekday"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            capacity=data["capacity"],
            topics=list(data["topics"]),
            volunteers=list(data["volunteers"]),
        )
        services.slots_generate(office=office)
        messages.success(request, _("The workshop has been added and its dates were created."))
        return redirect("helpdesk:office-volunteers", slug=office.slug)
    context = {
        "office": office,
        "volunteers": volunteers,
        "availabilities": Availability.objects.filter(office=office).select_related("volunteer"),
        "workshops": WorkshopSchedule.objects.filter(office=office).prefetch_related("volunteers", "topics"),
        "availability_form": availability_form,
        "workshop_form": workshop_form,
    }
    return render(request, "helpdesk/office_volunteers.html", context)


@login_required
@require_POST
def office_regenerate(request: HttpRequest, slug: str) -> HttpResponse:
    office = office_for_staff(request, slug)
    result = services.slots_generate(office=office)
    messages.success(
        request,
        _("%(created)s new slots, %(deleted)s removed, %(flagged)s flagged.")
        % {"created": result.created, "deleted": result.deleted, "flagged": result.flagged},
    )
    return redirect("helpdesk:office-volunteers", slug=office.slug)


@login_required
@require_safe
def office_stats(request: HttpRequest, slug: str) -> HttpResponse:
    office = office_for_staff(request, slug)
    days = params.integer(request.GET, "tage", default=90, minimum=7, maximum=730)
    end = timezone.now() + dt.timedelta(days=28)
    start = timezone.now() - dt.timedelta(days=days)
    stats = selectors.office_statistics(office=office, start=start, end=end)
    visits = open_hours.statistics(office=office, start=start, end=timezone.now())
    if params.choice(request.GET, "format", ["csv"], default=None):
        rows: list[list[Any]] = []
        rows += [[_("Bookings by topic"), label, n] for label, n in stats.by_topic]
        rows += [[_("Bookings by device"), label, n] for label, n in stats.by_device]
        rows.append([_("Attendance"), _("came"), stats.attended])
        rows.append([_("Attendance"), _("did not come"), stats.no_show])
        rows += [
            [_("Volunteer hours"), name, f"{hours:.2f}".replace(".", ",")] for name, hours in stats.volunteer_hours
        ]
        rows.append([_("Waitlist"), _("waiting"), stats.waitlist_length])
        for row in visits.rows:
            when = timezone.localtime(row.slot.starts_at).strftime("%Y-%m-%d %H:%M")
            rows.append([_("Visitors per open consultation hour"), when, row.visitors])
        rows += [[_("Open-hour visitors by topic"), label, n] for label, n in visits.by_topic]
        return exports.csv_response([_("Table"), _("Label"), _("Value")], rows, filename=f"statistik-{office.slug}.csv")
    return render(
        request,
        "helpdesk/office_stats.html",
        {
            "office": office,
            "stats": stats,
            "visits": visits,
            "days": days,
            "no_show_percent": round(stats.no_show_rate * 100),
        },
    )
