"""Visitors of an open consultation hour are counted, with their wish, in its time only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from helpdesk import services
from helpdesk.models import SlotKind, WalkInVisit
from tests.factories import OfficeFactory, SlotFactory
from tests.helpdesk.factories import TopicFactory

pytestmark = pytest.mark.django_db


def open_hour(starts_in: dt.timedelta, kind: str = SlotKind.OPEN_HOUR):
    start = timezone.now() + starts_in
    return SlotFactory.create(
        office=OfficeFactory.create(), kind=kind, capacity=20, starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )


def test_a_group_with_one_wish_is_one_entry_with_its_size():
    slot = open_hour(-dt.timedelta(minutes=10))
    topic = TopicFactory.create()
    visit = services.walk_in_record(slot=slot, count=3, topic=topic, device="iphone", first_name="  Erna ")
    assert (visit.count, visit.topic, visit.device, visit.first_name) == (3, topic, "iphone", "Erna")


@pytest.mark.parametrize(
    ("starts_in", "kind", "count", "device", "code"),
    [
        (dt.timedelta(hours=1), SlotKind.OPEN_HOUR, 1, "", "future"),
        (-dt.timedelta(days=9), SlotKind.OPEN_HOUR, 1, "", "too_late"),
        (-dt.timedelta(minutes=5), SlotKind.WORKSHOP, 1, "", "not_open_hour"),
        (-dt.timedelta(minutes=5), SlotKind.OPEN_HOUR, 0, "", "count_range"),
        (-dt.timedelta(minutes=5), SlotKind.OPEN_HOUR, 51, "", "count_range"),
        (-dt.timedelta(minutes=5), SlotKind.OPEN_HOUR, 1, "fax", "device"),
    ],
)
def test_visitors_outside_the_open_hour_or_with_impossible_details_are_refused(starts_in, kind, count, device, code):
    slot = open_hour(starts_in, kind)
    with pytest.raises(ValidationError) as refused:
        services.walk_in_record(slot=slot, count=count, device=device)
    assert refused.value.code == code
    assert not WalkInVisit.objects.exists()


def test_an_open_hour_can_still_be_filled_in_the_next_days():
    slot = open_hour(-dt.timedelta(days=3))
    assert services.walk_in_record(slot=slot).count == 1


def test_first_names_of_visitors_go_with_the_guests_data_and_the_count_stays(settings):
    slot = open_hour(-dt.timedelta(days=settings.GUEST_DATA_RETENTION_DAYS + 2))
    WalkInVisit.objects.create(slot=slot, count=2, first_name="Erna")

    services.guest_data_purge()

    assert list(WalkInVisit.objects.values_list("count", "first_name")) == [(2, "")]
