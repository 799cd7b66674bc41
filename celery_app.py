"""The Celery application, configured from Django settings.

Tasks carry ids only and are fire-and-forget: results are never stored, state
lives in the database. The beat schedule is defined here and nowhere else.
"""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("mitwirkung")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_ignore_result=True,
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_soft_time_limit=60,
    task_time_limit=90,
    broker_connection_retry_on_startup=True,
    timezone="Europe/Berlin",
    enable_utc=True,
)

BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "heartbeat": {"task": "core.tasks.record_heartbeat", "schedule": 60.0},
    "security-entries-cleanup": {"task": "core.tasks.delete_expired_security_entries", "schedule": 600.0},
    "notifications-sweep": {"task": "notifications.tasks.sweep_outbox", "schedule": 60.0},
    "notifications-compose-digests": {"task": "notifications.tasks.compose_digests", "schedule": 300.0},
    "helpdesk-expire-waitlist-offers": {"task": "helpdesk.tasks.expire_waitlist_offers", "schedule": 60.0},
    "helpdesk-expire-substitute-searches": {"task": "helpdesk.tasks.expire_substitute_searches", "schedule": 60.0},
    "helpdesk-generate-slots": {"task": "helpdesk.tasks.generate_slots", "schedule": crontab(hour=3, minute=0)},
    "helpdesk-purge-guest-data": {"task": "helpdesk.tasks.purge_guest_data", "schedule": crontab(hour=3, minute=30)},
}
app.conf.beat_schedule = BEAT_SCHEDULE
app.autodiscover_tasks()
