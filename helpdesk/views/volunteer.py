"""The volunteers' area: their appointments, times, absences, hours and calendar feed."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import User
from core import params, redirects
from helpdesk import audit, ics, permissions, selectors, services
from helpdesk.forms import (
    AbsenceForm,
    AvailabilityForm,
    OutcomeForm,
    StaffCancelForm,
    VolunteerProfileForm,
)
from helpdesk.models import (
    Absence,
    Availability,
    Booking,
    BookingStatus,
    SlotKind,
    SubstituteInvite,
    SubstituteStatus,
    Volunteer,
)
from helpdesk.services.walk_ins import LATE_RECORDING
from helpdesk.staff_forms import FeedForm
from helpdesk.views.common import group_by_day


def _volunteer(request: HttpRequest) -> User:
    if not permissions.may_use_volunteer_area(request.user):
        raise PermissionDenied
    return cast(User, request.user)


@login_required
@require_safe
def my_appointments(request: HttpRequest) -> HttpResponse:
    user = _volunteer(request)
    now = timezone.now()
    upcoming = list(selectors.volunteer_slots(user=user, start=now))
    past = list(selectors.volunteer_slots(user=user, start=now - dt.timedelta(days=14), end=now))
    recent = [slot for slot in past if any(b.status == BookingStatus.ACTIVE for b in slot.bookings.all())]
    open_hours = [
        slot
        for slot in past
        if slot.kind == SlotKind.OPEN_HOUR and slot.starts_at <= now <= slot.ends_at + LATE_RECORDING
    ]
    asked = SubstituteInvite.objects.filter(
        volunteer=user, request__status=SubstituteStatus.OPEN, request__deadline__gt=now
    ).select_related("request__booking__topic", "request__slot__office")
    context = {
        "days": group_by_day(upcoming),
        "recent": recent,
        "open_hours": open_hours,
        "asked": list(asked),
        "outcome_form": OutcomeForm(),
    }
    return render(request, "helpdesk/my_appointments.html", context)


def _staff_booking(request: HttpRequest, booking_id: int) -> Booking:
    booking = get_object_or_404(
        Booking.objects.select_related("slot__office", "topic").prefetch_related("slot__volunteers"), pk=booking_id
    )
    if not permissions.can_act_on_booking(request.user, booking):
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
    return redirects.redirect_next(request, fallback="helpdesk:my-appointments")


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
    # The volunteer may mean "I cannot come": then the person keeps the appointment and a colleague takes it.
    hand_over = (
        booking.is_active
        and booking.slot.kind == SlotKind.ONE_TO_ONE
        and permissions.is_slot_volunteer(request.user, booking.slot)
    )
    return render(request, "helpdesk/staff_cancel.html", {"booking": booking, "form": form, "hand_over": hand_over})


@login_required
@require_http_methods(["GET", "POST"])
def my_availability(request: HttpRequest) -> HttpResponse:
    user = _volunteer(request)
    offices = selectors.volunteer_offices(user)
    profile, _created = Volunteer.objects.get_or_create(user=user)
    action = params.choice(request.POST, "action", ["availability", "absence", "feed", "profile"], default=None)
    availability_form = AvailabilityForm(request.POST if action == "availability" else None, offices=offices)
    absence_form = AbsenceForm(request.POST if action == "absence" else None)
    feed_form = FeedForm(
        request.POST if action == "feed" else None, initial={"feed_free_slots": profile.feed_free_slots}
    )
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
        searches = services.absence_report(
            volunteer=user, starts_on=data["starts_on"], ends_on=data["ends_on"], note=data["note"]
        )
        messages.success(request, _("Your absence has been saved."))
        if searches:
            messages.info(
                request,
                ngettext(
                    "You had %(n)s appointment then: other volunteers are asked to take it over.",
                    "You had %(n)s appointments then: other volunteers are asked to take them over.",
                    len(searches),
                )
                % {"n": len(searches)},
            )
        return redirect("helpdesk:my-availability")
    if action == "feed" and feed_form.is_valid():
        profile.feed_free_slots = feed_form.cleaned_data["feed_free_slots"]
        profile.save(update_fields=["feed_free_slots"])
        messages.success(request, _("Saved."))
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
        "feed_form": feed_form,
        **ics.feed_addresses(
            request.build_absolute_uri(reverse("helpdesk:calendar-feed", args=[profile.calendar_token]))
        ),
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
    return redirects.redirect_next(request, fallback="helpdesk:my-availability")


@login_required
@require_POST
def absence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    absence = get_object_or_404(Absence, pk=pk, volunteer=request.user)
    services.absence_delete(absence=absence)
    return redirect("helpdesk:my-availability")


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    profile = get_object_or_404(Volunteer.objects.select_related("user"), calendar_token=token)
    slots = selectors.volunteer_slots(user=profile.user, start=timezone.now() - dt.timedelta(days=30))
    with translation.override(profile.user.preferred_language):
        body = ics.volunteer_feed(slots, name=_("My appointments"), include_free=profile.feed_free_slots)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
@require_POST
def calendar_renew(request: HttpRequest) -> HttpResponse:
    user = _volunteer(request)
    services.calendar_token_renew(user=user)
    messages.success(request, _("Your calendar link is new. The old link no longer works."))
    return redirect("helpdesk:my-availability")
