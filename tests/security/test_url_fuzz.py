"""Every URL of the site, as every role, with hostile path values, query strings and form bodies.

The walk takes each URL pattern of the URL configuration (with the real objects of the
permission matrix's world in its path), then

- posts bodies with every field the page's forms name and every parameter the view reads,
  each field taking every hostile value once (buttons keep their own value every other time,
  so the branch behind the button is reached too),
- sends each query parameter the view reads itself (``PARAMETERS``) with each hostile value,
- fills each path segment with hostile values that its converter still matches.

Roles that a page refuses get one hostile GET and one hostile POST (the refusal must hold up
too). The roles it lets in (by the permission matrix) share the hostile values, at most three
ways, so every value reaches every view as at least one role that gets in. Nothing may answer
500 or show a traceback, and no redirect may leave the site. Each role's test prints how many
requests it sent (the README's "Security and faults" gives the total).

While walking, reads of ``request.GET`` / ``request.POST`` by the project's own code are
recorded: a view that starts reading a parameter missing from ``PARAMETERS`` fails this test,
so the fuzz list grows with the views. Form fields read by Django's forms are checked by the
forms; they are fuzzed through the page's HTML without being listed.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.http import QueryDict
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils.datastructures import MultiValueDict

from core.redirects import is_local_path
from tests.security.test_permission_matrix import Case, matrix
from tests.world import World, build_world, client_for

pytestmark = pytest.mark.django_db

FUZZED_ROLES = ("anonymous", "citizen", "volunteer", "coordinator_a", "moderator_x", "administrator")

HOSTILE: list[Any] = [
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "99999999999999999999999",
    "-99999999999999999999999",
    "-1",
    "1e3",
    "0x10",
    "²٣",  # digits to str.isdigit(), not to int()
    "junk'\"<>&;%",
    "\x00",
    "x" * 10_000,
    ["1", "2"],  # a list where one value is expected
    "ä漢字🙂\u202e",
]
# Where a crafted ``next`` tries to send people instead of back to this site.
HOSTILE_NEXT = ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]
# Path segments: only values the converter matches reach the view (others are the resolver's 404).
HOSTILE_SEGMENTS = ["0", "99999999999999999999999", "²", "x" * 300, "ä漢字🙂", "9999-12-31"]

# The query and form parameters each view reads itself (not through a Django form), by URL
# name; "name=value" gives the value of the button that sends it.
PARAMETERS: dict[str, tuple[str, ...]] = {
    # participation
    "participation:idea-list": ("q", "category", "status", "source", "sort", "page"),
    "participation:idea-detail": ("page", "reply_to"),
    "participation:comment-create": ("parent", "page", "reply_to"),
    "participation:idea-similar": ("title",),
    "participation:idea-map": ("page",),
    "participation:idea-geojson": ("bbox", "zoom"),
    "participation:idea-moderate": ("action=reject", "feedback"),
    "participation:report-decide": ("decision=uphold", "reason"),
    "participation:paper-entry": ("source", "submitted_on", "category"),
    "participation:export": ("notizen",),
    "participation:project-follow": ("action=unfollow",),
    "participation:idea-follow": ("action=unfollow",),
    "participation:my-ideas": ("action=unfollow",),
    # helpdesk
    "helpdesk:office": ("topic", "device"),
    "helpdesk:slots": ("topic", "device", "woche"),
    "helpdesk:book": ("topic", "device"),
    "helpdesk:waitlist-join": ("topic", "device"),
    "helpdesk:booking-detail": ("neu",),
    "helpdesk:booking-change": ("woche",),
    "helpdesk:waitlist-offer": ("action=leave",),
    "helpdesk:my-availability": ("action=availability",),
    "helpdesk:my-hours": ("von", "bis", "format"),
    "helpdesk:my-hours-pdf": ("von", "bis"),
    "helpdesk:volunteer-hours": ("von", "bis", "format"),
    "helpdesk:volunteer-hours-pdf": ("von", "bis"),
    "helpdesk:open-hour": ("action=delete", "visit"),
    "helpdesk:office-plan": ("tag", "ansicht"),
    "helpdesk:day-list": ("tag",),
    "helpdesk:call-list": ("tag",),
    "helpdesk:book-for-caller": ("q", "wie", "termin", "topic", "device", "woche"),
    "helpdesk:phone-desk-topic": ("wie", "termin", "topic", "device", "woche"),
    "helpdesk:phone-desk-time": ("wie", "termin", "topic", "device", "woche"),
    "helpdesk:phone-desk-details": ("wie", "termin", "topic", "device", "woche"),
    "helpdesk:mark-called": ("mit",),
    "helpdesk:office-waitlist": ("ab",),
    "helpdesk:office-waitlist-entry": ("action=call", "text"),
    "helpdesk:office-waitlist-offer": ("alle",),
    "helpdesk:office-volunteers": ("action=availability",),
    "helpdesk:office-conflicts": ("slot",),
    "helpdesk:office-calendar": ("action=delete-hours", "pk"),
    "helpdesk:office-stats": ("tage", "format"),
    "helpdesk:audit-log": ("page",),
    "notifications:outbox": ("page",),
    "accounts:roles": ("grant_role", "grant_administrator"),
    # API
    "idea-list": ("project",),
    "comment-list": ("idea",),
    "comment-detail": ("idea",),
    "free-slot-list": ("office", "topic", "device", "date"),
    "free-slot-detail": ("office", "topic", "device", "date"),
    "moderation-idea-list": ("waiting",),
}
# Read by the site's shared helpers (core/redirects.py, core/honeypot.py) on the pages that use them.
SHARED: dict[str, list[Any]] = {"next": HOSTILE_NEXT, "website": HOSTILE}
# Pages that cost a lot to render and read nothing themselves (the schema generator looks at
# every view): one hostile GET.
ONLY_ONCE = {"api-schema", "api-docs"}
# How many ways the roles that a URL lets in split the hostile values between them.
SPLIT = 3
# Django's own admin pages get a few rounds of hostile bodies and ids, the site's own views all.
ADMIN_ROUNDS = 3
ADMIN_SEGMENTS = ["99999999999999999999999", "ä漢字🙂"]
# Posting there ends the session or deletes the object, which the rest of the walk needs.
NO_POST = {"account_logout", "admin:logout", "accounts:delete"}
NO_POST_SUFFIX = ("_delete",)

OWN_CODE = tuple(
    f"{Path(settings.BASE_DIR) / app}/"
    for app in ("accounts", "config", "core", "helpdesk", "notifications", "participation", "portal")
)
TRACEBACK = (b"Traceback (most recent call last)", b"Exception Value", b'id="traceback"')


def _parameters(key: str) -> dict[str, str | None]:
    """``PARAMETERS`` of the URL: name -> the value its button sends, or None."""
    found: dict[str, str | None] = {}
    for entry in PARAMETERS.get(key, ()):
        name, sign, value = entry.partition("=")
        found[name] = value if sign else None
    return found


@dataclass
class Walk:
    role: str
    sign_in: Callable[[], Client]
    client: Client = field(init=False)
    requests: int = 0
    server_errors: list[str] = field(default_factory=list)
    leaving_redirects: list[str] = field(default_factory=list)
    route: str = ""
    # (route, parameter, file): reads by the project's own code of parameters not in PARAMETERS
    undeclared: set[tuple[str, str, str]] = field(default_factory=set)
    read: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.client = self.sign_in()

    def send(self, method: str, path: str, data: Any = None) -> Any:
        self.requests += 1
        response = self.client.get(path, data) if method == "GET" else self.client.post(path, data or {})
        shown = f"{method} {path[:120]} {_short(data)}"
        body = b"" if response.streaming else response.content
        if response.status_code >= 500 or any(marker in body for marker in TRACEBACK):
            self.server_errors.append(f"{response.status_code} {shown}")
        location = response.get("Location", "")
        if 300 <= response.status_code < 400 and not _stays_on_site(location):
            self.leaving_redirects.append(f"{shown} -> {location[:120]}")
        cookie = response.cookies.get(settings.SESSION_COOKIE_NAME)
        if cookie is not None and not cookie.value:  # signed out: sign in again for the rest of the walk
            self.client = self.sign_in()
        return response

    def reading(self, key: str, caller: str) -> None:
        self.read.setdefault(self.route, set()).add(key)
        known = key in SHARED or key in _parameters(self.route) or self.route in ONLY_ONCE
        if caller.startswith(OWN_CODE) and not known:
            self.undeclared.add((self.route, key, caller.removeprefix(f"{settings.BASE_DIR}/")))


def _short(data: Any) -> str:
    text = repr(data)
    return text if len(text) < 160 else text[:160] + "…"


def _stays_on_site(location: str) -> bool:
    parts = urlsplit(location)
    if parts.scheme or parts.netloc:
        return parts.scheme in {"http", "https"} and parts.netloc == "testserver"
    return is_local_path(location) or not location.startswith(("/", "\\"))


@contextmanager
def _reads_recorded(walk: Walk) -> Iterator[None]:
    """Tell the walk who reads which key of a ``QueryDict`` (``request.GET``, ``request.POST``)."""
    names = ("get", "__getitem__", "getlist", "__contains__")
    defined_here = {name: name in MultiValueDict.__dict__ for name in names}
    originals = {name: getattr(MultiValueDict, name) for name in names}

    def wrapped(name: str) -> Callable[..., Any]:
        inner = originals[name]

        def read(self: Any, key: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(self, QueryDict) and isinstance(key, str):
                walk.reading(key, sys._getframe(1).f_code.co_filename)
            return inner(self, key, *args, **kwargs)

        return read

    for name in names:
        setattr(MultiValueDict, name, wrapped(name))
    try:
        yield
    finally:
        for name in names:
            if defined_here[name]:
                setattr(MultiValueDict, name, originals[name])
            else:
                delattr(MultiValueDict, name)


_FIELD = re.compile(rb"<(input|select|textarea|button)\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(rb'\b(name|value|type)="([^"]*)"', re.IGNORECASE)


def _form_fields(body: bytes) -> dict[str, str | None]:
    """The page's form fields; buttons and hidden fields with the value they send."""
    fields: dict[str, str | None] = {}
    for match in _FIELD.finditer(body):
        attrs = {key.lower().decode(): value.decode(errors="replace") for key, value in _ATTR.findall(match.group(2))}
        name = attrs.get("name")
        if not name or name == "csrfmiddlewaretoken":
            continue
        fixed = match.group(1).lower() == b"button" or attrs.get("type") in {"hidden", "submit", "radio", "checkbox"}
        if fields.get(name) is None:
            fields[name] = attrs.get("value") if fixed else None
    return fields


