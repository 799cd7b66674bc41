"""The call list's rows: one per person and day, with everything to say in one call.

Messages due for the same person (same phone number, or the same name when there is none)
are one row: a booking's confirmation and its reminder due on the same day are one call,
not two. Scripts are shown once: two reminders of one appointment say the same, and a
reminder makes its booking's confirmation superfluous (the confirmation would promise
a reminder call that is happening right now).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from core import phones
from notifications import registry
from notifications.models import OutboxMessage

REMINDER = "booking_reminder"
CONFIRMATION = "booking_confirmation"


@dataclass
class CallRow:
    """One call to make (or made): the person, what to say, and who called when."""

    pk: int  # the first message's id names the row ("call-<pk>")
    name: str
    phone: str
    ids: list[int] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    called_by: str = ""  # first name
    called_at: dt.datetime | None = None

    @property
    def done(self) -> bool:
        return self.called_at is not None

    @property
    def other_ids(self) -> list[int]:
        return [pk for pk in self.ids if pk != self.pk]


def _person(message: OutboxMessage) -> str:
    number = phones.normalise(message.recipient_phone)
    return number or message.recipient_name.strip().lower() or f"#{message.pk}"


def same_person(message: OutboxMessage, candidates: Iterable[OutboxMessage]) -> list[int]:
    """The ids among ``candidates`` that the call list merges into ``message``'s row."""
    key = _person(message)
    return [other.pk for other in candidates if other.pk != message.pk and _person(other) == key]


def _first_name(user: object) -> str:
    if user is None:
        return ""
    name = str(getattr(user, "display_name", "") or "").strip()
    return name.split(" ")[0] if name else str(getattr(user, "email", ""))


def rows(messages: Iterable[OutboxMessage]) -> list[CallRow]:
    """Group messages (in the order given) into one row per person."""
    grouped: dict[str, CallRow] = {}
    members: dict[str, list[OutboxMessage]] = {}
    for message in messages:
        key = _person(message)
        if key not in grouped:
            grouped[key] = CallRow(pk=message.pk, name=message.recipient_name, phone=message.recipient_phone)
            members[key] = []
        members[key].append(message)
    for key, row in grouped.items():
        found = members[key]
        reminded = {m.payload.get("booking_id") for m in found if m.kind == REMINDER}
        for message in found:
            row.ids.append(message.pk)
            label = registry.label_of(message.kind)
            if label not in row.labels:
                row.labels.append(label)
            superseded = message.kind == CONFIRMATION and message.payload.get("booking_id") in reminded
            text = message.rendered_text.strip()
            if text and not superseded and text not in row.scripts:
                row.scripts.append(text)
            if message.sent_at is not None and (row.called_at is None or message.sent_at > row.called_at):
                row.called_at = message.sent_at
                row.called_by = _first_name(message.sent_by)
    return list(grouped.values())
