"""Kinds of message, registered by the apps that send them.

A kind knows how to turn an outbox row into template context from fresh data.
It returns ``None`` when the message no longer applies (the booking was
cancelled, the appointment moved), and the row is then recorded as skipped.
Templates live in ``templates/notifications/<kind>/`` (or ``template_base``)
as ``subject.txt``, ``body.txt`` and optionally ``body.html`` (e-mail),
``sms.txt`` (SMS; otherwise subject and body) and ``call.txt`` (what office
staff read out on the phone; otherwise the body).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from notifications.models import OutboxMessage

ContextBuilder = Callable[["OutboxMessage"], dict[str, Any] | None]
AttachmentBuilder = Callable[["OutboxMessage", dict[str, Any]], list[tuple[str, bytes, str]]]


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    build_context: ContextBuilder
    attachments: AttachmentBuilder | None = None
    template_base: str = ""

    def __post_init__(self) -> None:
        if not self.template_base:
            object.__setattr__(self, "template_base", f"notifications/{self.name}")


_kinds: dict[str, Kind] = {}


def register(
    name: str,
    *,
    label: str,
    build_context: ContextBuilder,
    attachments: AttachmentBuilder | None = None,
    template_base: str = "",
) -> None:
    _kinds[name] = Kind(
        name=name, label=label, build_context=build_context, attachments=attachments, template_base=template_base
    )


def get(name: str) -> Kind | None:
    return _kinds.get(name)


def label_of(name: str) -> str:
    kind = _kinds.get(name)
    return str(kind.label) if kind else name


def all_kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda kind: kind.name)