def _bodies(names: dict[str, str | None], rounds: Iterable[int]) -> Iterator[dict[str, Any]]:
    """One body per round; over all rounds of all roles each field takes each hostile value once."""
    ordered = sorted(names)
    for round_ in rounds:
        body: dict[str, Any] = {}
        for index, name in enumerate(ordered):
            own_value = names[name]
            if own_value is not None and round_ % 2 == 0:
                body[name] = own_value
            else:
                body[name] = HOSTILE[(index + round_) % len(HOSTILE)]
        yield body


def _path(key: str, case: Case, world: World, kwargs_role: str, replace: dict[str, str] | None = None) -> str | None:
    if case.path is not None:
        return None if replace else case.path(world, kwargs_role)
    try:
        return reverse(key, kwargs={**case.kwargs(world, kwargs_role), **(replace or {})})
    except NoReverseMatch:  # the converter does not match the hostile value
        return None


def _lets_in(status: int) -> bool:
    return status < 300 or status == 405


def _matrix_role(role: str) -> str:
    # Anonymous visitors hold the guest's personal links (booking, waitlist, substitute).
    return "guest" if role == "anonymous" else role


def _share[T](values: Sequence[T], key: str, case: Case, role: str) -> list[T]:
    """This role's share of the hostile values for this URL.

    The roles that the URL lets in (by the permission matrix) split the values between them, at
    most ``SPLIT`` ways: every value reaches every view, by one or more of the roles it lets in,
    at a third of the cost of sending every value as every role.
    """
    inside = [r for r in FUZZED_ROLES if _lets_in(case.statuses[_matrix_role(r)])]
    if role not in inside:
        return list(values)
    ways = min(len(inside), SPLIT)
    mine = inside.index(role) % ways
    return [value for index, value in enumerate(values) if index % ways == mine]


