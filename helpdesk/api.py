from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import permissions, viewsets

from helpdesk import selectors
from helpdesk.models import Office
from helpdesk.serializers import OfficeSerializer


class OfficeViewSet(viewsets.ReadOnlyModelViewSet[Office]):
    serializer_class = OfficeSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Office]:
        return selectors.offices()
