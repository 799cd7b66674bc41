"""The waitlist: people waiting for a day at an office are offered freed places in turn."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core import phones
from helpdesk import notify
from helpdesk.models import (
    Booking,
    Office,
    Slot,
    Topic,
    WaitlistEntry,
    WaitlistStatus,
    touch_plan_on_commit,
)
from helpdesk.services.booking import BookingError, booking_create, person_of, slot_fits

# How long a freed place is held for the first person on the waitlist.
WAITLIST_OFFER_DURATION = dt.timedelta(hours=4)
# A place that frees up later than this before the appointment is not offered any more.
WAITLIST_MIN_NOTICE = dt.timedelta(hours=2)


def waitlist_join(
    *,
    office: Office,
    day: dt.date,
    name: str,
    phone: str = "",
    email: str = "",
    topic: Topic | None = None,
    device: str = "",
    user: User | None = None,
    consent: bool,
) -> WaitlistEntry:
    """Put a person on the waitlist of ``office`` for ``day``; once per person, office and day.

    The person is the account, the phone number or the e-mail address, as for bookings.
    """
    if not consent:
        raise ValidationError(_("Please agree to the use of your data for the waitlist."), code="consent")
    phone = phones.parse(phone)
    email = email.strip()
    if not name.strip() or not (phone or email):
        raise ValidationError(_("Please give your name and a phone number or e-mail address."), code="contact")
    person = person_of(user=user, phone=phone, email=email)
    waiting = WaitlistEntry.objects.filter(
        office=office, day=day, status__in=[WaitlistStatus.WAITING, WaitlistStatus.OFFERED]
    )
    match = Q(phone=person.phone) if person.phone else Q()
    if person.email:
        match |= Q(email__iexact=person.email)
    if user is not None:
        match |= Q(user=user)
    if match and waiting.filter(match).exists():
        raise ValidationError(_("You are already on the waitlist for this day."), code="already_waiting")
    return WaitlistEntry.objects.create(
        office=office,
        day=day,
        name=name.strip(),
        phone=phone,
        email=email,
        topic=topic,
        device=device,
        user=user,
        consent_at=timezone.now(),
    )


def waitlist_offer_next(*, slot: Slot, now: dt.datetime | None = None) -> WaitlistEntry | None:
    """Offer a freed place to the first in line for that office and day; holds it until the offer expires."""
    now = now or timezone.now()
    if slot.free_places <= 0 or not slot.is_bookable or slot.starts_at - now < WAITLIST_MIN_NOTICE:
        return None
    day = timezone.localtime(slot.starts_at).date()
    with transaction.atomic():
        candidates = (
            WaitlistEntry.objects.select_for_update(of=("self",))
            .filter(office_id=slot.office_id, day=day, status=WaitlistStatus.WAITING)
            .select_related("topic")
            .order_by("created_at", "id")
        )
        for entry in candidates:
            if not slot_fits(slot, topic=entry.topic, device=entry.device):
                continue
            expires = min(now + WAITLIST_OFFER_DURATION, slot.starts_at - dt.timedelta(hours=1))
            updated = Slot.objects.filter(pk=slot.pk, capacity__gt=F("booked_count") + F("held_count")).update(
                held_count=F("held_count") + 1
            )
            if not updated:
                return None
            entry.status = WaitlistStatus.OFFERED
            entry.offered_slot = slot
            entry.offer_expires_at = expires
            entry.save(update_fields=["status", "offered_slot", "offer_expires_at"])
            notify.waitlist_offer(entry)
            touch_plan_on_commit(slot.office_id)  # one place fewer is free
            return entry
    return None


def waitlist_accept(*, entry: WaitlistEntry, consent: bool, user: User | None = None) -> Booking:
    with transaction.atomic():
        entry = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
        if (
            entry.status != WaitlistStatus.OFFERED
            or entry.offered_slot is None
            or (entry.offer_expires_at and entry.offer_expires_at <= timezone.now())
        ):
            raise BookingError(_("This offer is no longer valid."), code="offer_expired")
        booking = booking_create(
            slot=entry.offered_slot,
            user=entry.user or user,
            name=entry.name,
            phone=entry.phone,
            email=entry.email,
            topic=entry.topic,
            device=entry.device,
            consent=consent,
            override=True,
            use_hold=True,
        )
        entry.status = WaitlistStatus.BOOKED
        entry.booking = booking
        entry.save(update_fields=["status", "booking"])
    return booking


def _release_offer(entry: WaitlistEntry, status: str) -> Slot | None:
    slot = entry.offered_slot
    if slot is not None:
        Slot.objects.filter(pk=slot.pk, held_count__gt=0).update(held_count=F("held_count") - 1)
    entry.status = status
    entry.save(update_fields=["status"])
    if slot is not None:
        slot.refresh_from_db()
        touch_plan_on_commit(slot.office_id)  # the held place is free again
    return slot


def waitlist_decline(*, entry: WaitlistEntry) -> None:
    with transaction.atomic():
        entry = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status == WaitlistStatus.OFFERED:
            slot = _release_offer(entry, WaitlistStatus.CANCELLED)
            if slot is not None:
                waitlist_offer_next(slot=slot)
        elif entry.status == WaitlistStatus.WAITING:
            entry.status = WaitlistStatus.CANCELLED
            entry.save(update_fields=["status"])


def waitlist_expire_offers(*, now: dt.datetime | None = None) -> int:
    """Give expired offers back and offer the place to the next in line."""
    now = now or timezone.now()
    expired = 0
    ids = list(
        WaitlistEntry.objects.filter(status=WaitlistStatus.OFFERED, offer_expires_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    for entry_id in ids:
        with transaction.atomic():
            entry = (
                WaitlistEntry.objects.select_for_update(skip_locked=True)
                .filter(pk=entry_id, status=WaitlistStatus.OFFERED)
                .first()
            )
            if entry is None:
                continue
            slot = _release_offer(entry, WaitlistStatus.EXPIRED)
            expired += 1
            if slot is not None:
                waitlist_offer_next(slot=slot, now=now)
    return expired
