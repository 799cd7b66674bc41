"""Demo data of weeks gone by: appointments that took place, open hours with visitors, a volunteer who cannot come.

Without a past, the volunteers' hours, their confirmation and the offices' statistics
would show nothing on a fresh ``make run``. Added once: nothing happens when the
demo offices already have a past.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from django.utils import timezone

from accounts.models import User
from helpdesk import services
from helpdesk.models import (
    Availability,
    Booking,
    BookingStatus,
    Channel,
    Office,
    Slot,
    SlotKind,
    SubstituteRequest,
    Topic,
    WalkInVisit,
    WorkshopSchedule,
)
from helpdesk.services.calendar import local_datetime

WEEKS = 8
# (first name, device, topic slug) of walk-ins; some come in pairs.
VISITORS = [
    ("Erna", "android", "whatsapp-videoanrufe"),
    ("", "iphone", "fotos"),
    ("Heinz", "android", "online-banking-sicherheit"),
    ("", "android", "smartphone-grundlagen"),
]


def seed(offices: dict[str, Office], topics: dict[str, Topic]) -> None:
    if not Slot.objects.filter(office__in=offices.values(), ends_at__lt=timezone.now()).exists():
        _past(offices, topics)
    _someone_cannot_come(offices["gruebentaelchen"])


def _past(offices: dict[str, Office], topics: dict[str, Topic]) -> None:
    today = timezone.localdate()
    days = [today - dt.timedelta(days=n) for n in range(1, WEEKS * 7 + 1)]
    topic_list = list(topics.values())
    for number, availability in enumerate(Availability.objects.filter(office__in=offices.values())):
        for day in days:
            if day.weekday() != availability.weekday:
                continue
            _past_slot(availability, day, topic=topic_list[(number + day.day) % len(topic_list)], turn=number + day.day)
    for schedule in WorkshopSchedule.objects.filter(office__in=offices.values(), kind=SlotKind.OPEN_HOUR):
        for day in days:
            if day.weekday() == schedule.weekday:
                _past_open_hour(schedule, day, topics, turn=day.day)


def _slot(office: Office, day: dt.date, start: dt.time, end: dt.time, **fields: object) -> Slot | None:
    starts_at, ends_at = local_datetime(day, start), local_datetime(day, end)
    if starts_at is None or ends_at is None:
        return None
    return Slot.objects.create(office=office, starts_at=starts_at, ends_at=ends_at, **fields)


def _past_slot(availability: Availability, day: dt.date, *, topic: Topic, turn: int) -> None:
    end = (dt.datetime.combine(day, availability.start_time) + dt.timedelta(minutes=availability.slot_minutes)).time()
    slot = _slot(availability.office, day, availability.start_time, end, booked_count=1)
    if slot is None:
        return
    slot.volunteers.add(availability.volunteer)
    # Most people came; every fifth did not, and the volunteer waited for them.
    Booking.objects.create(
        slot=slot,
        name="–",  # guests' names are long gone: removed after the retention period
        topic=topic,
        device="android" if turn % 2 else "iphone",
        channel=Channel.PHONE,
        status=BookingStatus.NO_SHOW if turn % 5 == 0 else BookingStatus.ATTENDED,
        consent_at=slot.starts_at - dt.timedelta(days=3),
    )


def _past_open_hour(schedule: WorkshopSchedule, day: dt.date, topics: dict[str, Topic], *, turn: int) -> None:
    slot = _slot(
        schedule.office,
        day,
        schedule.start_time,
        schedule.end_time,
        kind=SlotKind.OPEN_HOUR,
        capacity=schedule.capacity,
        title=schedule.title,
        workshop=schedule,
    )
    if slot is None:
        return
    crew = list(schedule.volunteers.all()) or _office_volunteers(schedule.office)[:1]
    slot.volunteers.set(crew)
    for index, (first_name, device, topic_slug) in enumerate(VISITORS[: 1 + turn % len(VISITORS)]):
        WalkInVisit.objects.create(
            slot=slot,
            count=2 if index == 1 else 1,
            topic=topics[topic_slug],
            device=device,
            first_name=first_name,
            created_at=slot.starts_at + dt.timedelta(minutes=10 + 20 * index),
        )


def _office_volunteers(office: Office) -> list[User]:
    return [a.volunteer for a in Availability.objects.filter(office=office).select_related("volunteer")]


def _someone_cannot_come(office: Office) -> None:
    """A volunteer of Grübentälchen has called in: colleagues are asked to take over one appointment."""
    if SubstituteRequest.objects.exists():
        return
    booking = (
        Booking.objects.filter(
            slot__office=office,
            slot__kind=SlotKind.ONE_TO_ONE,
            status=BookingStatus.ACTIVE,
            slot__starts_at__gt=timezone.now() + dt.timedelta(hours=12),
        )
        .select_related("slot")
        .order_by("-slot__starts_at")
        .first()
    )
    volunteer = booking.slot.volunteers.first() if booking else None
    if booking is None or volunteer is None:
        return
    with contextlib.suppress(services.SubstituteError):
        services.substitute_search_start(booking=booking, volunteer=volunteer, reason="Arzttermin")
