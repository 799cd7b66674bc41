from __future__ import annotations

from django.db.models import QuerySet

from helpdesk.models import Office


def offices() -> QuerySet[Office]:
    return Office.objects.order_by("name")
