"""Volunteers' and coordinators' areas."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import audit
from accounts.models import User
from core import page_cache
from helpdesk import ics, permissions, selectors, services
from helpdesk.forms import (
    AbsenceForm,
    AvailabilityForm,
    CallerBookingForm,
    OutcomeForm,
    StaffAvailabilityForm,
    StaffCancelForm,
    VolunteerProfileForm,
    WorkshopForm,
)
from helpdesk.models import (
    Absence,
    Availability,
    Booking,
    BookingStatus,
    Channel,
    Office,
    Slot,
    Volunteer,
    WorkshopSchedule,
)
from helpdesk.views import HtmxHttpRequest, group_by_day

# --- volunteers -------------------------------------------------------------------------------


def _volunteer(request: HttpRequest) -> User:
    if not permissions.may_use_volunteer_area(request.user):
        raise PermissionDenied
    return cast(User, request.user)


@login_required
@require_GET
@page_cache.cached(page_cache.HELPDESK)
def my_appointments(request: HttpRequest) -> HttpResponse:
    user = _volunteer(request)
    now = timezone.now()
    upcoming = list(selectors.volunteer_slots(user=user, start=now))
    recent = [
        slot
        for slot in selectors.volunteer_slots(user=user, start=now - dt.timedelta(days=14), end=now)
        if any(b.status == BookingStatus.ACTIVE for b in slot.bookings.all())
    ]
    return render(
        request,
        "helpdesk/my_appointments.html",
        {"days": group_by_day(upcoming), "recent": recent, "outcome_form": OutcomeForm()},
    )


def _staff_booking(request: HttpRequest, booking_id: int) -> Booking:
    booking = get_object_or_404(
        Booking.objects.select_related("slot__office", "topic").prefetch_related("slot__volunteers"), pk=booking_id
    )
    if not permissions.can_record_outcome(request.user, booking):
        raise PermissionDenied
    return booking


@login_required
@require_POST
def booking_outcome(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = _staff_booking(request, booking_id)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.booking_record_outcome(
                booking=booking, attended=form.cleaned_data["outcome"] == "attended", note=form.cleaned_data["note"]
            )
            messages.success(request, _("Saved. Thank you!"))
        except services.BookingError as exc:
            messages.error(request, exc.messages[0])
    else:
        messages.error(request, _("Please say whether the person came."))
    return redirect(request.POST.get("next") or reverse("helpdesk:my-appointments"))


@login_required
@require_http_methods(["GET", "POST"])
def staff_booking_cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    """A volunteer or coordinator cancels, with a reason; coordinators are told when a volunteer does."""
    booking = _staff_booking(request, booking_id)
    form = StaffCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.booking_cancel(booking=booking, reason=form.cleaned_data["reason"], by=cast(User, request.user))
        messages.success(request, _("The appointment is cancelled and the person will be told."))
        if permissions.can_manage_office(request.user, booking.slot.office):
            return redirect("helpdesk:office-plan", slug=booking.slot.office.slug)
        return redirect("helpdesk:my-appointments")
    audit.record(request, action=audit.Action.BOOKING_VIEWED, booking=booking)
    return render(request, "helpdesk/staff_cancel.html", {"booking": booking, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def my_availability(request: HttpRequest) -> HttpResponse:
    user = _volunteer(request)
    offices = Office.objects.filter(memberships__user=user, memberships__role="volunteer").order_by("name")
    profile, _created = Volunteer.objects.get_or_create(user=user)
    action = request.POST.get("action")
    availability_form = AvailabilityForm(request.POST if action == "availability" else None, offices=offices)
    absence_form = AbsenceForm(request.POST if action == "absence" else None)
    profile_form = VolunteerProfileForm(
        request.POST if action == "profile" else None,
        initial={"topics": list(profile.topics.all()), "devices": profile.device_list},
    )
    if action == "availability" and availability_form.is_valid():
        data = availability_form.cleaned_data
        availability = services.availability_create(
            volunteer=user,
            office=data["office"],
            weekday=data["weekday"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            slot_minutes=data["slot_minutes"],
        )
        services.slots_generate(office=availability.office)
        messages.success(request, _("Your time has been added."))
        return redirect("helpdesk:my-availability")
    if action == "absence" and absence_form.is_valid():
        data = absence_form.cleaned_data
        services.absence_create(volunteer=user, starts_on=data["starts_on"], ends_on=data["ends_on"], note=data["note"])
        messages.success(request, _("Your absence has been saved. The coordinator sees affected appointments."))
        return redirect("helpdesk:my-availability")
    if action == "profile" and profile_form.is_valid():
        services.volunteer_profile_update(
            user=user, topics=list(profile_form.cleaned_data["topics"]), devices=profile_form.cleaned_data["devices"]
        )
        messages.success(request, _("Saved."))
        return redirect("helpdesk:my-availability")
    context = {
        "availabilities": Availability.objects.filter(volunteer=user).select_related("office"),
        "absences": Absence.objects.filter(volunteer=user, ends_on__gte=timezone.localdate()),
        "availability_form": availability_form,
        "absence_form": absence_form,
        "profile_form": profile_form,
        "feed_url": request.build_absolute_uri(reverse("helpdesk:calendar-feed", args=[profile.calendar_token])),
    }
    return render(request, "helpdesk/my_availability.html", context)


@login_required
@require_POST
def availability_delete(request: HttpRequest, pk: int) -> HttpResponse:
    availability = get_object_or_404(Availability.objects.select_related("office"), pk=pk)
    if availability.volunteer_id != request.user.pk and not permissions.can_manage_office(
        request.user, availability.office
    ):
        raise PermissionDenied
    office = availability.office
    services.availability_delete(availability=availability)
    services.slots_generate(office=office)
    messages.success(request, _("The time has been removed. Booked appointments stay."))
    return redirect(request.POST.get("next") or reverse("helpdesk:my-availability"))


@login_required
@require_POST
def absence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    absence = get_object_or_404(Absence, pk=pk, volunteer=request.user)
    services.absence_delete(absence=absence)
    return redirect("helpdesk:my-availability")


@login_required
@require_GET
def my_hours(request: HttpRequest) -> HttpResponse:
    user = _volunteer(request)
    rows = selectors.volunteer_hours_by_month(user=user)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="ehrenamt-stunden.csv"'
        writer = csv.writer(response, delimiter=";")
        writer.writerow([_("Month"), _("Hours"), _("Appointments")])
        for month, hours, count in rows:
            writer.writerow([month, f"{hours:.2f}".replace(".", ","), count])
        return response
    total = round(sum(hours for _m, hours, _n in rows), 2)
    return render(request, "helpdesk/my_hours.html", {"rows": rows, "total": total})


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    profile = get_object_or_404(Volunteer.objects.select_related("user"), calendar_token=token)
    slots = selectors.volunteer_slots(user=profile.user, start=timezone.now() - dt.timedelta(days=30))
    body = ics.volunteer_feed(slots, name=_("My appointments"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
@require_POST
def calendar_renew(request: HttpRequest) -> HttpResponse:
    user = _volunteer(request)
    services.calendar_token_renew(user=user)
    messages.success(request, _("Your calendar link is new. The old link no longer works."))
    return redirect("helpdesk:my-availability")


# --- coordinators -----------------------------------------------------------------------------


def _office(request: HttpRequest, slug: str) -> Office:
    office = selectors.office_by_slug(slug)
    if office is None:
        raise Http404
    if not permissions.can_manage_office(request.user, office):
        raise PermissionDenied
    return office


def _day(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("tag", ""))
    except ValueError:
        return timezone.localdate()


@login_required
@require_GET
def office_home(request: HttpRequest) -> HttpResponse:
    offices = list(selectors.coordinated_offices(request.user))
    if not offices:
        raise PermissionDenied
    if len(offices) == 1:
        return redirect("helpdesk:office-plan", slug=offices[0].slug)
    return render(request, "helpdesk/office_home.html", {"offices": offices})


@login_required
@require_GET
def office_plan(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    office = _office(request, slug)
    day = _day(request)
    week = request.GET.get("ansicht") == "woche"
    if week:
        day = day - dt.timedelta(days=day.weekday())
    start, _end = selectors.day_bounds(day)
    end = start + dt.timedelta(days=7 if week else 1)
    step = dt.timedelta(days=7 if week else 1)
    # Every look at the plan is logged, also when the page comes from the cache.
    audit.record(request, action=audit.Action.PLAN_VIEWED, office=office, detail=day.isoformat())

    def page() -> HttpResponse:
        context = {
            "office": office,
            "day": day,
            "week": week,
            "days": group_by_day(list(selectors.plan_slots(office=office, start=start, end=end))),
            "previous_day": day - step,
            "next_day": day + step,
            "conflicts": Slot.objects.filter(office=office, conflict=True, starts_at__gte=timezone.now()).count(),
        }
        template = "helpdesk/office_plan.html#plan" if request.htmx else "helpdesk/office_plan.html"
        return render(request, template, context)

    return page_cache.serve(request, [page_cache.HELPDESK], page)


@login_required
@require_GET
def day_list(request: HttpRequest, slug: str) -> HttpResponse:
    office = _office(request, slug)
    day = _day(request)
    start, end = selectors.day_bounds(day)
    audit.record(request, action=audit.Action.DAY_LIST_VIEWED, office=office, detail=day.isoformat())

    def page() -> HttpResponse:
        plan = list(selectors.plan_slots(office=office, start=start, end=end))
        return render(request, "helpdesk/day_list.html", {"office": office, "day": day, "slots": plan})

    return page_cache.serve(request, [page_cache.HELPDESK], page)


@login_required
@require_http_methods(["GET", "POST"])
def book_for_caller(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    office = _office(request, slug)
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
    office = _office(request, slug)
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
    office = _office(request, slug)
    result = services.slots_generate(office=office)
    messages.success(
        request,
        _("%(created)s new slots, %(deleted)s removed, %(flagged)s flagged.")
        % {"created": result.created, "deleted": result.deleted, "flagged": result.flagged},
    )
    return redirect("helpdesk:office-volunteers", slug=office.slug)


@login_required
@require_http_methods(["GET", "POST"])
def office_conflicts(request: HttpRequest, slug: str) -> HttpResponse:
    office = _office(request, slug)
    if request.method == "POST":
        Slot.objects.filter(office=office, pk=request.POST.get("slot", "0") or "0").update(
            conflict=False, conflict_note=""
        )
        messages.success(request, _("Marked as resolved."))
        return redirect("helpdesk:office-conflicts", slug=office.slug)
    slots = list(
        selectors.plan_slots(office=office, start=timezone.now(), end=timezone.now() + dt.timedelta(days=365)).filter(
            conflict=True
        )
    )
    return render(request, "helpdesk/office_conflicts.html", {"office": office, "slots": slots})


@login_required
@require_GET
def office_stats(request: HttpRequest, slug: str) -> HttpResponse:
    office = _office(request, slug)
    try:
        days = max(7, min(int(request.GET.get("tage", "90")), 730))
    except ValueError:
        days = 90
    end = timezone.now() + dt.timedelta(days=28)
    start = timezone.now() - dt.timedelta(days=days)
    stats = selectors.office_statistics(office=office, start=start, end=end)
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
        return response
    return render(
        request,
        "helpdesk/office_stats.html",
        {"office": office, "stats": stats, "days": days, "no_show_percent": round(stats.no_show_rate * 100)},
    )
