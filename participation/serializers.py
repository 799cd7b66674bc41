from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from participation import permissions
from participation.models import Category, Comment, Idea, Phase, Project, Report, Support


class PhaseSerializer(serializers.ModelSerializer[Phase]):
    class Meta:
        model = Phase
        fields = ["kind", "starts_on", "ends_on", "description"]


class CategorySerializer(serializers.ModelSerializer[Category]):
    class Meta:
        model = Category
        fields = ["id", "name"]


class ProjectSerializer(serializers.ModelSerializer[Project]):
    phases = PhaseSerializer(many=True, read_only=True)
    categories = CategorySerializer(many=True, read_only=True)
    active_phase = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "slug",
            "summary",
            "description",
            "area",
            "centre_lat",
            "centre_lon",
            "contact",
            "moderation",
            "phases",
            "active_phase",
            "categories",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="Kind of the phase running today"))
    def get_active_phase(self, project: Project) -> str | None:
        return permissions.phase_kind(project)


class IdeaSerializer(serializers.ModelSerializer[Idea]):
    project = serializers.SlugRelatedField(slug_field="slug", queryset=Project.objects.all())
    category_name = serializers.SerializerMethodField()
    author_name = serializers.SerializerMethodField()
    support_count = serializers.SerializerMethodField()
    comment_count = serializers.IntegerField(read_only=True)
    supported_by_me = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Idea
        fields = [
            "id",
            "project",
            "title",
            "description",
            "category",
            "category_name",
            "location_lat",
            "location_lon",
            "location_text",
            "source",
            "status",
            "author_name",
            "created_at",
            "support_count",
            "comment_count",
            "supported_by_me",
            "feedback",
            "feedback_at",
            "url",
        ]
        read_only_fields = ["source", "status", "created_at", "feedback", "feedback_at"]

    def get_category_name(self, idea: Idea) -> str:
        return idea.category.name if idea.category else ""

    def get_author_name(self, idea: Idea) -> str:
        if idea.author is not None:
            return idea.author.display_name
        return idea.submitter_name if idea.source != Idea.Source.ONLINE else ""

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_support_count(self, idea: Idea) -> int | None:
        request = self.context.get("request")
        user: Any = getattr(request, "user", None)
        if not permissions.shows_support_counts(user, idea.project):
            return None
        return int(getattr(idea, "support_count", 0))

    def get_supported_by_me(self, idea: Idea) -> bool:
        supporters: set[int] = self.context.get("supported_ids", set())
        return idea.pk in supporters


class CommentSerializer(serializers.ModelSerializer[Comment]):
    author_name = serializers.SerializerMethodField()
    text = serializers.CharField(max_length=3000)
    state = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "idea", "parent", "author_name", "text", "state", "created_at", "edited_at"]
        read_only_fields = ["created_at", "edited_at"]

    def get_author_name(self, comment: Comment) -> str:
        return comment.author.display_name if comment.author else ""

    @extend_schema_field(serializers.ChoiceField(choices=["visible", "deleted", "hidden", "held"]))
    def get_state(self, comment: Comment) -> str:
        if comment.is_deleted:
            return "deleted"
        if comment.is_hidden:
            return "hidden"
        if comment.hidden_by_reports:
            return "held"
        return "visible"

    def to_representation(self, instance: Comment) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not instance.is_visible:
            data["text"] = instance.hidden_reason if instance.is_hidden else ""
        return data


class SupportSerializer(serializers.ModelSerializer[Support]):
    class Meta:
        model = Support
        fields = ["id", "idea", "created_at"]
        read_only_fields = ["created_at"]


class IdeaEditSerializer(serializers.Serializer[Idea]):
    """What an author may change in her idea (PATCH: only the fields sent)."""

    title = serializers.CharField(max_length=150)
    description = serializers.CharField()
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all(), allow_null=True)
    location_lat = serializers.FloatField(min_value=-90, max_value=90, allow_null=True)
    location_lon = serializers.FloatField(min_value=-180, max_value=180, allow_null=True)
    location_text = serializers.CharField(max_length=200, allow_blank=True)


class WithdrawSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500, help_text="Shown on the page of the idea.")


class ReportSerializer(serializers.ModelSerializer[Report]):
    idea = serializers.PrimaryKeyRelatedField(queryset=Idea.objects.all(), required=False, allow_null=True)
    comment = serializers.PrimaryKeyRelatedField(queryset=Comment.objects.all(), required=False, allow_null=True)
    reason = serializers.CharField(max_length=1000)

    class Meta:
        model = Report
        fields = ["id", "idea", "comment", "reason", "status", "created_at"]
        read_only_fields = ["status", "created_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs.get("idea") is None) == (attrs.get("comment") is None):
            raise serializers.ValidationError(_("Please report either an idea or a comment."))
        return attrs


class ModerationIdeaSerializer(serializers.ModelSerializer[Idea]):
    """An idea as moderators see it: with the author's address, the picture, notes and the history of changes."""

    project: serializers.SlugRelatedField[Project] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author_name = serializers.SerializerMethodField()
    author_email = serializers.SerializerMethodField()
    image = serializers.ImageField(read_only=True, use_url=True)
    changes = serializers.SerializerMethodField()

    class Meta:
        model = Idea
        fields = [
            "id",
            "project",
            "title",
            "description",
            "category",
            "status",
            "source",
            "author_name",
            "author_email",
            "submitter_name",
            "submitted_on",
            "image",
            "location_lat",
            "location_lon",
            "location_text",
            "created_at",
            "feedback",
            "feedback_at",
            "moderator_notes",
            "duplicate_of",
            "is_hidden",
            "hidden_reason",
            "hidden_by_reports",
            "withdrawn_reason",
            "changes",
        ]
        read_only_fields = fields

    def get_author_name(self, idea: Idea) -> str:
        return idea.author.display_name if idea.author else idea.submitter_name

    def get_author_email(self, idea: Idea) -> str:
        return idea.author.email if idea.author else ""

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_changes(self, idea: Idea) -> list[dict[str, Any]]:
        return [{"at": edit.created_at, "fields": edit.changes} for edit in idea.edits.order_by("-created_at", "-id")]


class ModerateSerializer(serializers.Serializer[Any]):
    """A moderator's save: any of status, official feedback, notes and category (one message to the author)."""

    status = serializers.ChoiceField(
        choices=[c for c in Idea.Status.choices if c[0] != Idea.Status.WITHDRAWN], required=False
    )
    feedback = serializers.CharField(required=False, allow_blank=True, help_text="Official feedback (public).")
    moderator_notes = serializers.CharField(required=False, allow_blank=True)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all(), required=False, allow_null=True)


class FeedbackSerializer(serializers.Serializer[Any]):
    feedback = serializers.CharField(help_text="Official feedback (public); the author and followers are told.")


class RejectSerializer(serializers.Serializer[Any]):
    feedback = serializers.CharField(required=False, allow_blank=True, help_text="Official feedback (optional).")


class HideSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300, help_text="Shown to everyone instead of the idea.")


class DuplicateSerializer(serializers.Serializer[Any]):
    original = serializers.PrimaryKeyRelatedField(queryset=Idea.objects.all())


class ReportDecisionSerializer(serializers.Serializer[Any]):
    uphold = serializers.BooleanField(help_text="true hides the content, false dismisses the report.")
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)


class ModerationReportSerializer(serializers.ModelSerializer[Report]):
    text = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = ["id", "idea", "comment", "reason", "status", "created_at", "text"]
        read_only_fields = fields

    def get_text(self, report: Report) -> str:
        """The reported content itself, so a moderator can decide without another request."""
        if report.idea is not None:
            return f"{report.idea.title}\n\n{report.idea.description}"
        return report.comment.text if report.comment is not None else ""
