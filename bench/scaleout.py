"""Scale-out: two web servers and two Celery workers; every booking stored once, every confirmation sent once."""

from __future__ import annotations

import time
from email import message_from_bytes
from pathlib import Path
from typing import Any

from bench import reminders
from bench.bookings import booking_load
from bench.env import cache_switches, log
from bench.load import LoadShape
from bench.server import Workers, gunicorn


def run(
    wrk: str, env: dict[str, str], shape: LoadShape, *, ports: list[int], workers: Workers, celery_workers: int
) -> dict[str, Any]:
    from django.conf import settings

    from celery_app import app
    from helpdesk.models import Booking
    from notifications.models import OutboxMessage

    log("scale-out: two gunicorn servers (1 worker each) and two Celery workers, booking POSTs through both")
    app.control.purge()  # earlier stages' wake-ups; their rows are not part of this check
    mail_dir = Path(settings.VAR_DIR) / "mail"
    one = Workers(1, workers.worker_class, workers.threads)
    with (
        gunicorn(env, port=ports[0], workers=one, extra_env=cache_switches(on=True)) as first,
        gunicorn(env, port=ports[1], workers=one, extra_env=cache_switches(on=True)) as second,
        reminders.celery_workers(env, celery_workers, log_dir=Path(env["VAR_DIR"])),
    ):
        result, slot_ids = booking_load(wrk, [first, second], shape, stage="scaleout", name="scale-out: booking POSTs")
        booking_ids = list(Booking.objects.filter(slot_id__in=slot_ids).values_list("pk", flat=True))
        confirmations = OutboxMessage.objects.filter(kind="booking_confirmation", payload__booking_id__in=booking_ids)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and confirmations.filter(status__in=["pending", "sending"]).exists():
            time.sleep(0.5)
        rows = list(confirmations.values_list("key", "status", "payload"))
    keys = {key for key, _status, _payload in rows}
    per_booking: dict[int, int] = {}
    for _key, _status, payload in rows:
        per_booking[int(payload["booking_id"])] = per_booking.get(int(payload["booking_id"]), 0) + 1
    delivered: dict[str, int] = {}
    for path in mail_dir.glob("*.eml") if mail_dir.is_dir() else []:
        key = str(message_from_bytes(path.read_bytes()).get("X-Outbox-Key", ""))
        if key in keys:
            delivered[key] = delivered.get(key, 0) + 1
    summary: dict[str, Any] = {
        "post_rps": round(result.rps, 1),
        "p50_ms": round(result.p50_ms, 1),
        "p99_ms": round(result.p99_ms, 1),
        "answered_booked": result.counts.get("booked", 0),
        "stored_bookings": len(booking_ids),
        "bookings_without_confirmation": len(set(booking_ids) - set(per_booking)),
        "bookings_with_several_confirmations": sum(1 for n in per_booking.values() if n > 1),
        "confirmations_sent": sum(1 for _k, status, _p in rows if status == "sent"),
        "confirmations_not_sent": sum(1 for _k, status, _p in rows if status != "sent"),
        "emails_missing": len(keys - set(delivered)),
        "emails_duplicated": sum(n - 1 for n in delivered.values() if n > 1),
        "failed_checks": result.failed_checks,
        "notes": result.notes,
    }
    summary["ok"] = (
        not result.failed_checks
        and summary["bookings_without_confirmation"] == 0
        and summary["bookings_with_several_confirmations"] == 0
        and summary["confirmations_not_sent"] == 0
        and summary["emails_missing"] == 0
        and summary["emails_duplicated"] == 0
    )
    return summary
