"""After booking: the confirmation page (the guest link), the slip, .ics, changing, cancelling, "Meine Termine".

A guest's booking is reached through its secret link (the token); a signed-in person also
finds their bookings under "Meine Termine". Changing uses the same week picker as booking.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from helpdesk import audit, free_times, permissions, reminders, selectors, services
from helpdesk.forms import CancelForm, MoveForm
from helpdesk.ics import booking_ics
from helpdesk.models import Booking


def _booking_by_token(token: str) -> Booking:
    return get_object_or_404(Booking.objects.select_related("slot__office", "topic", "user"), token=token)


def _link(request: HttpRequest, booking: Booking) -> str:
    return request.build_absolute_uri(reverse("helpdesk:booking-detail", args=[booking.token]))


@require_safe
def booking_detail(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking_by_token(token)
    if permissions.can_manage_office(request.user, booking.slot.office):
        # Office staff open the link from the plan: their look at the phone number and note is recorded.
        audit.record(request, action=audit.Action.BOOKING_VIEWED, booking=booking)
    return render(
        request,
        "helpdesk/booking_detail.html",
        {
            "booking": booking,
            "office": booking.slot.office,
            "is_new": "neu" in request.GET,
            "reminding": reminders.how_reminded(booking),
            "link": _link(request, booking),
        },
    )


@require_safe
def booking_slip(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking_by_token(token)
    return render(
        request,
        "helpdesk/booking_slip.html",
        {"booking": booking, "office": booking.slot.office, "link": _link(request, booking)},
    )


@require_safe
def booking_calendar_file(request: HttpRequest, token: str) -> HttpResponse:
    """ "In Kalender eintragen": the appointment as an .ics file for the phone's or computer's calendar."""
    booking = _booking_by_token(token)
    response = HttpResponse(booking_ics(booking, link=_link(request, booking)), content_type="text/calendar")
    day = timezone.localtime(booking.slot.starts_at).date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="termin-{day}.ics"'
    return response


@require_http_methods(["GET", "POST"])
def booking_cancel(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking_by_token(token)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and booking.is_active and form.is_valid():
        services.booking_cancel(booking=booking, reason=form.cleaned_data["reason"])
        messages.success(request, _("Your appointment is cancelled. Thank you for letting us know."))
        return redirect("helpdesk:booking-detail", token=booking.token)
    return render(
        request, "helpdesk/booking_cancel.html", {"booking": booking, "office": booking.slot.office, "form": form}
    )


@require_http_methods(["GET", "POST"])
def booking_change(request: HttpRequest, token: str) -> HttpResponse:
    """Choose another time in the week picker; the current time is not offered."""
    booking = _booking_by_token(token)
    form = MoveForm(request.POST or None, slots=selectors.move_choices(booking))
    if request.method == "POST" and booking.is_active and form.is_valid():
        try:
            services.booking_move_to_time(booking=booking, slot=form.cleaned_data["slot"])
        except services.BookingError as exc:
            form.add_error("slot", exc.messages[0])
        else:
            messages.success(request, _("Your appointment has been moved."))
            return redirect("helpdesk:booking-detail", token=booking.token)
    week = free_times.week_to_show(
        requested=free_times.requested_week(request.GET),
        office=booking.slot.office,
        topic=booking.topic,
        device=booking.device,
        moving=booking,
    )
    selected = form.cleaned_data["slot"].pk if form.is_bound and form.is_valid() else None
    return render(
        request,
        "helpdesk/booking_change.html",
        {"booking": booking, "office": booking.slot.office, "form": form, "week": week, "selected": selected},
    )


@login_required
@require_safe
def my_bookings(request: HttpRequest) -> HttpResponse:
    """ "Meine Termine": the signed-in person's appointments, coming ones first, then the past."""
    upcoming, past = selectors.bookings_of(request.user)
    return render(request, "helpdesk/my_bookings.html", {"upcoming": upcoming, "past": past})
