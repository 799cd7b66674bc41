from __future__ import annotations

from celery import shared_task

from core import security_store, services


@shared_task(name="core.tasks.record_heartbeat", bind=True)
def record_heartbeat(self) -> None:  # type: ignore[no-untyped-def]
    services.heartbeat_record(hostname=self.request.hostname or "unknown")


@shared_task(name="core.tasks.delete_expired_security_entries")
def delete_expired_security_entries() -> int:
    return security_store.expired_delete()
