from django.contrib import admin

from participation.models import Category, Comment, Idea, Phase, Project, ProjectModerator, Report


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


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin[Idea]):
    list_display = ["title", "project", "status", "source", "is_hidden", "created_at"]
    list_filter = ["project", "status", "source", "is_hidden"]
    search_fields = ["title", "description"]
    raw_id_fields = ["author", "entered_by"]
    list_select_related = ["project"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin[Comment]):
    list_display = ["__str__", "idea", "created_at", "is_hidden", "is_deleted"]
    list_filter = ["is_hidden", "is_deleted"]
    raw_id_fields = ["idea", "parent", "author"]
    list_select_related = ["idea"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin[Report]):
    list_display = ["__str__", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["idea", "comment", "reporter", "decided_by"]
