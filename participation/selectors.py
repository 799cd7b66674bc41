from __future__ import annotations

from django.db.models import QuerySet

from participation.models import Project


def public_projects() -> QuerySet[Project]:
    return Project.objects.filter(visibility=Project.Visibility.PUBLIC).order_by("title")
