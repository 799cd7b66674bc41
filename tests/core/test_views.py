"""/healthz answers 200 only when the database and the broker answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.test.utils import override_settings

from tests.core.without_database import run_without_database


@pytest.mark.django_db
def test_healthz_is_ok_when_database_and_broker_answer(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_healthz_fails_when_the_broker_is_down(client: Client) -> None:
    # Port 9 on loopback has no Redis: a real refused connection, not a mock.
    with override_settings(CELERY_BROKER_URL="redis://127.0.0.1:9/0", CELERY_BROKER_TRANSPORT_OPTIONS={}):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "down"


def test_healthz_fails_when_the_database_is_down(tmp_path: Path) -> None:
    script = (
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    outcome = run_without_database(script, tmp_path)
    assert outcome["status"] == 503
    assert outcome["body"]["database"] == "down"
