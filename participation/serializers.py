from __future__ import annotations

from rest_framework import serializers

from participation.models import Project


class ProjectSerializer(serializers.ModelSerializer[Project]):
    class Meta:
        model = Project
        fields = ["id", "title", "slug", "summary"]
