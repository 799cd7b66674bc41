"""Reads of the helpdesk. List pages fetch everything in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from helpdesk import hours
from helpdesk.models import (
    Booking,
    BookingStatus,
    Office,
    OfficeStaff,
    Slot,
    SlotKind,
    StaffRole,
    Topic,
    Volunteer,
    WaitlistEntry,
    WaitlistStatus,
)
from helpdesk.scopes import office_scope
from notifications.models import Channel as MessageChannel
from notifications.models import OutboxMessage, Status


def offices() -> QuerySet[Office]:
    return Office.objects.order_by("name")


def office_by_slug(slug: str) -> Office | None:
    return Office.objects.filter(slug=slug).first()


def topics() -> QuerySet[Topic]:
    return Topic.objects.order_by("position", "name")


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time()))
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
    return start, end


def free_slots(
    *,
    office: Office | None = None,
    topic: Topic | None = None,
    device: str = "",
    day: dt.date | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    override: bool = False,
) -> QuerySet[Slot]:
    """Bookable slots with a free place, offered only where a volunteer knows the topic and device."""
    now = timezone.now()
    qs = Slot.objects.filter(
        starts_at__gt=now,
        kind__in=[SlotKind.ONE_TO_ONE, SlotKind.WORKSHOP],
        capacity__gt=F("booked_count") + F("held_count"),
        conflict=False,
    )
    if office is not None:
        qs = qs.filter(office=office)
    if day is not None:
        lo, hi = day_bounds(day)
        qs = qs.filter(starts_at__gte=lo, starts_at__lt=hi)
    if start is not None:
        qs = qs.filter(starts_at__gte=start)
    if end is not None:
        qs = qs.filter(starts_at__lt=end)
    if not override:
        knows = Volunteer.objects.filter(user__volunteer_slots=OuterRef("pk"))
        if topic is not None:
            knows = knows.filter(topics=topic)
        if device:
            knows = knows.filter(devices__contains=f",{device},")
        any_topic = Slot.topics.through.objects.filter(slot_id=OuterRef("pk"))
        workshop_ok = Q(kind=SlotKind.WORKSHOP) & (
            ~Exists(any_topic) | (Exists(any_topic.filter(topic=topic)) if topic is not None else Q())
        )
        qs = qs.filter(workshop_ok | (Q(kind=SlotKind.ONE_TO_ONE) & Exists(knows)))
    return qs.select_related("office").order_by("starts_at", "pk")


def open_hours(*, office: Office, start: dt.datetime, end: dt.datetime) -> QuerySet[Slot]:
    return Slot.objects.filter(office=office, kind=SlotKind.OPEN_HOUR, starts_at__gte=start, starts_at__lt=end)


def plan_slots(*, office: Office, start: dt.datetime, end: dt.datetime) -> QuerySet[Slot]:
    """Everything the coordinator needs for the plan and day list, in three queries."""
    bookings = Booking.objects.filter(status__in=[BookingStatus.ACTIVE, BookingStatus.ATTENDED, BookingStatus.NO_SHOW])
    return (
        Slot.objects.filter(office=office, starts_at__gte=start, starts_at__lt=end)
        .prefetch_related(
            Prefetch("bookings", queryset=bookings.select_related("topic").order_by("id"), to_attr="active_bookings"),
            "volunteers",
        )
        .order_by("starts_at", "pk")
    )


def volunteer_slots(*, user: User, start: dt.datetime, end: dt.datetime | None = None) -> QuerySet[Slot]:
    qs = Slot.objects.filter(volunteers=user, ends_at__gte=start)
    if end is not None:
        qs = qs.filter(starts_at__lt=end)
    return (
        qs.select_related("office")
        .prefetch_related(
            Prefetch(
                "bookings",
                queryset=Booking.objects.exclude(status=BookingStatus.CANCELLED).select_related("topic").order_by("id"),
            )
        )
        .order_by("starts_at", "pk")
    )


def callers(*, office: Office, query: str) -> list[Booking]:
    """Earlier callers of this office, newest booking per phone number first."""
    from helpdesk.models import normalise_phone

    query = query.strip()
    if len(query) < 2:
        return []
    match = Q(name__icontains=query)
    digits = normalise_phone(query)
    if len(digits) >= 3:
        match |= Q(phone_normalised__contains=digits)
    rows = (
        Booking.objects.filter(match, slot__office=office)
        .exclude(name="–")
        .select_related("topic")
        .order_by("-created_at")[:50]
    )
    seen: set[str] = set()
    result = []
    for booking in rows:
        key = booking.phone_normalised or booking.name.lower()
        if key not in seen:
            seen.add(key)
            result.append(booking)
    return result[:10]


@dataclass
class OfficeStatistics:
    by_topic: list[tuple[str, int]]
    by_device: list[tuple[str, int]]
    attended: int
    no_show: int
    no_show_rate: float
    volunteer_hours: list[tuple[str, float]]
    waitlist_length: int

    @property
    def max_topic(self) -> int:
        return max([n for _label, n in self.by_topic] or [1])

    @property
    def max_device(self) -> int:
        return max([n for _label, n in self.by_device] or [1])

    @property
    def max_hours(self) -> float:
        return max([h for _label, h in self.volunteer_hours] or [1.0])


def office_statistics(*, office: Office, start: dt.datetime, end: dt.datetime) -> OfficeStatistics:
    bookings = Booking.objects.filter(slot__office=office, slot__starts_at__gte=start, slot__starts_at__lt=end).exclude(
        status=BookingStatus.CANCELLED
    )
    by_topic = [
        (row["topic__name"] or "–", row["n"])
        for row in bookings.values("topic__name").annotate(n=Count("id")).order_by("-n", "topic__name")
    ]
    from helpdesk.models import Device

    labels = dict(Device.choices)
    by_device = [
        (str(labels.get(row["device"], "–")), row["n"])
        for row in bookings.values("device").annotate(n=Count("id")).order_by("-n", "device")
    ]
    counts = dict(bookings.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    attended = counts.get(BookingStatus.ATTENDED, 0)
    no_show = counts.get(BookingStatus.NO_SHOW, 0)
    rate = no_show / (attended + no_show) if attended + no_show else 0.0
    # The same rules as the volunteers' own lists and confirmations (helpdesk.hours).
    period = hours.Period(timezone.localtime(start).date(), timezone.localtime(end).date())
    per_volunteer = hours.by_volunteer(hours.entries(period=period, office_ids=[office.pk]))
    names = {user.pk: str(user) for user in User.objects.filter(pk__in=per_volunteer)}
    waitlist = WaitlistEntry.objects.filter(
        office=office, status__in=[WaitlistStatus.WAITING, WaitlistStatus.OFFERED]
    ).count()
    return OfficeStatistics(
        by_topic=by_topic,
        by_device=by_device,
        attended=attended,
        no_show=no_show,
        no_show_rate=rate,
        volunteer_hours=sorted(
            ((names[uid], totals.total_hours) for uid, totals in per_volunteer.items()), key=lambda r: -r[1]
        ),
        waitlist_length=waitlist,
    )


def office_volunteers(*, office: Office) -> list[tuple[User, Volunteer | None]]:
    ids = OfficeStaff.objects.filter(office=office, role=StaffRole.VOLUNTEER).values_list("user_id", flat=True)
    users = list(User.objects.filter(pk__in=ids).order_by("display_name", "email"))
    profiles = {p.user_id: p for p in Volunteer.objects.filter(user_id__in=ids).prefetch_related("topics")}
    return [(user, profiles.get(user.pk)) for user in users]


def coordinated_offices(user: Any) -> QuerySet[Office]:
    from helpdesk.permissions import coordinated_office_ids

    ids = coordinated_office_ids(user)
    offices = Office.objects.order_by("name")
    return offices if ids is None else offices.filter(pk__in=ids)


def volunteer_offices(user: Any) -> QuerySet[Office]:
    return Office.objects.filter(staff__user=user, staff__role=StaffRole.VOLUNTEER).order_by("name")


def calls_open(*, office: Office, day: dt.date) -> QuerySet[OutboxMessage]:
    """Calls to make on ``day``: due that day or earlier and not yet made."""
    _start, end = day_bounds(day)
    return OutboxMessage.objects.filter(
        scope=office_scope(office),
        channel=MessageChannel.CALL,
        status__in=(Status.PENDING, Status.TO_CALL),
        due_at__lt=end,
    ).order_by("due_at", "id")


def calls_made(*, office: Office, day: dt.date) -> QuerySet[OutboxMessage]:
    start, end = day_bounds(day)
    return (
        OutboxMessage.objects.filter(
            scope=office_scope(office),
            channel=MessageChannel.CALL,
            status=Status.SENT,
            sent_at__gte=start,
            sent_at__lt=end,
        )
        .select_related("sent_by")
        .order_by("sent_at", "id")
    )
