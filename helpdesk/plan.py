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

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from core import phones
from core.chrome import url
from core.clock import clock, span
from core.html import escape
from helpdesk import selectors
from helpdesk.models import BookingStatus, Device, Office, SlotKind, conflict_message


def _url_with(name: str, placeholder: str | int, *args: str) -> Callable[[Any], str]:
    """The address reversed once per process (``core.chrome.url``: it depends on the code only); the
    returned function puts each row's value where the placeholder was.

    The address comes out escaped for an HTML attribute: its fixed parts are escaped here, once, and
    the value is escaped unless it is a number (the plan's ids).
    """
    address = url(name, *args, str(placeholder))
    head, tail = (escape(part) for part in address.rsplit(str(placeholder), 1))
    return lambda value: f"{head}{value if isinstance(value, int) else escape(value)}{tail}"


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


def plan_days(
    *, office: Office, start: dt.datetime, end: dt.datetime, now: dt.datetime
) -> tuple[list[tuple[str, SafeString]], int]:
    """The plan's days (their captions) with their table rows as ready HTML (one row per slot), and how many
    slots from now on need the coordinator (counted in the same query).

    The rows are put together here, from addresses and labels prepared once, not by a template
    per slot and booking: the plan of a busy day has dozens of both and is opened all day long.
    """
    rows = selectors.plan_rows(office=office, start=start, end=end, conflicts_from=now)
    kinds = {key: str(label) for key, label in SlotKind.choices}
    statuses = {key: escape(label) for key, label in BookingStatus.choices}
    change_url = _url_with("helpdesk:booking-detail", "TOKEN0")
    cancel_url = _url_with("helpdesk:staff-booking-cancel", 0)
    open_hour_url = _url_with("helpdesk:open-hour", 0)
    caller_url = escape(url("helpdesk:book-for-caller", office.slug) + "?termin=")
    write_down = gettext("write down visitors")
    change, cancel = escape(gettext("change")), escape(gettext("cancel"))
    for_caller = escape(gettext("Book for a caller"))
    zone = timezone.get_current_timezone()
    days: list[tuple[dt.date, SafeString]] = []
    for pk, items in groupby(rows, key=lambda row: row["pk"]):
        first = next(items)
        starts_at, ends_at = first["starts_at"].astimezone(zone), first["ends_at"].astimezone(zone)
        open_hour = first["kind"] == SlotKind.OPEN_HOUR
        entries = []
        for row in [first, *items]:
            if row["booking_id"] is None:
                continue
            entry = escape(row["booking_name"])
            if row["booking_phone"]:
                phone, tel = _phone(row)
                entry += f', <a href="{escape(tel)}">{escape(phone)}</a>'
            if row["booking_topic"]:
                entry += f" · {escape(row['booking_topic'])}"
            entry += f" · {statuses.get(row['booking_status']) or escape(row['booking_status'])}"
            if row["booking_status"] == BookingStatus.ACTIVE:
                entry += (
                    f' · <a href="{change_url(row["booking_token"])}">{change}</a>'
                    f' · <a href="{cancel_url(row["booking_id"])}">{cancel}</a>'
                )
            entries.append(f"<li>{entry}</li>")
        extra = ""
        if open_hour:
            visitors = first["visitors"] or 0
            text = ngettext("%(n)s visitor", "%(n)s visitors", visitors) % {"n": visitors} + " – " + write_down
            extra += f'\n            <li><a href="{open_hour_url(pk)}">{escape(text)}</a></li>'
        if max(first["capacity"] - first["booked_count"] - first["held_count"], 0) and not open_hour:
            extra += f'\n            <li><a href="{caller_url}{pk}">{for_caller}</a></li>'
        label = escape(first["title"] or kinds.get(first["kind"], first["kind"]))
        if first["conflict"]:
            label += f"<br><strong>{escape(conflict_message(first['conflict_note']))}</strong>"
        booked = "–" if open_hour else f"{first['booked_count']} / {first['capacity']}"
        volunteers = escape(_volunteers(first["volunteers_text"]) or "–")
        html = (
            f"<tr{' class="conflict"' if first['conflict'] else ''}>\n"
            f'          <th scope="row">{span(starts_at, ends_at)}</th>\n'
            f"          <td>{label}</td>\n"
            f"          <td>{volunteers}</td>\n"
            f"          <td>{booked}</td>\n"
            f'          <td><ul class="plain-list">{"".join(entries)}{extra}</ul></td>\n'
            "        </tr>"
        )
        days.append((starts_at.date(), SafeString(html)))
    # Each day's rows as one piece of HTML, laid out as a template loop would: printed once, not per row.
    captioned = [
        (
            date_format(day, gettext("l, j F Y")),
            SafeString("".join(f"\n        {html}\n      " for _day, html in day_rows)),
        )
        for day, day_rows in groupby(days, key=lambda item: item[0])
    ]
    return captioned, selectors.plan_conflicts(office=office, rows=rows, since=now)


def day_list_rows(*, office: Office, start: dt.datetime, end: dt.datetime) -> SafeString:
    """The printable day list's table rows as ready HTML: one row per booking, with the slot's start and
    volunteers.

    Put together here like the plan's rows: a template row with eight values and three filters, for
    every booking of a busy day, cost more than the rest of the page.
    """
    devices = {key: str(label) for key, label in Device.choices}
    loan = gettext("loan tablet")
    zone = timezone.get_current_timezone()
    found: list[str] = []
    for row in selectors.plan_rows(office=office, start=start, end=end):
        if row["booking_id"] is None:
            continue
        phone = _phone(row)[0] if row["booking_phone"] else ""
        note = row["booking_note"] or ""
        device = devices.get(row["booking_device"], row["booking_device"] or "")
        found.append(
            f'\n    <tr><th scope="row">{clock(row["starts_at"].astimezone(zone))}</th>'
            f"<td>{escape(row['booking_name'])}</td>"
            f"<td>{escape(phone or '–')}</td>"
            f"<td>{escape(row['booking_topic'] or '–')}</td>"
            f"<td>{escape(device or '–')}</td>"
            f"<td>{escape(f'{note} ({loan})' if row['booking_loan'] else note)}</td>"
            f"<td>{escape(_volunteers(row['volunteers_text']))}</td><td>☐</td></tr>\n  "
        )
    return SafeString("".join(found))  # escaped above
