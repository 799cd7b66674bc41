"""The waitlist: people waiting for a day at an office are offered freed places in turn."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core import phones
from helpdesk import notify, opening
from helpdesk.models import (
    Booking,
    Channel,
    Office,
    Slot,
    Topic,
    WaitlistEntry,
    WaitlistNote,
    WaitlistStatus,
    touch_plan_on_commit,
)
from helpdesk.reminders import channel_for
from helpdesk.services.booking import BookingError, booking_create, person_of, slot_fits
from notifications.models import Channel as MessageChannel

# How long a freed place is held for the first person on the waitlist who can answer online
# (e-mail or SMS); moved to the office's hours by ``offer_expiry``.
WAITLIST_OFFER_DURATION = dt.timedelta(hours=4)
# An offer always ends this long before the appointment.
WAITLIST_OFFER_LEAD = dt.timedelta(hours=1)
# A place that frees up later than this before the appointment is not offered any more.
WAITLIST_MIN_NOTICE = dt.timedelta(hours=2)


def reached_only_by_phone(entry: WaitlistEntry) -> bool:
    """No e-mail address and no mobile number: the office has to call (a landline)."""
    return channel_for(email=entry.email, phone=entry.phone) in (MessageChannel.CALL, None)


def offer_expiry(*, entry: WaitlistEntry, slot: Slot, now: dt.datetime) -> dt.datetime:
    """Until when ``slot`` is held for ``entry``: within the office's hours (``opening.offer_deadline``)."""
    return opening.offer_deadline(
        slot.office_id,
        now=now,
        phone_only=reached_only_by_phone(entry),
        usual=now + WAITLIST_OFFER_DURATION,
        latest=slot.starts_at - WAITLIST_OFFER_LEAD,
    )


