from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class SitePage(models.Model):
    """A page of editable text, such as the Impressum, in German and English."""

    class Slug(models.TextChoices):
        IMPRESSUM = "impressum", _("Legal notice (Impressum)")
        DATENSCHUTZ = "datenschutz", _("Privacy (Datenschutz)")
        BARRIEREFREIHEIT = "barrierefreiheit", _("Accessibility statement (Barrierefreiheit)")
        LEICHTE_SPRACHE = "leichte-sprache", _("Easy language (Leichte Sprache)")

    slug = models.SlugField(_("page"), max_length=40, unique=True, choices=Slug.choices)
    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_de = models.TextField(_("text (German)"), help_text=_("Plain text; an empty line starts a new paragraph."))
    body_en = models.TextField(_("text (English)"), help_text=_("Plain text; an empty line starts a new paragraph."))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title_de

    @property
    def title(self) -> str:
        return self.title_en if get_language() == "en" else self.title_de

    @property
    def body(self) -> str:
        return self.body_en if get_language() == "en" else self.body_de


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
