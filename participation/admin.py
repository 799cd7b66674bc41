from django.contrib import admin

from participation.models import Project


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin[Project]):
    list_display = ["title", "slug", "visibility"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ("title",)}