def _walk_route(walk: Walk, key: str, case: Case, world: World) -> None:
    walk.route = key
    kwargs_role = _matrix_role(walk.role)
    path = _path(key, case, world, kwargs_role)
    assert path is not None
    own = _parameters(key)
    first = walk.send("GET", path)
    post_allowed = key not in NO_POST and not key.endswith(NO_POST_SUFFIX)
    if key in ONLY_ONCE or not _lets_in(first.status_code):
        # Refused (or sent elsewhere): the refusal must hold with hostile input, too.
        walk.send("GET", path, dict.fromkeys(own, HOSTILE[3]))
        if post_allowed and key not in ONLY_ONCE:
            walk.send("POST", path, {**own, **dict.fromkeys(own, HOSTILE[0])})
        return
    names = dict(own)
    if first.status_code == 200 and not first.streaming and "html" in first.get("Content-Type", ""):
        names.update(_form_fields(first.content))
    names.pop("next", None)
    if post_allowed:
        rounds = _share(range(ADMIN_ROUNDS if key.startswith("admin") else len(HOSTILE)), key, case, walk.role)
        for body in _bodies(names, rounds):
            walk.send("POST", path, body)
    shared = [name for name in SHARED if name in walk.read.get(key, ())]
    for name in (*own, *shared):
        for value in _share(SHARED.get(name, HOSTILE), key, case, walk.role):
            if first.status_code != 405:
                walk.send("GET", path, {name: value})
            if name in SHARED and post_allowed:
                walk.send("POST", path, {**dict.fromkeys(names, HOSTILE[0]), name: value})
    segments = ADMIN_SEGMENTS if key.startswith("admin") else HOSTILE_SEGMENTS
    for segment in case.kwargs(world, kwargs_role):
        for value in _share(segments, key, case, walk.role):
            hostile = _path(key, case, world, kwargs_role, {segment: value})
            if hostile is not None:
                walk.send("GET", hostile)


