"""Reporting content, and everything moderators do on the website, for the city's apps.

Moderators reach only the ideas and reports of the projects they moderate (others are
404); everybody else gets 403. Every write goes through the same services as the web
pages, so one save is one message to the author, and refusals carry the same words.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from participation import duplicates, selectors, services
from participation import permissions as participation_permissions
from participation.api import call_service, check_abuse
from participation.models import Idea, Report
from participation.serializers import (
    DuplicateSerializer,
    FeedbackSerializer,
    HideSerializer,
    ModerateSerializer,
    ModerationIdeaSerializer,
    ModerationReportSerializer,
    RejectSerializer,
    ReportDecisionSerializer,
    ReportSerializer,
)


class ReportViewSet(mixins.CreateModelMixin, viewsets.GenericViewSet[Report]):
    """Report an idea or a comment to the moderators; enough reports hide it until they decide."""

    serializer_class = ReportSerializer
    permission_classes = [permissions.IsAuthenticated]
    rate_limited_actions = frozenset({"create"})

    def get_queryset(self) -> QuerySet[Report]:
        return Report.objects.none()

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        idea, comment = data.validated_data.get("idea"), data.validated_data.get("comment")
        # What this person may not see cannot be reported either: 404, as for a made-up number.
        if idea is not None:
            idea = get_object_or_404(selectors.ideas_visible_to(request.user), pk=idea.pk)
        if comment is not None:
            comment = get_object_or_404(
                selectors.comments_visible_to(request.user).filter(is_deleted=False), pk=comment.pk
            )
        check_abuse(request, "report")
        report = call_service(
            services.report_create,
            reporter=request.user,
            reason=data.validated_data["reason"],
            idea=idea,
            comment=comment,
        )
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


class IsModerator(permissions.BasePermission):
    message = "Only moderators of a project may do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return participation_permissions.is_moderator(request.user)


MODERATION_PERMISSIONS = [permissions.IsAuthenticated, IsModerator]


class ModerationIdeaViewSet(viewsets.ReadOnlyModelViewSet[Idea]):
    """The ideas of the projects one moderates: the queue (``?waiting=true``) and every decision on them."""

    serializer_class = ModerationIdeaSerializer
    permission_classes = MODERATION_PERMISSIONS

    def get_queryset(self) -> QuerySet[Idea]:
        projects = selectors.moderated_projects(self.request.user)
        if self.action == "list" and self.request.query_params.get("waiting") == "true":
            return selectors.ideas_awaiting_approval(projects)
        return (
            Idea.objects.filter(project__in=projects)
            .select_related("project", "author", "category")
            .order_by("-created_at", "-id")
        )

    def _answer(self, idea: Idea) -> Response:
        idea = self.get_queryset().get(pk=idea.pk)
        return Response(ModerationIdeaSerializer(idea, context=self.get_serializer_context()).data)

    @extend_schema(request=ModerateSerializer, responses={200: ModerationIdeaSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Status, official feedback, notes and category in one save: the author gets one message."""
        idea = self.get_object()
        data = ModerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        call_service(
            services.idea_moderate,
            idea=idea,
            moderator=request.user,
            status=values.get("status"),
            feedback=values.get("feedback"),
            notes=values.get("moderator_notes"),
            category=values.get("category", ...),
        )
        return self._answer(idea)

    @extend_schema(request=FeedbackSerializer, responses={200: ModerationIdeaSerializer})
    @action(detail=True, methods=["post"])
    def feedback(self, request: Request, pk: str | None = None) -> Response:
        """Give or change the official feedback (public)."""
        idea = self.get_object()
        data = FeedbackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call_service(
            services.idea_moderate, idea=idea, moderator=request.user, feedback=data.validated_data["feedback"]
        )
        return self._answer(idea)

    @extend_schema(request=None, responses={200: ModerationIdeaSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """Publish a waiting idea, or show an idea hidden after reports again."""
        idea = self.get_object()
        call_service(services.idea_approve, idea=idea, moderator=request.user)
        return self._answer(idea)

    @extend_schema(request=RejectSerializer, responses={200: ModerationIdeaSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        idea = self.get_object()
        data = RejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        feedback = data.validated_data.get("feedback", "")
        call_service(services.idea_reject, idea=idea, moderator=request.user, feedback=feedback)
        return self._answer(idea)

    @extend_schema(request=HideSerializer, responses={200: ModerationIdeaSerializer})
    @action(detail=True, methods=["post"])
    def hide(self, request: Request, pk: str | None = None) -> Response:
        idea = self.get_object()
        data = HideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call_service(services.idea_hide, idea=idea, moderator=request.user, reason=data.validated_data["reason"])
        return self._answer(idea)

    @extend_schema(request=None, responses={200: ModerationIdeaSerializer})
    @action(detail=True, methods=["post"])
    def unhide(self, request: Request, pk: str | None = None) -> Response:
        idea = self.get_object()
        call_service(services.idea_unhide, idea=idea, moderator=request.user)
        return self._answer(idea)

    @extend_schema(request=DuplicateSerializer, responses={200: ModerationIdeaSerializer})
    @action(detail=True, methods=["post", "delete"])
    def duplicate(self, request: Request, pk: str | None = None) -> Response:
        """Mark the idea as a duplicate of an earlier one of the same project (POST), or take the mark back."""
        idea = self.get_object()
        if request.method == "DELETE":
            call_service(duplicates.idea_unmark_duplicate, idea=idea, moderator=request.user)
            return self._answer(idea)
        data = DuplicateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        original = get_object_or_404(self.get_queryset(), pk=data.validated_data["original"].pk)
        call_service(duplicates.idea_mark_duplicate, idea=idea, original=original, moderator=request.user)
        return self._answer(idea)


class ModerationReportViewSet(viewsets.ReadOnlyModelViewSet[Report]):
    """Open reports in the projects one moderates, and the decision on each."""

    serializer_class = ModerationReportSerializer
    permission_classes = MODERATION_PERMISSIONS

    def get_queryset(self) -> QuerySet[Report]:
        return selectors.open_reports(selectors.moderated_projects(self.request.user))

    @extend_schema(request=ReportDecisionSerializer, responses={200: ModerationReportSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        """Uphold (hide the content, with a reason shown instead) or dismiss; all open reports on it close."""
        report = self.get_object()
        data = ReportDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decided = call_service(
            services.report_decide,
            report=report,
            moderator=request.user,
            uphold=data.validated_data["uphold"],
            reason=data.validated_data.get("reason", ""),
        )
        return Response(ModerationReportSerializer(decided).data)
