"""The coordinators' area: an office's plan, day list, bookings for callers, volunteers, conflicts, statistics."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from helpdesk import audit, open_hours, plan, selectors, services
from helpdesk.forms import (
    CallerBookingForm,
    StaffAvailabilityForm,
    WorkshopForm,
)
from helpdesk.models import (
    Availability,
    Booking,
    Channel,
    Office,
    WorkshopSchedule,
)
from helpdesk.views.common import HtmxHttpRequest, day_param, office_for_staff, office_or_choice


@login_required
@require_GET
def office_home(request: HttpRequest) -> HttpResponse:
    return office_or_choice(request, url_name="helpdesk:office-plan", template="helpdesk/office_home.html")


@login_required
@require_GET
def office_plan(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    office = office_for_staff(request, slug)
    day = day_param(request)
    week = request.GET.get("ansicht") == "woche"
    if week:
        day = day - dt.timedelta(days=day.weekday())
    start, _end = selectors.day_bounds(day)
    end = start + dt.timedelta(days=7 if week else 1)
    step = dt.timedelta(days=7 if week else 1)
    audit.record(request, action=audit.Action.PLAN_VIEWED, office=office, detail=day.isoformat())
    days, conflicts = plan.plan_days(office=office, start=start, end=end, now=timezone.now())
    context = {
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
@require_GET
def day_list(request: HttpRequest, slug: str) -> HttpResponse:
    office = office_for_staff(request, slug)
    day = day_param(request)
    start, end = selectors.day_bounds(day)
    audit.record(request, action=audit.Action.DAY_LIST_VIEWED, office=office, detail=day.isoformat())
    rows = plan.day_list_rows(office=office, start=start, end=end)
    return render(request, "helpdesk/day_list.html", {"office": office, "day": day, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def book_for_caller(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    office = office_for_staff(request, slug)
    query = request.GET.get("q", "")
    found = selectors.callers(office=office, query=query)
    if query.strip():
        # The search term itself is a name or phone number: the log keeps only how many were shown.
        audit.record(request, action=audit.Action.CALLER_SEARCHED, office=office, detail=f"{len(found)}")
    slots = selectors.free_slots(office=office, override=True, end=timezone.now() + dt.timedelta(weeks=6))
    initial: dict[str, Any] = {"channel": Channel.PHONE}
    earlier = None
    if request.GET.get("wie"):
        earlier = Booking.objects.filter(pk=request.GET["wie"], slot__office=office).first()
        if earlier is not None:
            audit.record(request, action=audit.Action.BOOKING_VIEWED, booking=earlier)
            initial.update(
                name=earlier.name,
                phone=earlier.phone,
                email=earlier.email,
                topic=earlier.topic_id,
                device=earlier.device,
            )
    if request.GET.get("termin"):
        initial["slot"] = request.GET["termin"]
    form = CallerBookingForm(request.POST or None, initial=initial, slots=slots)
    form.fields["phone"].required = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.booking_create(
                slot=data["slot"],
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                topic=data["topic"],
                device=data["device"],
                channel=data["channel"],
                note=data["note"],
                needs_loan_device=data["needs_loan_device"],
                consent=data["consent"],
                booked_by=cast(User, request.user),
                override=data["override"],
            )
        except services.BookingError as exc:
            form.add_error("override" if exc.code == "no_match" else None, exc.messages[0])
        else:
            messages.success(request, _("Booked for %(name)s.") % {"name": booking.name})
            return redirect("helpdesk:booking-detail", token=booking.token)
    context = {"office": office, "query": query, "callers": found, "form": form, "earlier": earlier}
    template = "helpdesk/book_for_caller.html#callers" if request.htmx else "helpdesk/book_for_caller.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def office_volunteers(request: HttpRequest, slug: str) -> HttpResponse:
    office = office_for_staff(request, slug)
    volunteers = selectors.office_volunteers(office=office)
    people = User.objects.filter(pk__in=[v.pk for v, _profile in volunteers]).order_by("display_name", "email")
    action = request.POST.get("action")
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
@require_GET
def office_stats(request: HttpRequest, slug: str) -> HttpResponse:
    office = office_for_staff(request, slug)
    try:
        days = max(7, min(int(request.GET.get("tage", "90")), 730))
    except ValueError:
        days = 90
    end = timezone.now() + dt.timedelta(days=28)
    start = timezone.now() - dt.timedelta(days=days)
    stats = selectors.office_statistics(office=office, start=start, end=end)
    visits = open_hours.statistics(office=office, start=start, end=timezone.now())
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="statistik-{office.slug}.csv"'
        writer = csv.writer(response, delimiter=";")
        writer.writerow([_("Table"), _("Label"), _("Value")])
        for label, n in stats.by_topic:
            writer.writerow([_("Bookings by topic"), label, n])
        for label, n in stats.by_device:
            writer.writerow([_("Bookings by device"), label, n])
        writer.writerow([_("Attendance"), _("came"), stats.attended])
        writer.writerow([_("Attendance"), _("did not come"), stats.no_show])
        for name, hours in stats.volunteer_hours:
            writer.writerow([_("Volunteer hours"), name, f"{hours:.2f}".replace(".", ",")])
        writer.writerow([_("Waitlist"), _("waiting"), stats.waitlist_length])
        for row in visits.rows:
            when = timezone.localtime(row.slot.starts_at).strftime("%Y-%m-%d %H:%M")
            writer.writerow([_("Visitors per open consultation hour"), when, row.visitors])
        for label, n in visits.by_topic:
            writer.writerow([_("Open-hour visitors by topic"), label, n])
        return response
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
