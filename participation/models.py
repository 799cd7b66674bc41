from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Project(models.Model):
    """A participation project for one place in the city."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        DRAFT = "draft", _("draft")

    class Moderation(models.TextChoices):
        PRE = "pre", _("ideas appear after a moderator approved them")
        POST = "post", _("ideas appear at once and are checked afterwards")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in the address"), max_length=80, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    image = models.ImageField(_("image"), upload_to="participation/projects/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=300, blank=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.DRAFT)
    # The area as a closed ring of [latitude, longitude] pairs; empty means "no area".
    area = models.JSONField(_("area (list of [latitude, longitude])"), default=list, blank=True)
    centre_lat = models.FloatField(
        _("centre latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    centre_lon = models.FloatField(
        _("centre longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    contact = models.TextField(_("contact"), blank=True)
    moderation = models.CharField(_("moderation"), max_length=4, choices=Moderation.choices, default=Moderation.PRE)
    show_supports_during_rating = models.BooleanField(_("show supports during the rating phase"), default=True)
    report_threshold = models.PositiveSmallIntegerField(
        _("reports until content is hidden"), default=3, validators=[MinValueValidator(1)]
    )
    # The change stamp of everything the project's public pages show (its phases, categories,
    # ideas, comments, supports), touched by the services in the same transaction as the change.
    # Page validators (ETag) and cached fragments are keyed by it; nothing watches the database.
    content_changed_at = models.DateTimeField(_("content changed at"), default=timezone.now, db_default=Now())
    # Ideas anyone may see, kept by the services, so the idea list needs no COUNT over all ideas.
    public_idea_count = models.PositiveIntegerField(_("public ideas"), default=0, db_default=0, editable=False)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:project-detail", kwargs={"slug": self.slug})


class ProjectModerator(models.Model):
    """A person who moderates one project: approves ideas, answers officially, hides and exports."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="moderators", verbose_name=_("project"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="moderated_projects",
        verbose_name=_("person"),
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("moderator")
        verbose_name_plural = _("moderators")
        ordering = ["project", "user__email"]
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="project_moderator_once")]

    def __str__(self) -> str:
        return f"{self.user}: {self.project}"


class Phase(models.Model):
    class Kind(models.TextChoices):
        INFORMATION = "information", _("information")
        COLLECTION = "collection", _("idea collection")
        RATING = "rating", _("feedback and rating")
        EVALUATION = "evaluation", _("evaluation")
        RESULT = "result", _("result")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phases", verbose_name=_("project"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["project", "starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="phase_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_kind_display()}"

    def is_active_on(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class Category(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="categories", verbose_name=_("project"))
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["project", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="category_unique_name")]

    def __str__(self) -> str:
        return self.name


# The ideas anyone may see: published in any status and not hidden. Written as in the partial
# indexes below, so that PostgreSQL uses them for the public list.
PUBLIC_IDEAS = Q(is_hidden=False, hidden_by_reports=False) & ~Q(status__in=["submitted", "withdrawn"])


