from __future__ import annotations

from celery import shared_task

from core import services


@shared_task(name="core.tasks.record_heartbeat", bind=True)
def record_heartbeat(self) -> None:  # type: ignore[no-untyped-def]
    services.heartbeat_record(hostname=self.request.hostname or "unknown")
