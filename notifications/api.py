"""A person's notification settings for apps: the same choices as the settings page."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from notifications import preferences
from notifications.models import Frequency


class TopicSettingSerializer(serializers.Serializer[Any]):
    topic = serializers.CharField(help_text="Name of the topic, e.g. participation.idea_comments")
    label = serializers.CharField(read_only=True)  # type: ignore[assignment] # a field of this name, not Field.label
    frequency = serializers.ChoiceField(choices=Frequency.choices)


class NotificationSettingsView(APIView):
    """How often the signed-in person hears about each topic: immediately, daily (summary) or off."""

    permission_classes = [permissions.IsAuthenticated]

    def _current(self, request: Request) -> list[dict[str, str]]:
        chosen = preferences.frequencies_of(request.user)
        return [
            {"topic": topic.name, "label": str(topic.label), "frequency": chosen[topic.name]}
            for topic in preferences.topics_for(request.user)
        ]

    @extend_schema(responses={200: TopicSettingSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return Response(self._current(request))

    @extend_schema(request=TopicSettingSerializer(many=True), responses={200: TopicSettingSerializer(many=True)})
    def put(self, request: Request) -> Response:
        rows = TopicSettingSerializer(data=request.data, many=True)
        rows.is_valid(raise_exception=True)
        visible = {topic.name for topic in preferences.topics_for(request.user)}
        choices = {row["topic"]: row["frequency"] for row in rows.validated_data}
        unknown = sorted(set(choices) - visible)
        if unknown:
            raise serializers.ValidationError({"topic": [f"Unknown topic: {name}" for name in unknown]})
        preferences.preferences_set(user=request.user, choices=choices)
        return Response(self._current(request))
