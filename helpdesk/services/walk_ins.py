"""People who drop in at an open consultation hour: counted with their wish, not booked."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from helpdesk.models import Device, Slot, SlotKind, Topic, WalkInVisit

MAX_GROUP = 50
# Visitors can be written down from the start of the open hour until a week after it.
LATE_RECORDING = dt.timedelta(days=7)


def walk_in_record(
    *,
    slot: Slot,
    count: int = 1,
    topic: Topic | None = None,
    device: str = "",
    first_name: str = "",
    by: User | None = None,
    now: dt.datetime | None = None,
) -> WalkInVisit:
    """Write down ``count`` people who came to the open hour ``slot`` with this wish."""
    now = now or timezone.now()
    if slot.kind != SlotKind.OPEN_HOUR:
        raise ValidationError(_("Visitors are recorded only for open consultation hours."), code="not_open_hour")
    if slot.starts_at > now:
        raise ValidationError(_("This open consultation hour has not begun yet."), code="future")
    if slot.ends_at + LATE_RECORDING < now:
        raise ValidationError(_("This open consultation hour is more than a week ago."), code="too_late")
    if not 1 <= count <= MAX_GROUP:
        raise ValidationError(_("Please give a number between 1 and %(max)s.") % {"max": MAX_GROUP}, code="count_range")
    if device and device not in Device.values:
        raise ValidationError(_("Please choose a device from the list."), code="device")
    return WalkInVisit.objects.create(
        slot=slot,
        count=count,
        topic=topic,
        device=device,
        first_name=first_name.strip()[:60],
        recorded_by=by,
        created_at=now,
    )


def walk_in_delete(*, visit: WalkInVisit) -> None:
    visit.delete()
