"""Read query and form parameters: one set of helpers for every view and API endpoint.

A value that cannot be read raises ``ParameterError``. ``BadParameterMiddleware`` answers it
with 400 and a message in the visitor's language that names the parameter and says what it
expects: the page in the base layout, the message alone for an htmx request, and
``{"detail": ..., "parameter": ...}`` under ``/api/``. Hostile values such as ``9999-12-31``,
``0001-01-01``, ``abc``, ``1e3``, ``0x10``, ``1.5``, a 20-digit number, a NUL or a
10,000-character string become a 400 here, before they reach date arithmetic or the
database (where they were ``OverflowError`` and ``DataError``: server errors)::

    from core import params

    day = params.date(request.GET, "tag", default=timezone.localdate())
    week = params.integer(request.GET, "woche", default=0, minimum=0, maximum=8)
    earlier = params.object_id(request.GET, "wie", default=None)
    view = params.choice(request.GET, "ansicht", ["tag", "woche"], default="tag")
    status = params.choice(request.GET, "status", BookingStatus, default=None)
    query = params.text(request.GET, "q", default="", max_length=100)
    slot_id = params.object_id(request.POST, "slot")  # no default: required

Rules shared by all helpers:

- ``data`` is ``request.GET``, ``request.POST``, DRF's ``request.query_params`` or any
  mapping of names to strings; of a repeated parameter the last value counts.
- A missing or blank parameter gives ``default``; without a ``default`` it is required and
  its absence is a ``ParameterError`` too. Surrounding spaces are ignored.
- ``date``: ``YYYY-MM-DD`` (what ``<input type="date">`` sends), by default no more than
  five years before or after today; pass ``earliest`` / ``latest`` to narrow or widen.
- ``integer``: an optional sign and ASCII digits only (no ``1e3``, ``0x10``, ``1.5`` or
  other scripts' digits), between ``minimum`` and ``maximum``, which every caller names.
- ``object_id``: a primary key, 1 to 2**63 - 1 (PostgreSQL's bigint). Look the object up
  as usual afterwards (``get_object_or_404``, filtered by what the person may see).
- ``choice``: one of the given strings, or of the values of a Django ``Choices`` class.
- ``text``: at most ``max_length`` characters (default 200) and no control characters.

Forms stay the way to read whole forms; these helpers are for the single values a view
reads itself. A path segment is matched by the URL conf (``<int:pk>``, ``<slug:slug>``);
for query strings and form fields outside a form, use this module.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any, overload

from django.core.exceptions import BadRequest
from django.db.models import Choices
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.ratelimit import refused_response

Data = Mapping[str, Any]

DEFAULT_YEARS = 5
MAX_ID = 2**63 - 1
_REQUIRED: Any = object()
_INTEGER = re.compile(r"[+-]?[0-9]{1,19}", re.ASCII)  # 2**63 - 1 has 19 digits
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


class ParameterError(BadRequest):
    """A parameter could not be read; ``message`` says which and what it expects."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def _raw(data: Data, name: str) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _read(data: Data, name: str, default: Any, parse: Callable[[str], Any]) -> Any:
    raw = _raw(data, name)
    if raw is None:
        if default is _REQUIRED:
            raise ParameterError(name, _("The parameter “%(name)s” is missing.") % {"name": name})
        return default
    return parse(raw)


