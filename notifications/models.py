from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
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
    TO_CALL = "to_call", _("on the call list")
    SKIPPED = "skipped", _("skipped")
    CANCELLED = "cancelled", _("cancelled")


# Rows nobody has finished with yet: cancelling or rescheduling still changes them.
OPEN_STATUSES = (Status.PENDING, Status.TO_CALL)
# Rows a sweep may claim: due ones, and ones a dead worker left in "sending".
CLAIMABLE_STATUSES = (Status.PENDING, Status.SENDING)


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
    scope = models.CharField(
        _("scope"),
        max_length=60,
        blank=True,
        db_index=True,
        help_text=_("Who handles this message, as the sending app names it, e.g. “office:12”."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    due_at = models.DateTimeField(_("due"), db_index=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    claim_token = models.CharField(_("claim token"), max_length=32, blank=True, editable=False)
    next_attempt_at = models.DateTimeField(
        _("next attempt"), null=True, blank=True, help_text=_("After a failed attempt: when to try again.")
    )
    send_started_at = models.DateTimeField(
        _("handed to the channel"), null=True, blank=True, help_text=_("Set just before the channel is called.")
    )
    sent_key = models.CharField(
        _("send key"),
        max_length=200,
        blank=True,
        help_text=_("Message-ID of the e-mail or reference of the SMS; stays the same when a send is repeated."),
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("called by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For phone calls: the staff member who ticked “called”."),
    )
    rendered_text = models.TextField(_("text"), blank=True, help_text=_("For phone calls: what to tell the person."))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="outbox_status_due"),
            # The sweep's claim: open rows in (due_at, id) order. Partial, so it stays as small as the backlog
            # while sent rows pile up, and ordered by id too, so a batch scheduled for one instant needs no sort.
            models.Index(
                fields=["due_at", "id"], name="outbox_open_due", condition=models.Q(status__in=CLAIMABLE_STATUSES)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_email or self.recipient_phone} ({self.get_status_display()})"


class Frequency(models.TextChoices):
    """How a person wants to hear about one topic."""

    IMMEDIATELY = "immediately", _("immediately, one e-mail each")
    DAILY = "daily", _("once a day, in a summary")
    OFF = "off", _("not at all")


class Preference(models.Model):
    """One person's choice for one topic (``notifications.preferences``); no row means the topic's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("person"),
    )
    topic = models.CharField(_("topic"), max_length=60)
    frequency = models.CharField(_("frequency"), max_length=12, choices=Frequency.choices)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="preference_once_per_topic")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.topic} = {self.frequency}"


class DigestItem(models.Model):
    """Something a person chose to hear about once a day; collected into one summary e-mail.

    ``kind`` and ``payload`` are those of the message it would have been, so the summary
    renders each entry from fresh data with the kind's own ``build_context``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    topic = models.CharField(_("topic"), max_length=60)
    kind = models.CharField(_("kind"), max_length=60)
    key = models.CharField(_("unique key"), max_length=200, unique=True)
    payload = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    message = models.ForeignKey(
        OutboxMessage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("summary e-mail"),
    )

    class Meta:
        verbose_name = _("entry of a daily summary")
        verbose_name_plural = _("entries of daily summaries")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["created_at"], name="digest_item_waiting", condition=models.Q(message__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id}"
