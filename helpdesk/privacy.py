"""GDPR: what the helpdesk knows about a person, and forgetting it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from accounts.models import User
from helpdesk.models import Availability, Booking, SubstituteRequest, Volunteer, WaitlistEntry, WaitlistNote


def _bookings_of(user: User) -> Any:
    person = Q(user=user)
    if user.email:
        person |= Q(email__iexact=user.email)
    return Booking.objects.filter(person)


def export(user: User) -> dict[str, Any]:
    bookings = _bookings_of(user).select_related("slot__office", "topic").order_by("slot__starts_at")
    profile = Volunteer.objects.filter(user=user).prefetch_related("topics").first()
    return {
        "bookings": [
            {
                "office": b.slot.office.name,
                "starts_at": b.slot.starts_at.isoformat(),
                "name": b.name,
                "phone": b.phone,
                "email": b.email,
                "topic": str(b.topic or ""),
                "device": b.device,
                "channel": b.channel,
                "note": b.note,
                "status": b.status,
                "consent_at": b.consent_at.isoformat() if b.consent_at else None,
            }
            for b in bookings
        ],
        "waitlist": [
            {
                "office": e.office.name,
                "day": e.day.isoformat(),
                "status": e.status,
                "removed_reason": e.removed_reason,
                # What the office wrote down about the person is theirs to read too.
                "notes": [{"at": n.at.isoformat(), "kind": n.kind, "text": n.text} for n in e.notes.all()],
            }
            for e in WaitlistEntry.objects.filter(user=user).select_related("office").prefetch_related("notes")
        ],
        "substitute_requests": [
            {"starts_at": r.slot.starts_at.isoformat(), "reason": r.reason, "status": r.status}
            for r in SubstituteRequest.objects.filter(absent_volunteer=user).select_related("slot")
        ],
        "volunteer": None
        if profile is None
        else {
            "topics": [t.name for t in profile.topics.all()],
            "devices": profile.device_list,
            "availabilities": [
                {"office": a.office.name, "weekday": a.weekday, "from": str(a.start_time), "until": str(a.end_time)}
                for a in Availability.objects.filter(volunteer=user).select_related("office")
            ],
        },
    }


def erase(user: User) -> None:
    """Bookings stay as anonymous counts for the statistics; the person's details go."""
    _bookings_of(user).update(
        user=None, name="–", phone="", phone_normalised="", email="", note="", outcome_note="", cancel_reason=""
    )
    entries = Q(user=user)
    if user.email:
        entries |= Q(email__iexact=user.email)
    waiting = WaitlistEntry.objects.filter(entries)
    # The office's notes about the person go with their details.
    WaitlistNote.objects.filter(entry__in=waiting).update(text="")
    waiting.update(name="–", phone="", email="", user=None, removed_reason="")
    # Why a volunteer could not come (often their health) goes with them; the request itself stays.
    SubstituteRequest.objects.filter(absent_volunteer=user).update(reason="", absent_volunteer=None)
