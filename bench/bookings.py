"""Booking POSTs through the real booking form at fresh slots, and the capacity check afterwards."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from bench.browser import Browser
from bench.load import Endpoint, LoadShape, Result, result_from, run_wrk, wrk_command
from bench.server import Server, drain

CONTENDED_TITLE = "Bench: umkämpfter Termin"
CONTENDED_ONE_TO_ONE = 20  # one per volunteer of the office, all at the same hour
CONTENDED_WORKSHOPS = 10
CONTENDED_WORKSHOP_CAPACITY = 10
# The second booking load: so many places that every POST books (no cheap refusals).
OPEN_WORKSHOPS = 10
OPEN_WORKSHOP_CAPACITY = 400


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
    from helpdesk.models import Office, Slot

    office_slug = office_slug or seed.OFFICE_SLUGS[0]
    office = Office.objects.get(slug=office_slug)
    tz = timezone.get_current_timezone()
    day = timezone.localdate() + dt.timedelta(days=14)
    while day.weekday() != 5 or Slot.objects.filter(office=office, starts_at__date=day).exists():
        day += dt.timedelta(days=1)
    volunteers = seed.volunteer_ids(office_slug)[:one_to_one]
    starts = dt.datetime.combine(day, dt.time(10), tzinfo=tz)
    slots = [
        Slot(office=office, starts_at=starts, ends_at=starts + dt.timedelta(hours=1), title=CONTENDED_TITLE)
        for _ in volunteers
    ]
    for number in range(workshops):
        workshop_start = dt.datetime.combine(day, dt.time(12), tzinfo=tz) + dt.timedelta(minutes=30 * number)
        slots.append(seed.workshop(office, workshop_start, title=CONTENDED_TITLE, capacity=workshop_capacity))
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


def csrf_secret(base: str, slot_id: int) -> str:
    browser = Browser(base)
    browser.get(reverse("helpdesk:book", args=[slot_id]))
    secret: str = browser.cookie("csrftoken")
    return secret


def run_tag() -> str:
    # Digits only: it ends up in phone numbers, which must differ from every earlier run's.
    return f"{int(time.time()) % 1_000_000:06d}"


def book_prefix() -> str:
    return reverse("helpdesk:book", args=[999_999_999]).replace("999999999/", "")


def booking_load(
    wrk: str, servers: list[Server], shape: LoadShape, *, stage: str, name: str = "", open_places: bool = False
) -> tuple[Result, list[int]]:
    """Booking POSTs through the real form at fresh slots, from one wrk per web server.

    Contended: 120 places, gone in a second or two, so most POSTs are refusals. With
    ``open_places``: 4,000 places in ten workshops, so every POST books.
    """
    if open_places:
        slot_ids = contended_slots(one_to_one=0, workshops=OPEN_WORKSHOPS, workshop_capacity=OPEN_WORKSHOP_CAPACITY)
        name = name or f"booking POSTs, every one books ({len(slot_ids)} workshops with free places)"
    else:
        slot_ids = contended_slots()
    endpoint = Endpoint(name or f"booking POSTs at {len(slot_ids)} contended slots", "/", key="bookings", kind="write")
    csrf = csrf_secret(servers[0].base, slot_ids[0])
    tag = run_tag()
    per_server = LoadShape(
        shape.duration, max(1, shape.connections // len(servers)), max(1, shape.threads // len(servers))
    )
    commands = [
        wrk_command(
            wrk,
            server.base,
            endpoint,
            per_server,
            script="booking.lua",
            script_args=[csrf, ",".join(map(str, slot_ids)), book_prefix(), tag, str(process)],
        )
        for process, server in enumerate(servers, start=1)
    ]
    summaries = run_wrk(commands, endpoint.name)
    for server in servers:
        drain(server)
    data = combine(summaries)
    result = result_from(endpoint, data, stage=stage)
    check = capacity_check(slot_ids)
    booked = result.counts.get("booked", 0)
    result.notes.append(
        f"{booked} booked, {result.counts.get('refused', 0)} refused, {check.booked}/{check.places} places taken, "
        f"{check.over_capacity} slots over capacity"
    )
    if not check.ok:
        result.failed_checks.append(
            f"{check.over_capacity} slots over capacity, {check.count_mismatch} with a wrong booked count"
        )
    # wrk stops mid-request: up to one request per connection is stored but never answered.
    in_flight = per_server.connections * len(servers)
    if not booked <= check.booked <= booked + in_flight:
        result.failed_checks.append(f"{booked} bookings answered but {check.booked} stored")
    elif check.booked > booked:
        result.notes.append(f"{check.booked - booked} more stored, cut off by wrk's stop before the answer")
    if result.counts.get("other"):
        result.failed_checks.append(f"{result.counts['other']} answers were neither a booking nor a refusal")
    return result, slot_ids


def combine(summaries: list[dict[str, Any]]) -> dict[str, Any]:
    """The summaries of wrk processes that ran at the same time, as one: sums, and the worst latencies."""
    data: dict[str, Any] = {key: sum(summary[key] for summary in summaries) for key in summaries[0] if key != "counts"}
    for key in ("duration_us", "p50_us", "p90_us", "p99_us", "max_us"):
        data[key] = max(summary[key] for summary in summaries)
    counts: dict[str, int] = {}
    for summary in summaries:
        for name, value in summary.get("counts", {}).items():
            counts[name] = counts.get(name, 0) + value
    data["counts"] = counts
    return data
