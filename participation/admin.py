from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from participation import stamps
from participation.models import Category, Comment, Idea, Phase, Project, ProjectModerator, Report

# Edits here bypass the services, so they move the change stamps and recount themselves:
# cached fragments and page validators are keyed by the stamps (participation/stamps.py).


class PhaseInline(admin.TabularInline[Phase, Project]):
    model = Phase
    extra = 0


class CategoryInline(admin.TabularInline[Category, Project]):
    model = Category
    extra = 0


class ModeratorInline(admin.TabularInline[ProjectModerator, Project]):
    model = ProjectModerator
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin[Project]):
    list_display = ["title", "slug", "visibility", "moderation"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ("title",)}
    inlines = [PhaseInline, CategoryInline, ModeratorInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Title, address, phases or category names show on every idea's card and page.
        Idea.objects.filter(project=form.instance).update(updated_at=timezone.now())
        stamps.project_touch(project_id=form.instance.pk, recount=True)


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin[Idea]):
    list_display = ["title", "project", "status", "source", "is_hidden", "created_at"]
    list_filter = ["project", "status", "source", "is_hidden"]
    search_fields = ["title", "description"]
    raw_id_fields = ["author", "entered_by"]
    list_select_related = ["project"]

    def save_model(self, request: HttpRequest, obj: Idea, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        stamps.project_touch(project_id=obj.project_id, recount=True)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Idea]) -> None:
        projects = set(queryset.values_list("project_id", flat=True))
        super().delete_queryset(request, queryset)
        for project_id in sorted(projects):
            stamps.project_touch(project_id=project_id, recount=True)

    def delete_model(self, request: HttpRequest, obj: Idea) -> None:
        super().delete_model(request, obj)
        stamps.project_touch(project_id=obj.project_id, recount=True)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin[Comment]):
    list_display = ["__str__", "idea", "created_at", "is_hidden", "is_deleted"]
    list_filter = ["is_hidden", "is_deleted"]
    raw_id_fields = ["idea", "parent", "author"]
    list_select_related = ["idea"]

    def save_model(self, request: HttpRequest, obj: Comment, form: Any, change: bool) -> None:
        obj.changed_at = timezone.now()
        super().save_model(request, obj, form, change)
        stamps.idea_counts_refresh(idea_ids=[obj.idea_id])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        ideas = list(queryset.values_list("idea_id", flat=True).distinct())
        super().delete_queryset(request, queryset)
        stamps.idea_counts_refresh(idea_ids=ideas)

    def delete_model(self, request: HttpRequest, obj: Comment) -> None:
        super().delete_model(request, obj)
        stamps.idea_counts_refresh(idea_ids=[obj.idea_id])


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin[Report]):
    list_display = ["__str__", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["idea", "comment", "reporter", "decided_by"]
