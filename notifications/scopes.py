"""Who handles which outbox messages, answered by the apps that write them.

A message's ``scope`` is an opaque label such as ``"office:12"``. The app that owns the
prefix ("office") registers how to name a scope and which scopes a person handles;
the outbox pages ask here and know nothing about offices. Administrators handle all.

Outbox pages show recipients' names and phone numbers; for scopes whose people must be
protected (the helpdesk's seniors), the owning app records each look (``record_look``),
so the outbox never needs to know where such records are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ScopeKind:
    prefix: str
    # The scopes (full labels, "office:12") this person handles.
    handled_by: Callable[[Any], Iterable[str]]
    # Human names for scopes of this kind: {"office:12": "Stadtteilbüro Innenstadt West"}.
    names: Callable[[Iterable[str]], dict[str, str]]
    # Writes down that the request's person saw the recipients of messages in these scopes.
    record_look: Callable[[Any, list[str]], None] | None = None


_kinds: dict[str, ScopeKind] = {}


def register(kind: ScopeKind) -> None:
    _kinds[kind.prefix] = kind


def scope_of(prefix: str, pk: int) -> str:
    return f"{prefix}:{pk}"


def handled_by(user: Any) -> frozenset[str]:
    return frozenset(scope for kind in _kinds.values() for scope in kind.handled_by(user))


def all_scopes() -> dict[str, str]:
    """Every registered scope that the apps can name, for administrators' filters."""
    names: dict[str, str] = {}
    for kind in _kinds.values():
        names.update(kind.names(()))
    return names


def record_look(request: Any, scopes: Iterable[str]) -> None:
    """A page shows the recipients of messages in ``scopes``: let their apps record the look."""
    wanted = sorted({scope for scope in scopes if scope})
    for kind in _kinds.values():
        mine = [scope for scope in wanted if scope.startswith(f"{kind.prefix}:")]
        if mine and kind.record_look is not None:
            kind.record_look(request, mine)


def names_of(scopes: Iterable[str]) -> dict[str, str]:
    wanted = list(scopes)
    names: dict[str, str] = {}
    for kind in _kinds.values():
        mine = [scope for scope in wanted if scope.startswith(f"{kind.prefix}:")]
        if mine:
            names.update(kind.names(mine))
    return names
