from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """Written by a Celery worker every minute, so operators can see it is alive."""

    hostname = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.hostname} @ {self.seen_at:%Y-%m-%d %H:%M}"


class SecurityEntry(models.Model):
    """A short-lived record that security depends on: a rate-limit count, allauth's attempt
    history, a used TOTP code. Kept in the database, not in Redis, so that no Redis outage,
    full memory or restored old snapshot switches a limit off (core/security_store.py)."""

    key = models.CharField(max_length=250, primary_key=True)
    value = models.TextField(blank=True, default="")  # JSON
    count = models.BigIntegerField(default=0)
    expires = models.FloatField(db_index=True)  # seconds since the epoch

    class Meta:
        verbose_name = _("security record")
        verbose_name_plural = _("security records")

    def __str__(self) -> str:
        return self.key
