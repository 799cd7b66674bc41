"""Reads about open consultation hours: how many people dropped in, with what."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Sum

from helpdesk.models import Device, Office, Slot, SlotKind, WalkInVisit


def visitors_per_slot(slot_ids: Iterable[int]) -> dict[int, int]:
    ids = list(slot_ids)
    if not ids:
        return {}
    rows = WalkInVisit.objects.filter(slot_id__in=ids).values("slot_id").annotate(n=Sum("count"))
    return {row["slot_id"]: row["n"] for row in rows}


@dataclass
class OpenHourRow:
    slot: Slot
    visitors: int = 0
    topics: Counter[str] = field(default_factory=Counter)

    def topic_list(self) -> list[tuple[str, int]]:
        return self.topics.most_common()


@dataclass
class OpenHourStatistics:
    rows: list[OpenHourRow]
    by_topic: list[tuple[str, int]]
    by_device: list[tuple[str, int]]

    @property
    def visitors(self) -> int:
        return sum(row.visitors for row in self.rows)

    @property
    def average(self) -> float:
        return self.visitors / len(self.rows) if self.rows else 0.0


def statistics(*, office: Office, start: dt.datetime, end: dt.datetime) -> OpenHourStatistics:
    """Every open hour of the office that began in [start, end), newest first, with its visitors. Two queries."""
    slots = list(
        Slot.objects.filter(office=office, kind=SlotKind.OPEN_HOUR, starts_at__gte=start, starts_at__lt=end).order_by(
            "-starts_at"
        )
    )
    rows = {slot.pk: OpenHourRow(slot=slot) for slot in slots}
    topics: Counter[str] = Counter()
    devices: dict[str, int] = defaultdict(int)
    labels = dict(Device.choices)
    visits = WalkInVisit.objects.filter(slot_id__in=rows).values_list("slot_id", "count", "topic__name", "device")
    for slot_id, count, topic, device in visits:
        row = rows[slot_id]
        row.visitors += count
        row.topics[topic or "–"] += count
        topics[topic or "–"] += count
        devices[str(labels.get(device, "–"))] += count
    return OpenHourStatistics(
        rows=list(rows.values()),
        by_topic=topics.most_common(),
        by_device=sorted(devices.items(), key=lambda item: -item[1]),
    )
