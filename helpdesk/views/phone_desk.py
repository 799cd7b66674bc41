"""The phone desk: office staff book for a caller in the order of the call.

1. find the caller among earlier callers of this office (or start with a new one),
2. topic and device, 3. a fitting time in the week picker (with the volunteers' first names),
4. the caller's details, 5. what to tell the caller, then "Nächster Anruf".

Each step is a plain GET form whose state travels in the query string (``wie``, ``topic``,
``device``, ``woche``, ``termin``) and is read with ``core.params`` on every step, so a
tampered value is a 400 that says which parameter, never a server error. Only the last
form is a POST: it books through ``services.booking_create_at_time`` (channel "phone").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from core import params, ratelimit
from helpdesk import audit, free_times, letters, reminders, selectors, services
from helpdesk.forms import CallerDetailsForm, ChooseForm
from helpdesk.models import Booking, Channel, Device, Office, Slot, SlotKind, Topic
from helpdesk.views.common import HtmxHttpRequest, office_for_staff

RATE_LIMIT = "phone_booking"


@dataclass(frozen=True)
class Call:
    """What the call has settled so far, read from the query string or the hidden fields."""

    earlier: Booking | None
    topic: Topic | None
    device: str
    week: int | None
    slot_id: int | None

    def query(self, *, with_week: bool = True, with_slot: bool = True) -> str:
        values = {
            "wie": self.earlier.pk if self.earlier else "",
            "topic": self.topic.pk if self.topic else "",
            "device": self.device,
            "woche": "" if self.week is None or not with_week else self.week,
            "termin": self.slot_id if self.slot_id and with_slot else "",
        }
        return urlencode({name: value for name, value in values.items() if value != ""})

    @property
    def hidden(self) -> list[tuple[str, Any]]:
        """The state as hidden fields of the next form (without the time, which that form may choose)."""
        values: list[tuple[str, Any]] = [
            ("wie", self.earlier.pk if self.earlier else None),
            ("topic", self.topic.pk if self.topic else None),
            ("device", self.device or None),
        ]
        return [(name, value) for name, value in values if value is not None]

    @property
    def device_label(self) -> str:
        return str(dict(Device.choices).get(self.device, ""))


def _call(request: HttpRequest, office: Office, data: Any) -> Call:
    earlier_id = params.object_id(data, "wie", default=None)
    earlier = None
    if earlier_id is not None:
        earlier = (
            Booking.objects.select_related("topic", "slot__office")
            .filter(pk=earlier_id, slot__office=office)
            .exclude(name="–")
            .first()
        )
        if earlier is None:
            raise params.ParameterError("wie", _("There is no earlier caller with this number at this office."))
        # Their name and phone number are shown (and prefilled) on the steps: a look at a senior's data.
        audit.record(request, action=audit.Action.BOOKING_VIEWED, booking=earlier)
    topic_id = params.object_id(data, "topic", default=None)
    topic = None
    if topic_id is not None:
        topic = selectors.topics().filter(pk=topic_id).first()
        if topic is None:
            raise params.ParameterError("topic", _("There is no topic with this number."))
    return Call(
        earlier=earlier,
        topic=topic,
        device=params.choice(data, "device", Device, default=""),
        week=params.integer(data, "woche", default=None, minimum=0, maximum=free_times.MAX_WEEKS),
        slot_id=params.object_id(data, "termin", default=None),
    )


def _context(office: Office, call: Call, step: int, **extra: Any) -> dict[str, Any]:
    return {"office": office, "call": call, "step": step, **extra}


@login_required
@require_GET
def find_caller(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Step 1: search earlier callers by name or phone number, pick one or start with a new caller."""
    office = office_for_staff(request, slug)
    query = params.text(request.GET, "q", default="", max_length=100)
    call = _call(request, office, request.GET)
    found = selectors.callers(office=office, query=query)
    if query.strip():
        # The search term itself is a name or phone number: the log keeps only how many were shown.
        audit.record(request, action=audit.Action.CALLER_SEARCHED, office=office, detail=f"{len(found)}")
    context = _context(office, call, 1, query=query, callers=found)
    template = "helpdesk/phone_desk_find.html#callers" if request.htmx else "helpdesk/phone_desk_find.html"
    return render(request, template, context)


