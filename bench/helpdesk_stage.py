"""Helpdesk parts of the benchmark: read pages, booking POSTs at contended slots, capacity checks."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

CONTENDED_TITLE = "Bench: umkämpfter Termin"
CONTENDED_ONE_TO_ONE = 20  # one per volunteer of the office, all at the same hour
CONTENDED_WORKSHOPS = 10
CONTENDED_WORKSHOP_CAPACITY = 10
# The second booking load: so many places that every POST books (no cheap refusals).
OPEN_WORKSHOPS = 10
OPEN_WORKSHOP_CAPACITY = 400


def coordinator_totp_secret() -> str:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt

    from bench import seed

    authenticator = Authenticator.objects.get(user__email=seed.COORDINATOR_EMAIL, type=Authenticator.Type.TOTP)
    return str(decrypt(authenticator.data["secret"]))


def next_weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def read_endpoints(base: str, sign_in: Any, endpoint: Any) -> list[Any]:
    from bench import seed

    slug = seed.OFFICE_SLUGS[0]
    coordinator = sign_in(base, seed.COORDINATOR_EMAIL, seed.BENCH_PASSWORD, totp_secret=coordinator_totp_secret())
    day = next_weekday(timezone.localdate() + dt.timedelta(days=1))
    return [
        endpoint("free slots of an office, next week", reverse("helpdesk:slots", args=[slug]) + "?woche=1"),
        endpoint(
            "coordinator's day plan",
            reverse("helpdesk:office-plan", args=[slug]) + f"?tag={day.isoformat()}",
            cookie=coordinator,
        ),
        endpoint(
            "coordinator's day list (print)",
            reverse("helpdesk:day-list", args=[slug]) + f"?tag={day.isoformat()}",
            cookie=coordinator,
        ),
    ]


def contended_slots(
    *,
    office_slug: str | None = None,
    one_to_one: int = CONTENDED_ONE_TO_ONE,
    workshops: int = CONTENDED_WORKSHOPS,
    workshop_capacity: int = CONTENDED_WORKSHOP_CAPACITY,
) -> list[int]:
    """Fresh slots on a Saturday nobody else uses (seeded slots are Monday to Friday).

    Each run takes the next free Saturday, so earlier runs' bookings neither fill these
    slots nor make their volunteers busy.
    """
    from bench import seed
    from helpdesk.models import Office, OfficeStaff, Slot, SlotKind, StaffRole

    office_slug = office_slug or seed.OFFICE_SLUGS[0]
    office = Office.objects.get(slug=office_slug)
    tz = timezone.get_current_timezone()
    day = timezone.localdate() + dt.timedelta(days=14)
    while day.weekday() != 5 or Slot.objects.filter(office=office, starts_at__date=day).exists():
        day += dt.timedelta(days=1)
    volunteers = [
        m.user_id
        for m in OfficeStaff.objects.filter(role=StaffRole.VOLUNTEER, office=office).order_by("user_id")[:one_to_one]
    ]
    starts = dt.datetime.combine(day, dt.time(10), tzinfo=tz)
    slots = [
        Slot(office=office, starts_at=starts, ends_at=starts + dt.timedelta(hours=1), title=CONTENDED_TITLE)
        for _ in volunteers
    ]
    for number in range(workshops):
        workshop_start = dt.datetime.combine(day, dt.time(12), tzinfo=tz) + dt.timedelta(minutes=30 * number)
        slots.append(
            Slot(
                office=office,
                starts_at=workshop_start,
                ends_at=workshop_start + dt.timedelta(minutes=90),
                kind=SlotKind.WORKSHOP,
                title=CONTENDED_TITLE,
                capacity=workshop_capacity,
            )
        )
    Slot.objects.bulk_create(slots)
    Slot.volunteers.through.objects.bulk_create(
        [
            Slot.volunteers.through(slot_id=slot.pk, user_id=user_id)
            for slot, user_id in zip(slots, volunteers, strict=False)
        ]
    )
    return [slot.pk for slot in slots]


@dataclass
class CapacityCheck:
    slots: int
    places: int
    booked: int
    over_capacity: int
    count_mismatch: int

    @property
    def ok(self) -> bool:
        return self.over_capacity == 0 and self.count_mismatch == 0


def capacity_check(slot_ids: list[int] | None = None) -> CapacityCheck:
    """Count active bookings per slot: never more than capacity, and equal to the stored counter."""
    from helpdesk.models import BookingStatus, Slot

    slots = Slot.objects.all() if slot_ids is None else Slot.objects.filter(pk__in=slot_ids)
    counted = slots.annotate(active=Count("bookings", filter=Q(bookings__status=BookingStatus.ACTIVE)))
    over = counted.filter(active__gt=F("capacity")).count()
    mismatch = counted.exclude(active=F("booked_count")).count()
    totals = list(counted.values_list("capacity", "active"))
    return CapacityCheck(
        slots=len(totals),
        places=sum(c for c, _a in totals),
        booked=sum(a for _c, a in totals),
        over_capacity=over,
        count_mismatch=mismatch,
    )


def csrf_secret(base: str, browser_class: Any, slot_id: int) -> str:
    browser = browser_class(base)
    browser.get(reverse("helpdesk:book", args=[slot_id]))
    secret: str = browser.cookie("csrftoken")
    return secret


def run_tag() -> str:
    # Digits only: it ends up in phone numbers, which must differ from every earlier run's.
    return f"{int(time.time()) % 1_000_000:06d}"


def book_prefix() -> str:
    return reverse("helpdesk:book", args=[999_999_999]).replace("999999999/", "")
