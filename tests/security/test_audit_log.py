"""Access by staff to seniors' personal data is recorded; only administrators read the record."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from helpdesk import audit
from helpdesk.models import AuditLogEntry
from tests.factories import (
    BookingFactory,
    OfficeFactory,
    ProjectFactory,
    UserFactory,
    coordinator_of,
    moderator_of,
)
from tests.world import SIGNED_IN_ROLES, World, client_for


@pytest.fixture
def administrator(db: Any) -> Any:
    return UserFactory.create(is_staff=True, is_superuser=True)


def _entries(count: int, coordinator: Any) -> None:
    booking = BookingFactory.create()
    AuditLogEntry.objects.bulk_create(
        AuditLogEntry(
            user=coordinator,
            user_label=coordinator.email,
            action=AuditLogEntry.Action.BOOKING_VIEWED,
            office=booking.slot.office,
            booking=booking,
        )
        for _ in range(count)
    )


def test_a_record_says_who_looked_at_which_booking_of_which_office(db: Any, rf: RequestFactory) -> None:
    booking = BookingFactory.create()
    coordinator = coordinator_of(booking.slot.office)
    request = rf.get(f"/hilfe/buchungen/{booking.pk}/")
    request.user = coordinator
    entry = audit.record(request, action=audit.Action.BOOKING_VIEWED, booking=booking)
    assert entry is not None
    entry.refresh_from_db()
    assert entry.user == coordinator
    assert entry.user_label == coordinator.email
    assert entry.office == booking.slot.office
    assert entry.booking == booking
    assert entry.path == f"/hilfe/buchungen/{booking.pk}/"


def test_the_record_keeps_the_name_after_the_account_is_deleted(db: Any, rf: RequestFactory) -> None:
    office = OfficeFactory.create()
    coordinator = coordinator_of(office, email="koordination@example.org")
    request = rf.get("/")
    request.user = coordinator
    audit.record(request, action=audit.Action.DAY_LIST_VIEWED, office=office)
    coordinator.delete()
    entry = AuditLogEntry.objects.get()
    assert entry.user is None
    assert entry.user_label == "koordination@example.org"


def test_administrators_read_the_log_with_who_what_and_where(signed_in: Any, administrator: Any) -> None:
    office = OfficeFactory.create(name="Stadtteilbüro Grübentälchen")
    coordinator = coordinator_of(office, email="koordination@example.org")
    AuditLogEntry.objects.create(
        user=coordinator,
        user_label=coordinator.email,
        action=AuditLogEntry.Action.DAY_LIST_VIEWED,
        office=office,
    )
    response = signed_in(administrator).get(reverse("helpdesk:audit-log"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "koordination@example.org" in body
    assert "Stadtteilbüro Grübentälchen" in body
    assert "Tagesliste" in body


@pytest.mark.parametrize("role", [role for role in SIGNED_IN_ROLES if role != "administrator"])
def test_nobody_but_administrators_reads_the_log(world: World, role: str) -> None:
    assert client_for(world, role).get(reverse("helpdesk:audit-log")).status_code == 403


def test_nobody_may_change_or_delete_the_log_in_the_admin(signed_in: Any, administrator: Any) -> None:
    office = OfficeFactory.create()
    _entries(1, coordinator_of(office))
    entry = AuditLogEntry.objects.get()
    client: Client = signed_in(administrator)
    change = reverse("admin:helpdesk_auditlogentry_change", args=[entry.pk])
    assert client.get(change).status_code == 200  # read only
    client.post(change, {"detail": "geändert", "user_label": "x", "action": "exported"})
    delete = reverse("admin:helpdesk_auditlogentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.detail == ""
    assert AuditLogEntry.objects.count() == 1


@pytest.mark.parametrize("count", [5, 50])
def test_the_log_page_costs_the_same_queries_for_5_and_50_entries(
    signed_in: Any, administrator: Any, django_assert_num_queries: Any, count: int
) -> None:
    office = OfficeFactory.create()
    _entries(count, coordinator_of(office))
    client = signed_in(administrator)
    # session (1), person and roles (1), count, page of entries
    with django_assert_num_queries(4):
        response = client.get(reverse("helpdesk:audit-log"))
    assert response.status_code == 200


def test_opening_the_call_list_is_recorded_for_its_office(signed_in: Any, db: Any) -> None:
    office = OfficeFactory.create()
    coordinator = coordinator_of(office)
    response = signed_in(coordinator).get(reverse("helpdesk:call-list", kwargs={"slug": office.slug}))
    assert response.status_code == 200
    entry = AuditLogEntry.objects.get()
    assert (entry.user, entry.action, entry.office) == (coordinator, AuditLogEntry.Action.CALL_LIST_VIEWED, office)


def test_an_export_of_ideas_with_names_is_written_to_the_operations_log(
    signed_in: Any, db: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # Ideas are not seniors' data (the audit log's subject); who exported them goes to the operations log.
    project = ProjectFactory.create(title="Pfalztheater-Platz")
    moderator = moderator_of(project)
    url = reverse("participation:export", kwargs={"slug": project.slug, "what": "ideen", "fmt": "csv"})
    with caplog.at_level("INFO", logger="participation.views.export"):
        assert signed_in(moderator).get(url).status_code == 200
    assert f"{moderator.email} exported ideen.csv of project {project.slug}" in caplog.text
    assert not AuditLogEntry.objects.exists()


def test_a_refused_look_is_not_recorded_as_a_look(signed_in: Any, db: Any) -> None:
    office_a, office_b = OfficeFactory.create(), OfficeFactory.create()
    response = signed_in(coordinator_of(office_b)).get(reverse("helpdesk:call-list", kwargs={"slug": office_a.slug}))
    assert response.status_code == 403
    assert not AuditLogEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_look_again_within_minutes_is_recorded_once_and_any_other_look_again(
    rf: RequestFactory, settings: Any
) -> None:
    settings.AUDIT_REPEAT_SECONDS = 300
    booking = BookingFactory.create()
    office = booking.slot.office
    coordinator = coordinator_of(office)
    other = coordinator_of(office)

    def look(who: Any, day: str, path: str = "/hilfe/buero/a/") -> Any:
        request = rf.get(path)
        request.user = who
        return audit.record(request, action=audit.Action.PLAN_VIEWED, office=office, detail=day)

    assert look(coordinator, "2026-11-23") is not None
    assert look(coordinator, "2026-11-23") is None  # a reload
    assert look(coordinator, "2026-11-24") is not None  # another day
    assert look(other, "2026-11-23") is not None  # another person
    assert look(coordinator, "2026-11-23", "/hilfe/buero/a/tagesliste/") is not None  # another page
    assert AuditLogEntry.objects.count() == 4
    cache.clear()  # the window is over (or the cache was lost): recorded again
    assert look(coordinator, "2026-11-23") is not None


@pytest.mark.django_db(transaction=True)
def test_every_look_is_recorded_when_repeats_are_not_merged(rf: RequestFactory, settings: Any) -> None:
    settings.AUDIT_REPEAT_SECONDS = 0
    booking = BookingFactory.create()
    request = rf.get("/hilfe/buero/a/")
    request.user = coordinator_of(booking.slot.office)
    for _ in range(3):
        audit.record(request, action=audit.Action.BOOKING_VIEWED, booking=booking)
    assert AuditLogEntry.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_look_whose_entry_was_rolled_back_is_recorded_next_time(rf: RequestFactory, settings: Any) -> None:
    settings.AUDIT_REPEAT_SECONDS = 300
    booking = BookingFactory.create()
    request = rf.get("/hilfe/buero/a/")
    request.user = coordinator_of(booking.slot.office)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(request, action=audit.Action.BOOKING_VIEWED, booking=booking)
        raise RuntimeError
    assert audit.record(request, action=audit.Action.BOOKING_VIEWED, booking=booking) is not None
    assert AuditLogEntry.objects.count() == 1