@pytest.mark.parametrize("role", FUZZED_ROLES)
def test_no_url_answers_hostile_input_with_a_server_error(role: str, capsys: Any) -> None:
    world = build_world()
    walk = Walk(role=role, sign_in=lambda: client_for(world, role, raise_request_exception=False))
    # The admin pages first: they need every object of the world, which later posts may delete.
    routes = sorted(matrix().items(), key=lambda item: not item[0].startswith("admin"))
    with _reads_recorded(walk):
        for key, case in routes:
            _walk_route(walk, key, case, world)
    with capsys.disabled():
        print(f"\nURL fuzz as {role}: {walk.requests} hostile requests, {len(walk.server_errors)} server errors")
    assert not walk.server_errors, "server errors:\n" + "\n".join(walk.server_errors)
    assert not walk.leaving_redirects, "redirects off the site:\n" + "\n".join(walk.leaving_redirects)
    assert not walk.undeclared, "views read parameters that PARAMETERS does not list:\n" + "\n".join(
        f"{route}: {name} ({where})" for route, name, where in sorted(walk.undeclared)
    )


def test_a_parameter_read_by_the_sites_own_code_must_be_listed() -> None:
    walk = Walk(role="anonymous", sign_in=Client)
    walk.route = "helpdesk:office-plan"
    walk.reading("tag", f"{settings.BASE_DIR}/helpdesk/views/common.py")  # listed
    walk.reading("csrfmiddlewaretoken", "/usr/lib/python3/site-packages/django/middleware/csrf.py")  # not ours
    walk.reading("neu", f"{settings.BASE_DIR}/helpdesk/views/office.py")  # a new, unlisted read
    assert walk.undeclared == {("helpdesk:office-plan", "neu", "helpdesk/views/office.py")}
