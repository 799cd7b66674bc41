"""The seniors' booking steps: office -> topic and device -> free slot -> details -> confirmation.

Every step is a plain page with links and forms; with htmx the slot list and the
details form update in place (named partials of the same templates).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from core import honeypot, ratelimit
from helpdesk import audit, permissions, selectors, services
from helpdesk.forms import (
    CancelForm,
    ChooseForm,
    GuestDetailsForm,
    MoveForm,
)
from helpdesk.models import (
    Booking,
    Device,
    Office,
    Slot,
    Topic,
)
from helpdesk.views.common import HtmxHttpRequest, group_by_day


def _choice(request: HttpRequest) -> tuple[ChooseForm, Topic | None, str]:
    form = ChooseForm(request.GET or None)
    topic: Topic | None = None
    device = ""
    if form.is_bound and form.is_valid():
        topic = form.cleaned_data.get("topic")
        device = form.cleaned_data.get("device") or ""
    return form, topic, device


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "helpdesk/start.html", {"offices": selectors.offices()})


@require_GET
def office(request: HttpRequest, slug: str) -> HttpResponse:
    office = get_object_or_404(Office, slug=slug)
    return render(request, "helpdesk/office.html", {"office": office, "form": ChooseForm()})


def _week_start(request: HttpRequest) -> tuple[int, dt.datetime, dt.datetime]:
    try:
        week = max(0, min(int(request.GET.get("woche", "0")), 8))
    except ValueError:
        week = 0
    today = timezone.localdate()
    first = today + dt.timedelta(days=7 * week)
    start = timezone.make_aware(dt.datetime.combine(first, dt.time()))
    return week, start, start + dt.timedelta(days=7)


@require_GET
def slots(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    office = get_object_or_404(Office, slug=slug)
    form, topic, device = _choice(request)
    week, start, end = _week_start(request)
    free = list(selectors.free_slots(office=office, topic=topic, device=device, start=start, end=end))
    params = {"topic": topic.pk if topic else "", "device": device}
    context = {
        "office": office,
        "form": form,
        "topic": topic,
        "device_label": dict(Device.choices).get(device, ""),
        "days": group_by_day(free),
        "open_hours": selectors.open_hours(office=office, start=start, end=end),
        "week": week,
        "week_start": start,
        "week_end": end - dt.timedelta(days=1),
        "previous_query": urlencode({**params, "woche": week - 1}) if week > 0 else "",
        "next_query": urlencode({**params, "woche": week + 1}) if week < 8 else "",
        "choice_query": urlencode(params),
    }
    template = "helpdesk/slots.html#slots" if request.htmx else "helpdesk/slots.html"
    return render(request, template, context)


def _bookable_slot(slot_id: int) -> Slot:
    return get_object_or_404(Slot.objects.select_related("office"), pk=slot_id, starts_at__gt=timezone.now())


@require_http_methods(["GET", "POST"])
def book(request: HtmxHttpRequest, slot_id: int) -> HttpResponse:
    slot = _bookable_slot(slot_id)
    _form, topic, device = _choice(request)
    user = request.user if request.user.is_authenticated else None
    form = GuestDetailsForm(request.POST or None, user=request.user)
    if request.method == "POST":
        refusal = honeypot.guard(request, action="booking", form=form, require_verified=False)
        if refusal is not None:
            return refusal
    if request.method == "POST" and form.is_valid():
        too_many = ratelimit.hit(request, "booking")
        if too_many is not None:
            return too_many
        data = form.cleaned_data
        try:
            booking = services.booking_create(
                slot=slot,
                user=user,
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                topic=topic,
                device=device,
                note=data["note"],
                needs_loan_device=data["needs_loan_device"],
                consent=data["consent"],
            )
        except services.BookingError as exc:
            form.add_error(None, exc.messages[0])
        else:
            url = reverse("helpdesk:booking-detail", args=[booking.token]) + "?neu=1"
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    context = {
        "slot": slot,
        "office": slot.office,
        "topic": topic,
        "device_label": dict(Device.choices).get(device, ""),
        "form": form,
        "choice_query": urlencode({"topic": topic.pk if topic else "", "device": device}),
    }
    template = "helpdesk/book.html#booking-form" if request.htmx else "helpdesk/book.html"
    # 200 even with errors: htmx swaps only successful responses, and the errors are the content.
    return render(request, template, context)


def _booking_by_token(token: str) -> Booking:
    return get_object_or_404(Booking.objects.select_related("slot__office", "topic"), token=token)


@require_GET
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
            "link": request.build_absolute_uri(reverse("helpdesk:booking-detail", args=[booking.token])),
        },
    )


@require_GET
def booking_slip(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking_by_token(token)
    link = request.build_absolute_uri(reverse("helpdesk:booking-detail", args=[booking.token]))
    return render(
        request, "helpdesk/booking_slip.html", {"booking": booking, "office": booking.slot.office, "link": link}
    )


@require_http_methods(["GET", "POST"])
def booking_cancel(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking_by_token(token)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and booking.is_active and form.is_valid():
        services.booking_cancel(booking=booking, reason=form.cleaned_data["reason"])
        messages.success(request, _("Your appointment is cancelled. Thank you for letting us know."))
        return redirect("helpdesk:booking-detail", token=booking.token)
    return render(request, "helpdesk/booking_cancel.html", {"booking": booking, "form": form})


def _move_choices(booking: Booking) -> QuerySet[Slot]:
    return selectors.free_slots(
        office=booking.slot.office,
        topic=booking.topic,
        device=booking.device,
        end=timezone.now() + dt.timedelta(weeks=6),
    ).exclude(pk=booking.slot_id)


@require_http_methods(["GET", "POST"])
def booking_change(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking_by_token(token)
    form = MoveForm(request.POST or None, slots=_move_choices(booking))
    if request.method == "POST" and booking.is_active and form.is_valid():
        try:
            services.booking_move(booking=booking, slot=form.cleaned_data["slot"])
        except services.BookingError as exc:
            form.add_error("slot", exc.messages[0])
        else:
            messages.success(request, _("Your appointment has been moved."))
            return redirect("helpdesk:booking-detail", token=booking.token)
    return render(request, "helpdesk/booking_change.html", {"booking": booking, "form": form})