class Idea(models.Model):
    class Source(models.TextChoices):
        ONLINE = "online", _("online")
        POSTCARD = "postcard", _("postcard")
        WORKSHOP = "workshop", _("workshop")
        PHONE = "phone", _("phone")
        EMAIL = "email", _("e-mail")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        PUBLISHED = "published", _("published")
        UNDER_REVIEW = "under_review", _("under review")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")
        IMPLEMENTED = "implemented", _("implemented")
        WITHDRAWN = "withdrawn", _("withdrawn by the author")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="ideas", verbose_name=_("project"))
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"))
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas", verbose_name=_("category")
    )
    image = models.ImageField(_("image"), upload_to="participation/ideas/", blank=True)
    location_lat = models.FloatField(_("latitude"), null=True, blank=True)
    location_lon = models.FloatField(_("longitude"), null=True, blank=True)
    location_text = models.CharField(_("where exactly"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("author"),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.ONLINE)
    submitter_name = models.CharField(_("name of the submitter"), max_length=120, blank=True)
    submitted_on = models.DateField(_("handed in on"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_by_reports = models.BooleanField(_("hidden after reports until a moderator decides"), default=False)
    feedback = models.TextField(_("official feedback"), blank=True)
    feedback_at = models.DateTimeField(_("feedback given at"), null=True, blank=True)
    moderator_notes = models.TextField(_("notes for moderators"), blank=True)
    # A moderator's mark: this idea says what an earlier one says; supports are shown together.
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    withdrawn_reason = models.CharField(_("reason for withdrawing"), max_length=500, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    # The idea's change stamp: also touched when its comments or supports change (see services).
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Kept by the services in the same transaction as the support or comment (F() updates), so
    # lists and the map read them from the row instead of counting per idea.
    support_count = models.PositiveIntegerField(_("supports"), default=0, db_default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("visible comments"), default=0, db_default=0, editable=False)

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["project", "status", "is_hidden"]),
            # The public list in its three orders reads 20 rows from one of these and stops.
            models.Index(fields=["project", "-created_at", "-id"], name="idea_public_newest", condition=PUBLIC_IDEAS),
            models.Index(
                fields=["project", "-support_count", "-created_at", "-id"],
                name="idea_public_supported",
                condition=PUBLIC_IDEAS,
            ),
            models.Index(
                fields=["project", "-comment_count", "-created_at", "-id"],
                name="idea_public_discussed",
                condition=PUBLIC_IDEAS,
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(location_lat__isnull=True) & Q(location_lon__isnull=True))
                | (Q(location_lat__isnull=False) & Q(location_lon__isnull=False)),
                name="idea_location_complete",
            ),
            models.CheckConstraint(condition=~Q(duplicate_of=models.F("id")), name="idea_not_duplicate_of_itself"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:idea-detail", kwargs={"slug": self.project.slug, "pk": self.pk})

    @property
    def has_location(self) -> bool:
        return self.location_lat is not None and self.location_lon is not None

    @property
    def is_public(self) -> bool:
        return (
            self.status not in (self.Status.SUBMITTED, self.Status.WITHDRAWN)
            and not self.is_hidden
            and not self.hidden_by_reports
        )


class Comment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments", verbose_name=_("idea"))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies", verbose_name=_("reply to")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participation_comments",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"), max_length=3000)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    is_deleted = models.BooleanField(_("deleted by the author"), default=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_by_reports = models.BooleanField(_("hidden after reports until a moderator decides"), default=False)
    # The comment's change stamp (edited, deleted, hidden, shown again): its cached body is keyed by it.
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_default=Now())

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [
            # One page of an idea's threads: its top-level comments in order.
            models.Index(
                fields=["idea", "created_at", "id"], name="comment_thread_order", condition=Q(parent__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_visible(self) -> bool:
        return not (self.is_deleted or self.is_hidden or self.hidden_by_reports)


class Support(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports", verbose_name=_("idea"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports", verbose_name=_("person")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["user", "idea"], name="support_once_per_person")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.idea_id}"


class Report(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DISMISSED = "dismissed", _("dismissed")
        UPHELD = "upheld", _("upheld")

    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, null=True, blank=True, related_name="reports", verbose_name=_("idea")
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="reports", verbose_name=_("comment")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="participation_reports",
        verbose_name=_("reported by"),
    )
    reason = models.TextField(_("reason"), max_length=1000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(idea__isnull=False) & Q(comment__isnull=True))
                | (Q(idea__isnull=True) & Q(comment__isnull=False)),
                name="report_has_one_target",
            ),
        ]

    def __str__(self) -> str:
        return self.reason[:60]


class ProjectFollower(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="followers", verbose_name=_("project"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="followed_projects",
        verbose_name=_("person"),
    )
    notify = models.BooleanField(_("send me e-mails about ideas"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="follow_once_per_person")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.project_id}"


class IdeaFollower(models.Model):
    """A person who wants to hear about one idea: its status, official answers, its duplicates.

    Authors and commenters follow automatically; ``following=False`` keeps a person's
    "stop following" so that a later comment does not sign them up again.
    """

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="followers", verbose_name=_("idea"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_ideas", verbose_name=_("person")
    )
    following = models.BooleanField(_("following"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("follower of an idea")
        verbose_name_plural = _("followers of ideas")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="idea_follow_once_per_person")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.idea_id}"


class IdeaEdit(models.Model):
    """One change its author made to an idea, with the old and new text, for moderators."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="edits", verbose_name=_("idea"))
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    # {"field name": [old, new]} for every field that changed.
    changes = models.JSONField(_("changes"), default=dict)
    created_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("change of an idea")
        verbose_name_plural = _("changes of ideas")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.idea_id} @ {self.created_at:%Y-%m-%d %H:%M}"
