"""Offices as outbox scopes: an office's coordinators handle its messages and make its calls."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from helpdesk import audit
from helpdesk.models import Office
from notifications import scopes

PREFIX = "office"


def office_scope(office: Office | int) -> str:
    return scopes.scope_of(PREFIX, office if isinstance(office, int) else office.pk)


def office_id_of(scope: str) -> int | None:
    prefix, _sep, pk = scope.partition(":")
    return int(pk) if prefix == PREFIX and pk.isascii() and pk.isdigit() and len(pk) <= 18 else None


def _handled_by(user: Any) -> Iterable[str]:
    from helpdesk.permissions import coordinated_office_ids

    ids = coordinated_office_ids(user)
    if ids is None:  # administrators handle every office
        ids = frozenset(Office.objects.values_list("pk", flat=True))
    return [office_scope(pk) for pk in ids]


def _names(wanted: Iterable[str]) -> dict[str, str]:
    ids = [pk for pk in map(office_id_of, wanted) if pk is not None]
    offices = Office.objects.order_by("name")
    if ids:
        offices = offices.filter(pk__in=ids)
    return {office_scope(pk): name for pk, name in offices.values_list("pk", "name")}


def _record_look(request: Any, wanted: list[str]) -> None:
    """Messages to seniors show their names and numbers: one audit entry per office seen."""
    ids = {pk for pk in map(office_id_of, wanted) if pk is not None}
    for office in Office.objects.filter(pk__in=ids).order_by("pk"):
        audit.record(request, action=audit.Action.MESSAGES_VIEWED, office=office)


def register() -> None:
    scopes.register(scopes.ScopeKind(prefix=PREFIX, handled_by=_handled_by, names=_names, record_look=_record_look))
