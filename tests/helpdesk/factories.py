from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from accounts.models import User
from helpdesk.models import Availability, Office, Slot, SlotKind, Topic, Volunteer, WorkshopSchedule
from tests.factories import OfficeFactory, SlotFactory, volunteer_at


class TopicFactory(factory.django.DjangoModelFactory[Topic]):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")


class AvailabilityFactory(factory.django.DjangoModelFactory[Availability]):
    class Meta:
        model = Availability

    office = factory.SubFactory(OfficeFactory)
    weekday = 0
    start_time = dt.time(10, 0)
    end_time = dt.time(12, 0)


class WorkshopScheduleFactory(factory.django.DjangoModelFactory[WorkshopSchedule]):
    class Meta:
        model = WorkshopSchedule

    office = factory.SubFactory(OfficeFactory)
    title = "Smartphone-Treff"
    weekday = 0
    start_time = dt.time(10, 0)
    end_time = dt.time(12, 0)
    capacity = 8


def helper_at(office: Office, *, topics: list[Topic] = (), devices: list[str] = ("android",), **kwargs: Any) -> User:  # type: ignore[assignment]
    """A volunteer at ``office`` who knows these topics and devices."""
    user = volunteer_at(office, **kwargs)
    profile = Volunteer.objects.create(user=user, devices=Volunteer.encode_devices(list(devices)))
    profile.topics.set(topics)
    return user


def one_to_one(office: Office, volunteer: User, *, starts_at: dt.datetime | None = None, minutes: int = 60) -> Slot:
    start = starts_at or timezone.now() + dt.timedelta(days=2)
    slot = SlotFactory.create(office=office, starts_at=start, ends_at=start + dt.timedelta(minutes=minutes))
    slot.volunteers.add(volunteer)
    return slot


def workshop(office: Office, *, capacity: int = 8, starts_at: dt.datetime | None = None, **kwargs: Any) -> Slot:
    start = starts_at or timezone.now() + dt.timedelta(days=3)
    return SlotFactory.create(
        office=office,
        kind=SlotKind.WORKSHOP,
        capacity=capacity,
        title="Smartphone-Treff",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        **kwargs,
    )


def week_of(when: dt.datetime) -> int:
    """The picker's ``woche`` number of the week that holds ``when`` (0: this week)."""

    def monday(day: dt.date) -> dt.date:
        return day - dt.timedelta(days=day.weekday())

    return (monday(timezone.localtime(when).date()) - monday(timezone.localdate())).days // 7
