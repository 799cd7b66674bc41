from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from participation import permissions
from participation.models import Category, Comment, Idea, Phase, Project, Support


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
