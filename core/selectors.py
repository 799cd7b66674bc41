from __future__ import annotations

from django.db.models import QuerySet

from core.models import SitePage
from participation.models import Project


def open_projects() -> QuerySet[Project]:
    return Project.objects.filter(visibility=Project.Visibility.PUBLIC).order_by("title")


def site_page(slug: str) -> SitePage | None:
    return SitePage.objects.filter(slug=slug).first()
