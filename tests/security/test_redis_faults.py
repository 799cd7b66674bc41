"""Redis faults lock nobody out and open nothing: a real redis-server of the test's own is
killed, paused, filled to its memory limit, made a read-only replica and restored from an
old snapshot, and the site is used as a person would use it.

Sessions, rate limits and used TOTP codes live in the database; Redis holds only the cache.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

import core.cache
from accounts.models import User
from core.models import SecurityEntry
from helpdesk.models import Booking
from participation.models import Idea, Phase, Project
from tests.conftest import give_totp
from tests.factories import PASSWORD, OfficeFactory, ProjectFactory, SlotFactory, UserFactory, coordinator_of
from tests.security.redis_server import RedisServer, caches_for, own_redis

pytestmark = pytest.mark.django_db

TWO_IDEAS = {"idea": "2/h/user", "comment": "2/h/user", "report": "2/h/user", "booking": "2/h/user"}
PAGES = ["/", "/mitwirkung/", "/hilfe/", "/konto/login/", "/konto/password/reset/"]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[RedisServer]:
    """The site with its cache on the test's own Redis (and no memory of earlier tests' failures)."""
    monkeypatch.setattr(core.cache, "_resting_until", {})
    with own_redis(tmp_path) as server, override_settings(CACHES=caches_for(server), ABUSE_RATE_LIMITS=TWO_IDEAS):
        yield server


def _restore_and_use_again(site: RedisServer, snapshot: bytes) -> None:
    """Redis comes back from an old snapshot, and the site uses it again (its rest after the failure is over)."""
    site.restore(snapshot)
    core.cache._resting_until.clear()


def _sign_in(client: Client, user: User, password: str = PASSWORD) -> Any:
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def _is_signed_in(client: Client) -> bool:
    return client.get(reverse("accounts:profile")).status_code == 200


def _session_cookie(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _client_with_cookie(value: str) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = value
    return client


def _submit_idea(client: Client, project: Project, title: str) -> int:
    url = reverse("participation:idea-create", args=[project.slug])
    return client.post(url, {"title": title, "description": "Mehr Bänke am Brunnen."}).status_code


def _pages_answer(client: Client) -> list[int]:
    return [client.get(page).status_code for page in PAGES]


def _wrong_passwords_then_right_one(client: Client, user: User) -> Any:
    for _ in range(5):
        _sign_in(client, user, "falsch-falsch")
    return _sign_in(client, user)


# --- Redis killed -------------------------------------------------------------------------


def test_sign_in_sign_out_and_password_reset_work_while_redis_is_down(site: RedisServer, client: Client) -> None:
    user = UserFactory.create(email="nora@example.org")
    site.kill()
    assert _pages_answer(client) == [200] * len(PAGES)
    assert _sign_in(client, user).status_code == 302
    assert _is_signed_in(client)
    assert client.post(reverse("account_logout")).status_code == 302
    assert not _is_signed_in(client)
    assert client.post(reverse("account_reset_password"), {"email": user.email}).status_code == 302
    assert mail.outbox[-1].to == ["nora@example.org"]


def test_staff_sign_in_with_a_totp_code_works_while_redis_is_down_and_a_code_works_once(
    site: RedisServer, client: Client
) -> None:
    coordinator = coordinator_of(OfficeFactory.create())
    code = format_hotp_value(hotp_value(give_totp(coordinator), int(time.time()) // 30))
    site.kill()
    assert _sign_in(client, coordinator)["Location"] == reverse("mfa_authenticate")
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert _is_signed_in(client)
    # Someone who watched the code being typed cannot use it again.
    replay = Client()
    _sign_in(replay, coordinator)
    assert replay.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200  # asked again
    assert not _is_signed_in(replay)


def test_failed_sign_ins_are_still_limited_while_redis_is_down(site: RedisServer, client: Client) -> None:
    user = UserFactory.create()
    site.kill()
    response = _wrong_passwords_then_right_one(client, user)
    assert "Anmeldeversuche" in response.content.decode()  # "Zu viele … Anmeldeversuche …"
    assert not _is_signed_in(client)
    assert SecurityEntry.objects.filter(key__contains="login_failed").exists()  # counted in the database


def test_the_sites_own_limits_still_hold_while_redis_is_down(site: RedisServer, client: Client) -> None:
    project = ProjectFactory.create(phase=Phase.Kind.COLLECTION)
    client.force_login(UserFactory.create())
    site.kill()
    statuses = [_submit_idea(client, project, f"Idee {n}") for n in range(3)]
    assert statuses == [302, 302, 429]
    assert Idea.objects.filter(project=project).count() == 2


@pytest.mark.parametrize("fault", ["killed", "full (maxmemory 1mb, noeviction)"])
def test_the_booking_limit_per_address_still_holds_while_redis_is_down_or_full(
    site: RedisServer, client: Client, fault: str
) -> None:
    # No fallback is involved: the counters are in the database whether Redis works or not.
    office = OfficeFactory.create()
    start = timezone.now() + dt.timedelta(days=2)
    slot = SlotFactory.create(office=office, kind="workshop", capacity=10, starts_at=start)
    site.kill() if fault == "killed" else site.fill()
    guest = {"name": "Erna Beispiel", "consent": "on"}
    with override_settings(ABUSE_RATE_LIMITS={"booking": "3/h/ip"}):
        statuses = [
            client.post(reverse("helpdesk:book", args=[slot.pk]), {**guest, "phone": f"0631 5524{n}"}).status_code
            for n in range(5)
        ]
    assert statuses == [302, 302, 302, 429, 429]
    assert Booking.objects.filter(slot=slot).count() == 3


# --- Redis back with an old snapshot -------------------------------------------------------


def test_a_logout_during_an_outage_stays_a_logout_when_redis_returns_with_old_data(
    site: RedisServer, client: Client
) -> None:
    user = UserFactory.create()
    assert _sign_in(client, user).status_code == 302
    old_cookie = _session_cookie(client)
    assert _is_signed_in(client)  # the signed-in pages have been through the cache
    snapshot = site.snapshot()
    site.kill()
    assert client.post(reverse("account_logout")).status_code == 302
    _restore_and_use_again(site, snapshot)
    assert not _is_signed_in(_client_with_cookie(old_cookie))


def test_a_password_change_during_an_outage_signs_out_other_devices_for_good(site: RedisServer, client: Client) -> None:
    user = UserFactory.create()
    other_device = Client()
    _sign_in(client, user)
    _sign_in(other_device, user)
    snapshot = site.snapshot()
    site.kill()
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "ein-neues-passwort-93", "password2": "ein-neues-passwort-93"},
    )
    assert response.status_code == 302
    _restore_and_use_again(site, snapshot)
    assert _is_signed_in(client)  # the device that changed it stays signed in
    assert not _is_signed_in(other_device)


def test_limits_still_hold_when_redis_returns_with_old_counts(site: RedisServer, client: Client) -> None:
    project = ProjectFactory.create(phase=Phase.Kind.COLLECTION)
    client.force_login(UserFactory.create())
    snapshot = site.snapshot()  # before anything was counted
    assert [_submit_idea(client, project, f"Idee {n}") for n in range(2)] == [302, 302]
    _restore_and_use_again(site, snapshot)
    assert _submit_idea(client, project, "Noch eine") == 429


# --- Redis full, hung or read-only ---------------------------------------------------------


@pytest.mark.parametrize(
    "fault",
    ["full (maxmemory 1mb, noeviction)", "a read-only replica", "hung (SIGSTOP)"],
)
def test_a_broken_redis_breaks_nothing_a_person_does(site: RedisServer, client: Client, fault: str) -> None:
    project = ProjectFactory.create(phase=Phase.Kind.COLLECTION)
    user = UserFactory.create()
    locked_out = UserFactory.create()
    if fault.startswith("full"):
        site.fill()
    elif fault.startswith("a read-only"):
        site.kill()
        site.start("--replicaof", "127.0.0.1", "9")  # a master that never answers: writes get READONLY
    else:
        site.pause()
    try:
        assert _pages_answer(client) == [200] * len(PAGES)
        assert Client().post(reverse("account_reset_password"), {"email": user.email}).status_code == 302
        assert mail.outbox[-1].to == [user.email]
        assert _sign_in(client, user).status_code == 302
        assert _is_signed_in(client)
        assert [_submit_idea(client, project, f"Idee {n}") for n in range(3)] == [302, 302, 429]
        assert client.post(reverse("account_logout")).status_code == 302
        assert not _is_signed_in(client)
        elsewhere = Client()
        _wrong_passwords_then_right_one(elsewhere, locked_out)
        assert not _is_signed_in(elsewhere)
    finally:
        if fault.startswith("hung"):
            site.resume()