def _already_waiting(office: Office, day: dt.date) -> ValidationError:
    return ValidationError(
        _("You are already on the waitlist for %(day)s at %(office)s. We will get in touch when a place is free.")
        % {"day": formats.date_format(day, _("l, j F Y")), "office": office.name},
        code="already_waiting",
    )


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

    The person is the account, the phone number (E.164) or the e-mail address (any case), as
    for bookings. The database holds the rule too, so two joins at once make one entry.
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
        raise _already_waiting(office, day)
    try:
        with transaction.atomic():
            entry = WaitlistEntry.objects.create(
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
    except IntegrityError:
        raise _already_waiting(office, day) from None
    touch_plan_on_commit(office.pk)  # the coordinators' waitlist changed
    return entry


def _hold(slot: Slot) -> bool:
    """Take one free place of ``slot`` for an offer; False when none is free any more."""
    return bool(
        Slot.objects.filter(pk=slot.pk, capacity__gt=F("booked_count") + F("held_count")).update(
            held_count=F("held_count") + 1
        )
    )


def _make_offer(entry: WaitlistEntry, slot: Slot, *, now: dt.datetime) -> None:
    entry.status = WaitlistStatus.OFFERED
    entry.offered_slot = slot
    entry.offer_expires_at = offer_expiry(entry=entry, slot=slot, now=now)
    entry.save(update_fields=["status", "offered_slot", "offer_expires_at"])
    notify.waitlist_offer(entry)
    touch_plan_on_commit(slot.office_id)  # one place fewer is free


def waitlist_offer_next(*, slot: Slot, now: dt.datetime | None = None) -> WaitlistEntry | None:
    """Offer a freed place to the first in line for that office and day; holds it until the offer expires."""
    now = now or timezone.now()
    if slot.free_places <= 0 or not slot.is_bookable or slot.starts_at - now < WAITLIST_MIN_NOTICE:
        return None
    day = timezone.localtime(slot.starts_at).date()
    with transaction.atomic():
        # Entries locked elsewhere (a coordinator booking or offering for them right now) are skipped:
        # the cancelling side holds the slot lock already, and waiting here for an entry whose holder
        # waits for that slot would deadlock.
        candidates = (
            WaitlistEntry.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(office_id=slot.office_id, day=day, status=WaitlistStatus.WAITING)
            .select_related("topic")
            .order_by("created_at", "id")
        )
        for entry in candidates:
            if not slot_fits(slot, topic=entry.topic, device=entry.device):
                continue
            if not _hold(slot):
                return None
            _make_offer(entry, slot, now=now)
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


# --- what the office's coordinators do with an entry -------------------------------------------


class WaitlistError(ValidationError):
    """A coordinator's action that the entry's state does not allow (shown as a message)."""


def _locked_active(entry: WaitlistEntry) -> WaitlistEntry:
    locked = WaitlistEntry.objects.select_for_update(of=("self",)).select_related("topic").get(pk=entry.pk)
    if locked.status not in (WaitlistStatus.WAITING, WaitlistStatus.OFFERED):
        raise WaitlistError(_("This person is no longer waiting."), code="not_waiting")
    return locked


def waitlist_note(*, entry: WaitlistEntry, by: User, text: str, called: bool = False) -> WaitlistNote:
    """Write down a call ("angerufen", with what was said) or a note about an entry."""
    text = text.strip()
    if not called and not text:
        raise WaitlistError(_("Please write a note."), code="empty")
    now = timezone.now()
    with transaction.atomic():
        note = WaitlistNote.objects.create(
            entry=entry, kind=WaitlistNote.Kind.CALL if called else WaitlistNote.Kind.NOTE, text=text, by=by, at=now
        )
        if called:
            WaitlistEntry.objects.filter(pk=entry.pk).update(called_at=now)
            entry.called_at = now
    return note


def waitlist_remove(*, entry: WaitlistEntry, by: User, reason: str) -> None:
    """Take someone off the waitlist (they found another way, asked to, cannot be reached)."""
    reason = reason.strip()
    if not reason:
        raise WaitlistError(_("Please give a reason for removing this person."), code="reason")
    with transaction.atomic():
        locked = _locked_active(entry)
        slot = None
        if locked.status == WaitlistStatus.OFFERED:
            slot = _release_offer(locked, WaitlistStatus.REMOVED)
        else:
            locked.status = WaitlistStatus.REMOVED
            locked.save(update_fields=["status"])
        locked.removed_reason = reason[:300]
        locked.save(update_fields=["removed_reason"])
        WaitlistNote.objects.create(entry=locked, kind=WaitlistNote.Kind.REMOVED, text=reason, by=by)
        touch_plan_on_commit(locked.office_id)
        if slot is not None:
            waitlist_offer_next(slot=slot)


def waitlist_offer_place(
    *, entry: WaitlistEntry, slot: Slot, by: User, now: dt.datetime | None = None
) -> WaitlistEntry:
    """Offer ``slot`` to ``entry`` (the coordinator's choice): the place is held until the offer ends.

    An earlier offer to the same person is given back first, and that place goes to the next in line.
    """
    now = now or timezone.now()
    if slot.office_id != entry.office_id:
        raise WaitlistError(_("This time is at another office."), code="other_office")
    with transaction.atomic():
        locked = _locked_active(entry)
        previous = None
        if locked.status == WaitlistStatus.OFFERED and locked.offered_slot_id != slot.pk:
            previous = _release_offer(locked, WaitlistStatus.WAITING)
        elif locked.status == WaitlistStatus.OFFERED:
            raise WaitlistError(_("This time is already offered to this person."), code="same_offer")
        fresh = Slot.objects.get(pk=slot.pk)
        if fresh.starts_at - WAITLIST_OFFER_LEAD <= now:
            raise WaitlistError(
                _("This time begins too soon for an offer. Please call the person and book it on the phone."),
                code="too_soon",
            )
        if not fresh.is_bookable or not _hold(fresh):
            raise WaitlistError(_("This time is no longer free. Please choose another one."), code="full")
        _make_offer(locked, fresh, now=now)
        WaitlistNote.objects.create(
            entry=locked,
            kind=WaitlistNote.Kind.OFFER,
            text=formats.date_format(timezone.localtime(fresh.starts_at), "D j.n. H:i"),
            by=by,
        )
        if previous is not None:
            waitlist_offer_next(slot=previous, now=now)
    return locked


def waitlist_book_by_phone(*, entry: WaitlistEntry, slot: Slot, by: User) -> Booking:
    """The person said yes on the phone: book ``slot`` for them at once (a booking by phone)."""
    if slot.office_id != entry.office_id:
        raise WaitlistError(_("This time is at another office."), code="other_office")
    with transaction.atomic():
        locked = _locked_active(entry)
        use_hold = locked.status == WaitlistStatus.OFFERED and locked.offered_slot_id == slot.pk
        previous = None
        if locked.status == WaitlistStatus.OFFERED and not use_hold:
            previous = _release_offer(locked, WaitlistStatus.WAITING)
        booking = booking_create(
            slot=Slot.objects.get(pk=slot.pk),
            user=locked.user,
            name=locked.name,
            phone=locked.phone,
            email=locked.email,
            topic=locked.topic,
            device=locked.device,
            channel=Channel.PHONE,
            consent=True,  # given when joining the waitlist (consent_at)
            booked_by=by,
            override=True,
            use_hold=use_hold,
        )
        locked.status = WaitlistStatus.BOOKED
        locked.booking = booking
        locked.save(update_fields=["status", "booking"])
        WaitlistNote.objects.create(entry=locked, kind=WaitlistNote.Kind.CALL, text=_("Booked on the phone"), by=by)
        if previous is not None:
            waitlist_offer_next(slot=previous)
    return booking
