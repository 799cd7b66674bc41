from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. E-mail is the login; a senior may have none."""

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("may use the Django admin"),
        default=False,
        help_text=_("Administrators get this together with all permissions."),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return (self.display_name or self.email).split(" ")[0]


class Role(models.TextChoices):
    MODERATOR = "moderator", _("Moderator of a project")
    COORDINATOR = "coordinator", _("Coordinator of an office")
    VOLUNTEER = "volunteer", _("Volunteer at an office")


class Membership(models.Model):
    """A role a person holds for one project or one office.

    Administrators are not memberships: they are superusers, managed with the
    same flag the Django admin uses, so there is one truth for "administrator".
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    project = models.ForeignKey(
        "participation.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
    )
    office = models.ForeignKey(
        "helpdesk.Office",
        verbose_name=_("office"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role membership")
        verbose_name_plural = _("role memberships")
        ordering = ["role", "user__email"]
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    Q(role=Role.MODERATOR, project__isnull=False, office__isnull=True)
                    | Q(role__in=[Role.COORDINATOR, Role.VOLUNTEER], office__isnull=False, project__isnull=True)
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "project"],
                name="unique_project_membership",
                condition=Q(project__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "office"],
                name="unique_office_membership",
                condition=Q(office__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        scope = self.project or self.office
        return f"{self.user}: {self.get_role_display()} ({scope})"


class AuditLogEntry(models.Model):
    """One look by staff at a senior's personal data: who, when, what, which booking or office.

    Written by ``accounts.audit.record``; only administrators can read the log. The
    name of the person is kept as text too, so an entry stays readable after the
    account is deleted.
    """

    class Action(models.TextChoices):
        BOOKING_VIEWED = "booking_viewed", _("Opened a booking with phone number and note")
        PLAN_VIEWED = "plan_viewed", _("Opened the plan of an office with names and phone numbers")
        DAY_LIST_VIEWED = "day_list_viewed", _("Opened the day list of an office")
        CALLER_SEARCHED = "caller_searched", _("Searched for a caller")
        CALL_LIST_VIEWED = "call_list_viewed", _("Opened the call list of an office")
        EXPORTED = "exported", _("Exported personal data")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    user_label = models.CharField(_("who (as text)"), max_length=254)
    action = models.CharField(_("what"), max_length=30, choices=Action.choices)
    office = models.ForeignKey(
        "helpdesk.Office", verbose_name=_("office"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    booking = models.ForeignKey(
        "helpdesk.Booking",
        verbose_name=_("booking"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    detail = models.CharField(_("details"), max_length=300, blank=True)
    path = models.CharField(_("page"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["office", "-at"], name="audit_office_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_label}: {self.get_action_display()}"
