"""The seniors' booking steps: office -> topic and device -> free time -> details -> confirmation.

Every step is a plain page with links and forms; with htmx the week of free times and the
details form update in place (named partials of the same templates). What happens after
booking (the confirmation, "Meine Termine", changing and cancelling) is in ``my_bookings``.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_safe
from django_htmx.http import HttpResponseClientRedirect

from core import honeypot, http_cache, ratelimit
from helpdesk import free_times, selectors, services
from helpdesk.forms import (
    ChooseForm,
    GuestDetailsForm,
)
from helpdesk.models import (
    Booking,
    Device,
    Office,
    Slot,
    Topic,
)
from helpdesk.views.common import HtmxHttpRequest, may_open, remember_booking, slot_url_prefix


def _choice(request: HttpRequest) -> tuple[Topic | None, str]:
    """The topic and device chosen in step 2 (``?topic=&device=``); none when not asked for or not valid."""
    topic: Topic | None = None
    device = ""
    if not request.GET.get("topic") and not request.GET.get("device"):
        return topic, device  # nothing chosen (empty values are no choice either): no form to build
    form = ChooseForm(request.GET)
    if form.is_valid():
        topic = form.cleaned_data.get("topic")
        device = form.cleaned_data.get("device") or ""
    return topic, device


# Anonymous visitors' browsers and proxies may keep these pages and ask again with the
# validators (core.http_cache); the stamps are the offices' explicit change stamps, and the day.
@require_safe
@http_cache.public_for_anonymous(stamp=selectors.offices_changed)
def start(request: HttpRequest) -> HttpResponse:
    offices = selectors.offices().prefetch_related("opening_hours")
    return render(request, "helpdesk/start.html", {"offices": offices, "closures": []})


@require_safe
@http_cache.public_for_anonymous(stamp=selectors.office_changed)
def office(request: HttpRequest, slug: str) -> HttpResponse:
    office = get_object_or_404(Office, slug=slug)
    # Coming back from the free times to change the choice: what was chosen is ticked.
    form = ChooseForm(request.GET or None)
    context = {"office": office, "closures": selectors.coming_closures(office), "form": form}
    return render(request, "helpdesk/office.html", context)


@require_safe
@http_cache.public_for_anonymous(stamp=selectors.free_times_changed)
def slots(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    office = selectors.office_of_request(request, slug)
    if office is None:
        raise Http404
    topic, device = _choice(request)
    week = free_times.week_to_show(
        requested=free_times.requested_week(request.GET), office=office, topic=topic, device=device
    )
    choice_query = urlencode({"topic": topic.pk if topic else "", "device": device})
    week.link_to(slot_url_prefix(), f"?{choice_query}")
    context = {
        "office": office,
        "topic": topic,
        "device_label": dict(Device.choices).get(device, ""),
        "week": week,
        "nav_query": f"{choice_query}&",
        "choice_query": choice_query,
    }
    template = "helpdesk/slots.html#slots" if request.htmx else "helpdesk/slots.html"
    return render(request, template, context)


def _bookable_slot(slot_id: int) -> Slot:
    return get_object_or_404(Slot.objects.select_related("office"), pk=slot_id, starts_at__gt=timezone.now())


@require_http_methods(["GET", "POST"])
def book(request: HtmxHttpRequest, slot_id: int) -> HttpResponse:
    slot = _bookable_slot(slot_id)
    topic, device = _choice(request)
    user = request.user if request.user.is_authenticated else None
    form = GuestDetailsForm(request.POST or None, user=request.user)
    existing: Booking | None = None
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
            booking = services.booking_create_at_time(
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
            existing = exc.existing if exc.existing is not None and may_open(request, exc.existing) else None
        else:
            url = reverse("helpdesk:booking-detail", args=[booking.token]) + "?neu=1"
            response = HttpResponseClientRedirect(url) if request.htmx else redirect(url)
            remember_booking(request, response, booking)
            return response
    context = {
        "slot": slot,
        "office": slot.office,
        "topic": topic,
        "device_label": dict(Device.choices).get(device, ""),
        "form": form,
        "existing": existing,
        "choice_query": urlencode({"topic": topic.pk if topic else "", "device": device}),
    }
    template = "helpdesk/book.html#booking-form" if request.htmx else "helpdesk/book.html"
    # 200 even with errors: htmx swaps only successful responses, and the errors are the content.
    return render(request, template, context)
