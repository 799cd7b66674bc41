from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import permissions, viewsets

from participation import selectors
from participation.models import Project
from participation.serializers import ProjectSerializer


class ProjectViewSet(viewsets.ReadOnlyModelViewSet[Project]):
    serializer_class = ProjectSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Project]:
        return selectors.public_projects()
