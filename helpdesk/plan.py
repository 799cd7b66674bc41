"""The coordinators' plan and day list, built once in Python from one query.

``selectors.plan_rows`` reads the days' slots with their bookings, volunteers and walk-ins
as plain values; this module turns them into rows whose every text and address is ready
(times in local time, labels translated once per page, addresses reversed once per page and
filled in per row, phone numbers formatted without validating them again), so the
templates only print.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import groupby
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from core import phones
from helpdesk import selectors
from helpdesk.models import BookingStatus, Device, Office, SlotKind, conflict_message

PlanRow = dict[str, Any]


def _url_with(name: str, placeholder: str | int, *args: Any) -> Callable[[Any], str]:
    """``reverse`` once; the returned function puts each row's value where the placeholder was."""
    url = reverse(name, args=[*args, placeholder])
    head, tail = url.rsplit(str(placeholder), 1)
    return lambda value: f"{head}{value}{tail}"


def _phone(row: dict[str, Any]) -> tuple[str, str]:
    """How the number reads and its ``tel:`` link.

    ``phone_normalised`` is the stored number in E.164 when it is valid (checked when the booking
    was saved), so it is formatted without parsing and checking it again.
    """
    valid = row["booking_phone_normalised"]
    if valid:
        return phones.display_valid(valid), "tel:" + valid
    number = row["booking_phone"] or ""
    return phones.display(number), phones.tel_uri(number)


def _volunteers(text: str | None) -> str:
    if not text:
        return ""
    people = sorted(person.split(selectors.PLAN_NAME_SEP, 1) for person in text.split(selectors.PLAN_PERSON_SEP))
    return ", ".join(name for _email, name in people)


def plan_days(*, office: Office, start: dt.datetime, end: dt.datetime) -> list[tuple[str, list[PlanRow]]]:
    """The plan's days (as captions) with their slots, each with its bookings."""
    rows = selectors.plan_rows(office=office, start=start, end=end)
    kinds = {key: str(label) for key, label in SlotKind.choices}
    statuses = {key: str(label) for key, label in BookingStatus.choices}
    change_url = _url_with("helpdesk:booking-detail", "TOKEN0")
    cancel_url = _url_with("helpdesk:staff-booking-cancel", 0)
    open_hour_url = _url_with("helpdesk:open-hour", 0)
    caller_url = reverse("helpdesk:book-for-caller", args=[office.slug]) + "?termin="
    write_down = gettext("write down visitors")
    slots: list[PlanRow] = []
    for pk, items in groupby(rows, key=lambda row: row["pk"]):
        first = next(items)
        starts_at, ends_at = timezone.localtime(first["starts_at"]), timezone.localtime(first["ends_at"])
        open_hour = first["kind"] == SlotKind.OPEN_HOUR
        bookings = []
        for row in [first, *items]:
            if row["booking_id"] is None:
                continue
            phone, tel = _phone(row)
            active = row["booking_status"] == BookingStatus.ACTIVE
            bookings.append(
                {
                    "name": row["booking_name"],
                    "phone": phone if row["booking_phone"] else "",
                    "tel": tel,
                    "topic": row["booking_topic"] or "",
                    "active": active,
                    "status": statuses.get(row["booking_status"], row["booking_status"]),
                    "change_url": change_url(row["booking_token"]) if active else "",
                    "cancel_url": cancel_url(row["booking_id"]) if active else "",
                }
            )
        visitors = first["visitors"] or 0
        free = max(first["capacity"] - first["booked_count"] - first["held_count"], 0)
        slots.append(
            {
                "pk": pk,
                "day": starts_at.date(),
                "time": f"{starts_at:%H:%M}–{ends_at:%H:%M}",
                "label": first["title"] or kinds.get(first["kind"], first["kind"]),
                "conflict": first["conflict"],
                "conflict_message": conflict_message(first["conflict_note"]) if first["conflict"] else "",
                "volunteers": _volunteers(first["volunteers_text"]) or "–",
                "booked": "–" if open_hour else f"{first['booked_count']} / {first['capacity']}",
                "bookings": bookings,
                "open_hour_url": open_hour_url(pk) if open_hour else "",
                "open_hour_text": (
                    ngettext("%(n)s visitor", "%(n)s visitors", visitors) % {"n": visitors} + " – " + write_down
                )
                if open_hour
                else "",
                "caller_url": f"{caller_url}{pk}" if free and not open_hour else "",
            }
        )
    return [
        (date_format(day, "l, j. F Y"), list(day_slots)) for day, day_slots in groupby(slots, key=lambda s: s["day"])
    ]


def day_list_rows(*, office: Office, start: dt.datetime, end: dt.datetime) -> list[PlanRow]:
    """The printable day list: one row per booking, with the slot's start and volunteers."""
    devices = {key: str(label) for key, label in Device.choices}
    loan = gettext("loan tablet")
    found: list[PlanRow] = []
    for row in selectors.plan_rows(office=office, start=start, end=end):
        if row["booking_id"] is None:
            continue
        phone, _tel = _phone(row)
        note = row["booking_note"] or ""
        found.append(
            {
                "time": f"{timezone.localtime(row['starts_at']):%H:%M}",
                "name": row["booking_name"],
                "phone": phone if row["booking_phone"] else "",
                "topic": row["booking_topic"] or "",
                "device": devices.get(row["booking_device"], row["booking_device"] or ""),
                "note": f"{note} ({loan})" if row["booking_loan"] else note,
                "volunteers": _volunteers(row["volunteers_text"]),
            }
        )
    return found
