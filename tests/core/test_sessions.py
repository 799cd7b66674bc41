"""Database sessions read by one fixed statement keep Django's behaviour (core.sessions)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_saved_session_is_read_back() -> None:
    store = SessionStore()
    store["colour"] = "blue"
    store.save()
    assert SessionStore(store.session_key)["colour"] == "blue"


def test_an_unknown_or_expired_key_reads_as_an_empty_session_without_its_key() -> None:
    store = SessionStore()
    store["colour"] = "blue"
    store.save()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    expired = SessionStore(store.session_key)
    assert expired.get("colour") is None
    assert expired.session_key is None
    unknown = SessionStore("x" * 32)
    assert unknown.get("colour") is None
    assert unknown.session_key is None
