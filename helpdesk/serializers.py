from __future__ import annotations

from rest_framework import serializers

from helpdesk.models import Office


class OfficeSerializer(serializers.ModelSerializer[Office]):
    class Meta:
        model = Office
        fields = ["id", "name", "slug", "address", "phone"]