@login_required
@require_GET
def choose_topic(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 2: what the caller needs help with, on which device (the earlier booking's choice is ticked)."""
    office = office_for_staff(request, slug)
    call = _call(request, office, request.GET)
    chosen = {"topic": call.topic.pk if call.topic else "", "device": call.device}
    if call.topic is None and not call.device and call.earlier is not None:
        chosen = {"topic": call.earlier.topic_id or "", "device": call.earlier.device}
    form = ChooseForm({name: str(value) for name, value in chosen.items()})
    return render(request, "helpdesk/phone_desk_topic.html", _context(office, call, 2, form=form))


def _week_of(slot_id: int | None, office: Office) -> int | None:
    """The picker week of a time chosen on the plan ("Für Anrufende buchen" at a free slot)."""
    if slot_id is None:
        return None
    starts_at = Slot.objects.filter(pk=slot_id, office=office).values_list("starts_at", flat=True).first()
    if starts_at is None:
        return None
    monday, _sunday = free_times.week_bounds(0)
    weeks = (timezone.localdate(starts_at) - monday).days // 7
    return weeks if 0 <= weeks <= free_times.MAX_WEEKS else None


@login_required
@require_GET
def choose_time(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 3: the free times where a volunteer who knows this topic and device is on duty."""
    office = office_for_staff(request, slug)
    call = _call(request, office, request.GET)
    week_number = call.week if call.week is not None else _week_of(call.slot_id, office)
    week = free_times.week_to_show(
        requested=None if week_number is None else str(week_number),
        office=office,
        topic=call.topic,
        device=call.device,
    )
    free_times.name_helpers(week)
    context = _context(
        office,
        call,
        3,
        week=week,
        nav_query=f"{call.query(with_week=False, with_slot=False)}&",
        back_query=call.query(with_week=False, with_slot=False),
    )
    return render(request, "helpdesk/phone_desk_time.html", context)


def _chosen_slot(office: Office, call: Call) -> Slot | None:
    """The chosen time, when it is still free and fits; None sends the desk back to the picker."""
    if call.slot_id is None:
        return None
    slot = Slot.objects.select_related("office").filter(pk=call.slot_id, office=office).first()
    if slot is None:
        raise params.ParameterError("termin", _("There is no appointment with this number at this office."))
    if (
        slot.kind == SlotKind.OPEN_HOUR
        or slot.conflict
        or slot.starts_at <= timezone.now()
        or slot.free_places <= 0
        or not services.slot_fits(slot, topic=call.topic, device=call.device)
    ):
        return None
    return slot


@login_required
@require_http_methods(["GET", "POST"])
def caller_details(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 4: the caller's name and phone number (prefilled for an earlier caller), then book."""
    office = office_for_staff(request, slug)
    data = request.POST if request.method == "POST" else request.GET
    call = _call(request, office, data)
    slot = _chosen_slot(office, call)
    if slot is None:
        if call.slot_id is None:
            messages.error(request, _("Please choose a time."))
        else:
            messages.error(request, _("This time is no longer free for this topic and device. Please choose another."))
        url = reverse("helpdesk:phone-desk-time", args=[office.slug])
        return redirect(f"{url}?{call.query(with_slot=False)}")
    initial = {}
    if call.earlier is not None:
        initial = {"name": call.earlier.name, "phone": call.earlier.phone, "email": call.earlier.email}
    form = CallerDetailsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        too_many = ratelimit.hit(request, RATE_LIMIT)
        if too_many is not None:
            return too_many
        values = form.cleaned_data
        try:
            booking = services.booking_create_at_time(
                slot=slot,
                name=values["name"],
                phone=values["phone"],
                email=values["email"],
                topic=call.topic,
                device=call.device,
                channel=values["channel"] or Channel.PHONE,
                note=values["note"],
                needs_loan_device=values["needs_loan_device"],
                consent=values["consent"],
                booked_by=cast(User, request.user),
            )
        except services.BookingError as exc:
            # The service speaks to the person booking ("Sie haben …"); here it is the coordinator who reads it.
            busy = _("The caller already has an appointment at this time.")
            form.add_error(None, busy if exc.code == "person_busy" else exc.messages[0])
        else:
            return redirect("helpdesk:phone-desk-done", slug=office.slug, booking_id=booking.pk)
    context = _context(
        office,
        call,
        4,
        slot=slot,
        form=form,
        helpers=", ".join(v.display_name.split(" ")[0] for v in slot.volunteers.all() if v.display_name),
        times_query=call.query(),
    )
    return render(request, "helpdesk/phone_desk_details.html", context)


@login_required
@require_GET
def booked(request: HttpRequest, slug: str, booking_id: int) -> HttpResponse:
    """Step 5: what to tell the caller, read aloud; then the next call or back to the plan."""
    office = office_for_staff(request, slug)
    booking = get_object_or_404(
        Booking.objects.select_related("slot__office", "topic").prefetch_related("slot__volunteers"),
        pk=booking_id,
        slot__office=office,
    )
    audit.record(request, action=audit.Action.BOOKING_VIEWED, booking=booking)
    helpers = [v.display_name.split(" ")[0] for v in booking.slot.volunteers.all() if v.display_name]
    context = {
        "office": office,
        "step": 5,
        "call": None,
        "booking": booking,
        "slot": booking.slot,
        "appointment": letters.Appointment.of_booking(booking, office=office),
        "helpers": ", ".join(helpers),
        "reminding": reminders.how_reminded(booking),
        "plan_day": timezone.localdate(booking.slot.starts_at).isoformat(),
    }
    return render(request, "helpdesk/phone_desk_done.html", context)
