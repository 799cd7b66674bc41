"""Limits on how often one person or one address may create something.

A limit is written like allauth's: ``"5/h/user,20/h/ip"`` means at most five per hour
for one account and twenty per hour from one address (``contact``: per phone number or
e-mail address that the view passes in) (settings ``ABUSE_RATE_LIMITS``).
Counters live in the database (core/security_store.py), so every web process sees the
same counts and no Redis fault switches a limit off.

Count first, then act: call ``hit()`` once the form is valid and just before the write.
It adds one to every counter of the action in one atomic statement each and answers the
429 page when this attempt went over a limit, so 40 parallel attempts against a limit of
20 get exactly 20 through. A form with mistakes does not reach ``hit()`` and uses up no
allowance::

    if form.is_valid():
        if refusal := ratelimit.hit(request, "comment"):
            return refusal
        services.comment_create(...)

API views call ``ratelimit.throttle(request, action)``, which raises DRF's ``Throttled``.

``limited()`` (look without counting) and ``record()`` (count after the fact) are the
older pair, kept until every caller uses ``hit()``: checking first and counting after the
success lets parallel requests slip past the limit.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.exceptions import Throttled

from core.security_store import store

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
SCOPES = ("user", "ip", "contact")


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int
    scope: str


def parse(spec: str) -> list[Rate]:
    """Read ``"5/h/user,20/10m/ip"``; raise ImproperlyConfigured for anything else."""
    rates: list[Rate] = []
    for part in (item.strip() for item in spec.split(",")):
        if not part:
            continue
        try:
            amount_text, period, scope = part.split("/")
            multiple_text, unit = period[:-1] or "1", period[-1]
            rate = Rate(int(amount_text), int(multiple_text) * UNITS[unit], scope)
        except (ValueError, KeyError, IndexError):
            raise ImproperlyConfigured(
                f"A rate limit must look like '5/h/user' or '20/10m/ip', got {part!r}."
            ) from None
        if rate.amount < 1 or rate.seconds < 1 or scope not in SCOPES:
            raise ImproperlyConfigured(f"A rate limit must look like '5/h/user' or '20/10m/ip', got {part!r}.")
        rates.append(rate)
    return rates


def rates_for(action: str) -> list[Rate]:
    limits: dict[str, str] = getattr(settings, "ABUSE_RATE_LIMITS", {})
    return parse(limits.get(action, ""))


def client_ip(request: HttpRequest) -> str:
    """The visitor's address, trusting as many proxies as allauth does (ALLAUTH_TRUSTED_PROXY_COUNT)."""
    proxies = int(getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0))
    forwarded = [ip.strip() for ip in request.headers.get("x-forwarded-for", "").split(",") if ip.strip()]
    raw = forwarded[-proxies] if proxies and len(forwarded) >= proxies else request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "unknown"
    if address.version == 6:
        # One household or phone gets a whole /64: count it as one address.
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def _keys(request: HttpRequest, action: str, contact: str = "") -> list[tuple[str, Rate]]:
    user: Any = getattr(request, "user", None)
    now = time.time()
    keys: list[tuple[str, Rate]] = []
    for rate in rates_for(action):
        if rate.scope == "contact":
            # A phone number or e-mail address typed into a public form (normalised by the caller);
            # only its hash is stored with the counter.
            if not contact:
                continue
            who = "contact:" + hashlib.sha256(contact.encode()).hexdigest()[:32]
        elif rate.scope == "user":
            if user is None or not user.is_authenticated:
                continue
            who = f"user:{user.pk}"
        else:
            who = f"ip:{client_ip(request)}"
        window = int(now // rate.seconds)
        keys.append((f"abuse:{action}:{rate.amount}/{rate.seconds}:{who}:{window}", rate))
    return keys


def _over_limit(request: HttpRequest, action: str, contact: str = "") -> bool:
    """Count one ``action`` now; True when that went over any of its limits."""
    over = False
    for key, rate in _keys(request, action, contact):
        if store.count(key, seconds=rate.seconds) > rate.amount:
            over = True
    return over


def hit(request: HttpRequest, action: str, *, contact: str = "") -> HttpResponse | None:
    """Count one ``action``; the 429 answer when it goes over a limit, else None (go ahead).

    ``contact`` (a normalised phone number or e-mail address) feeds limits written with the
    scope ``contact`` (``"3/d/contact"``): one number cannot be put on a list over and over
    from ever new addresses.
    """
    return too_many_response(request, action) if _over_limit(request, action, contact) else None


def throttle(request: HttpRequest, action: str) -> None:
    """``hit()`` for API views: raise DRF's Throttled when one more ``action`` goes over a limit."""
    if _over_limit(request, action):
        raise Throttled(wait=wait_minutes(action) * 60, detail=message(action))


def wait_minutes(action: str) -> int:
    """How long, at most, until the shortest window of ``action`` starts again."""
    rates = rates_for(action)
    seconds = min((rate.seconds for rate in rates), default=60)
    return max(1, math.ceil(seconds / 60))


def message(action: str) -> str:
    return _(
        "You have sent a lot in a short time. To protect this site from spam, please wait "
        "%(minutes)s minutes and then try again."
    ) % {"minutes": wait_minutes(action)}


def too_many_response(request: HttpRequest, action: str) -> HttpResponse:
    """The 429 page, or its message alone for an htmx request."""
    response = refused_response(request, heading=_("Please wait a moment"), message=message(action), status=429)
    response["Retry-After"] = str(wait_minutes(action) * 60)
    return response


def refused_response(request: HttpRequest, *, heading: str, message: str, status: int) -> HttpResponse:
    """A page that says why a form was not accepted; an htmx request gets the message alone."""
    if request.headers.get("HX-Request") == "true":
        response = render(request, "core/refused.html#message", {"message": message}, status=status)
        # Put the message above the form instead of replacing it (htmx swaps 4xx only when
        # its responseHandling config allows it; see README).
        response["HX-Reswap"] = "beforebegin"
        return response
    return render(request, "core/refused.html", {"heading": heading, "message": message}, status=status)
