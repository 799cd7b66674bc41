from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    CALL = "call", _("Phone call by office staff")


class Status(models.TextChoices):
    PENDING = "pending", _("pending")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    SKIPPED = "skipped", _("skipped")
    CANCELLED = "cancelled", _("cancelled")


class OutboxMessage(models.Model):
    """One message to one person, stored before anything is sent.

    ``key`` is unique: scheduling the same message twice (for example the 24-hour
    reminder of one booking at one appointment time) finds the existing row
    instead of making a second one, which is what makes sending idempotent.
    ``payload`` holds ids only; the message is rendered from fresh data when sent.
    """

    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    key = models.CharField(_("unique key"), max_length=200, unique=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    recipient_name = models.CharField(_("recipient"), max_length=200, blank=True)
    recipient_email = models.EmailField(_("e-mail address"), blank=True)
    recipient_phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="de")
    payload = models.JSONField(_("data"), default=dict, blank=True)
    office = models.ForeignKey(
        "helpdesk.Office",
        verbose_name=_("office"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbox_messages",
        help_text=_("The office whose coordinators see this message."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    due_at = models.DateTimeField(_("due"), db_index=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["status", "due_at"], name="outbox_status_due")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_email or self.recipient_phone} ({self.get_status_display()})"
