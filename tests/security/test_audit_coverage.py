"""Every page and export that shows a senior's name or phone number writes an audit entry.

The world's senior gets a name and a number that appear nowhere else. Coordinators,
administrators and the booking's volunteer open every URL of the site (with the objects of
the permission matrix's world, and as CSV where a page offers it); a page whose answer shows
the name or the number must have written at least one entry to the audit log during that
request (``helpdesk.audit.record``). A new page that shows seniors without recording the
look fails here.
"""

from __future__ import annotations

from typing import Any

import phonenumbers
import pytest
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from helpdesk.models import AuditLogEntry
from notifications.models import OutboxMessage
from tests.security.test_permission_matrix import Case, matrix
from tests.world import World, build_world, client_for

pytestmark = pytest.mark.django_db

SENIOR_NAME = "Wilhelmine Zwetschgenbaum"
SENIOR_PHONE = "+4963199887766"
# Pages that offer their content as a file too.
AS_FILE = {"format": "csv"}
# Pages that show one day (today without ``tag``): they are asked for the day of the senior's booking.
DAY_PAGES = {"helpdesk:office-plan", "helpdesk:day-list", "helpdesk:call-list"}


def _phone_shapes(number: str) -> list[bytes]:
    parsed = phonenumbers.parse(number)
    formats = (phonenumbers.PhoneNumberFormat.E164, phonenumbers.PhoneNumberFormat.NATIONAL)
    shapes = {phonenumbers.format_number(parsed, shape) for shape in formats}
    shapes |= {phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)}
    shapes |= {shape.replace(" ", "") for shape in shapes}
    return [shape.encode() for shape in shapes]


SECRETS = [SENIOR_NAME.encode(), *_phone_shapes(SENIOR_PHONE)]


def _senior_world() -> World:
    world = build_world()
    booking = world.booking
    booking.name, booking.phone = SENIOR_NAME, SENIOR_PHONE
    booking.save(update_fields=["name", "phone"])
    OutboxMessage.objects.filter(pk=world.outbox_message.pk).update(
        recipient_name=SENIOR_NAME, recipient_phone=SENIOR_PHONE
    )
    # The same senior also waits for an appointment.
    world.waitlist_entry.name, world.waitlist_entry.phone = SENIOR_NAME, SENIOR_PHONE
    world.waitlist_entry.save(update_fields=["name", "phone"])
    # The booking's slot is cut off by a closure: the conflicts page lists it.
    world.slot.conflict = True
    world.slot.save(update_fields=["conflict"])
    return world


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _shows_the_senior(body: bytes) -> bool:
    return any(secret in body for secret in SECRETS)


def _path(key: str, case: Case, world: World, role: str) -> str:
    if case.path is not None:
        return case.path(world, role)
    return reverse(key, kwargs=case.kwargs(world, role))


@pytest.mark.parametrize("role", ["coordinator_a", "administrator", "volunteer"])
@override_settings(AUDIT_REPEAT_SECONDS=0)
def test_every_page_showing_a_seniors_name_or_phone_records_the_look(role: str) -> None:
    world = _senior_world()
    client: Client = client_for(world, role)
    shown_on: list[str] = []
    unrecorded: list[str] = []
    for key, case in matrix().items():
        path = _path(key, case, world, role)
        queries: list[dict[str, str]] = [{}]
        if key in DAY_PAGES:
            day = timezone.localdate(world.slot.starts_at).isoformat()
            queries = [{"tag": day}, {"tag": day, "ansicht": "woche"}]
        while queries:
            query = queries.pop(0)
            before = AuditLogEntry.objects.count()
            response = client.get(path, query)
            body = _body(response)
            if query == {} and b"format=csv" in body:
                queries.append(AS_FILE)  # the page offers a CSV file: it must record the look too
            if response.status_code != 200 or not _shows_the_senior(body):
                continue
            shown_on.append(key)
            if AuditLogEntry.objects.count() == before:
                unrecorded.append(f"{key} {path} {query}")
    assert not unrecorded, "pages that show a senior's name or phone without an audit entry:\n" + "\n".join(unrecorded)
    # The walk does reach the pages that show seniors (else it would prove nothing).
    reached = {"helpdesk:staff-booking-cancel"}
    if role != "volunteer":
        reached |= {"helpdesk:office-plan", "helpdesk:day-list", "helpdesk:office-conflicts", "notifications:outbox"}
    assert reached <= set(shown_on), shown_on