def _years_from(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


@overload
def date(data: Data, name: str, *, earliest: dt.date | None = None, latest: dt.date | None = None) -> dt.date: ...
@overload
def date[D](
    data: Data, name: str, *, default: D, earliest: dt.date | None = None, latest: dt.date | None = None
) -> dt.date | D: ...
def date(
    data: Data, name: str, *, default: Any = _REQUIRED, earliest: dt.date | None = None, latest: dt.date | None = None
) -> Any:
    """A date written ``YYYY-MM-DD`` between ``earliest`` and ``latest`` (default: today ± 5 years)."""
    today = timezone.localdate()
    first = earliest or _years_from(today, -DEFAULT_YEARS)
    last = latest or _years_from(today, DEFAULT_YEARS)

    def parse(raw: str) -> dt.date:
        try:
            value = dt.date.fromisoformat(raw) if _DATE.fullmatch(raw) else None
        except ValueError:  # 2026-02-30
            value = None
        if value is None or not first <= value <= last:
            raise ParameterError(
                name,
                _(
                    "The parameter “%(name)s” must be a date between %(earliest)s and %(latest)s, "
                    "written as year-month-day, for example %(example)s."
                )
                % {
                    "name": name,
                    "earliest": formats.date_format(first, "SHORT_DATE_FORMAT"),
                    "latest": formats.date_format(last, "SHORT_DATE_FORMAT"),
                    "example": today.isoformat(),
                },
            )
        return value

    return _read(data, name, default, parse)


def _whole_number(raw: str, minimum: int, maximum: int) -> int | None:
    if not _INTEGER.fullmatch(raw):
        return None
    value = int(raw)
    return value if minimum <= value <= maximum else None


@overload
def integer(data: Data, name: str, *, minimum: int, maximum: int) -> int: ...
@overload
def integer[D](data: Data, name: str, *, default: D, minimum: int, maximum: int) -> int | D: ...
def integer(data: Data, name: str, *, default: Any = _REQUIRED, minimum: int, maximum: int) -> Any:
    """A whole number from ``minimum`` to ``maximum``."""

    def parse(raw: str) -> int:
        value = _whole_number(raw, minimum, maximum)
        if value is None:
            raise ParameterError(
                name,
                _("The parameter “%(name)s” must be a whole number from %(minimum)s to %(maximum)s.")
                % {
                    "name": name,
                    "minimum": formats.number_format(minimum, force_grouping=True),
                    "maximum": formats.number_format(maximum, force_grouping=True),
                },
            )
        return value

    return _read(data, name, default, parse)


@overload
def object_id(data: Data, name: str) -> int: ...
@overload
def object_id[D](data: Data, name: str, *, default: D) -> int | D: ...
def object_id(data: Data, name: str, *, default: Any = _REQUIRED) -> Any:
    """The primary key of an entry: a whole number from 1 to 2**63 - 1."""

    def parse(raw: str) -> int:
        value = _whole_number(raw, 1, MAX_ID)
        if value is None:
            raise ParameterError(
                name, _("The parameter “%(name)s” must be the number of an entry (a whole number).") % {"name": name}
            )
        return value

    return _read(data, name, default, parse)


@overload
def choice(data: Data, name: str, choices: Iterable[str] | type[Choices]) -> str: ...
@overload
def choice[D](data: Data, name: str, choices: Iterable[str] | type[Choices], *, default: D) -> str | D: ...
def choice(data: Data, name: str, choices: Iterable[str] | type[Choices], *, default: Any = _REQUIRED) -> Any:
    """One of ``choices``: strings, or a Django ``TextChoices`` class (its values)."""
    allowed = [str(value) for value in (choices.values if isinstance(choices, type) else choices)]

    def parse(raw: str) -> str:
        if raw not in allowed:
            shown = ", ".join(allowed) if len(allowed) <= 12 else ", ".join([*allowed[:12], "…"])
            raise ParameterError(
                name, _("The parameter “%(name)s” must be one of: %(choices)s.") % {"name": name, "choices": shown}
            )
        return raw

    return _read(data, name, default, parse)


@overload
def text(data: Data, name: str, *, max_length: int = 200) -> str: ...
@overload
def text[D](data: Data, name: str, *, default: D, max_length: int = 200) -> str | D: ...
def text(data: Data, name: str, *, default: Any = _REQUIRED, max_length: int = 200) -> Any:
    """Free text of at most ``max_length`` characters without control characters."""

    def parse(raw: str) -> str:
        if len(raw) > max_length or any(unicodedata.category(char) == "Cc" for char in raw):
            raise ParameterError(
                name,
                _(
                    "The parameter “%(name)s” may be at most %(max_length)s characters long and may not "
                    "contain control characters."
                )
                % {"name": name, "max_length": max_length},
            )
        return raw

    return _read(data, name, default, parse)


def bad_parameter_response(request: HttpRequest, error: ParameterError) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": error.message, "parameter": error.name}, status=400)
    return refused_response(request, heading=_("Your entry was not accepted"), message=error.message, status=400)


class BadParameterMiddleware:
    """Answers a ``ParameterError`` raised by a view (or DRF view) with a 400 that explains it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ParameterError):
            return bad_parameter_response(request, exception)
        return None
