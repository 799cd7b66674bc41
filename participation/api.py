from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core import honeypot, http_cache, params, ratelimit
from participation import authoring, following, rules, selectors, services
from participation import permissions as participation_permissions
from participation.filters import IdeaFilter
from participation.models import Comment, Idea, Project, Support
from participation.serializers import (
    CommentSerializer,
    IdeaEditSerializer,
    IdeaSerializer,
    ProjectSerializer,
    SupportSerializer,
    WithdrawSerializer,
)


def _translate(error: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError({field: [str(m) for m in e.messages] for field, e in _items(error)})
    return exceptions.ValidationError([str(m) for m in error.messages])


def check_abuse(request: Request, action: str) -> None:
    """The API keeps the same limits as the web forms: confirmed e-mail, rate per person and address."""
    if not honeypot.has_verified_email(request.user):
        raise exceptions.PermissionDenied(honeypot.unverified_message())
    ratelimit.throttle(request, action)


def _items(error: DjangoValidationError) -> list[tuple[str, DjangoValidationError]]:
    return [(field, DjangoValidationError(errors)) for field, errors in error.error_dict.items()]


def call_service[T](service: Callable[..., T], **kwargs: Any) -> T:
    """Run a service for the API: its refusals become 403 and its validation errors 400, with their messages."""
    try:
        return service(**kwargs)
    except DjangoPermissionDenied as error:
        raise exceptions.PermissionDenied(str(error) or None) from error
    except DjangoValidationError as error:
        raise _translate(error) from error


def _digits(value: Any) -> int | None:
    text = str(value or "")
    # ASCII digits only ("²".isdigit() is true, int("²") fails), within PostgreSQL's bigint.
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


# Anonymous reads answer conditional GETs from the change stamps (core.http_cache); a list
# across projects changes whenever any public project does.
def _all_projects(request: Request, *args: Any, **kwargs: Any) -> dt.datetime | None:
    return selectors.public_projects_stamp()


def _one_project(request: Request, slug: str = "", **kwargs: Any) -> dt.datetime | None:
    return selectors.public_project_stamp(slug)


def _idea_list(request: Request, *args: Any, **kwargs: Any) -> dt.datetime | None:
    slug = request.query_params.get("project")
    return selectors.public_project_stamp(slug) if slug else selectors.public_projects_stamp()


def _one_idea(request: Request, pk: str = "", **kwargs: Any) -> dt.datetime | None:
    return selectors.public_idea_stamp(None, pk) if _digits(pk) is not None else None


def _comment_list(request: Request, *args: Any, **kwargs: Any) -> dt.datetime | None:
    idea = _digits(request.query_params.get("idea"))
    return selectors.public_idea_stamp(None, idea) if idea is not None else selectors.public_projects_stamp()


def _one_comment(request: Request, pk: str = "", **kwargs: Any) -> dt.datetime | None:
    return selectors.public_comment_stamp(pk) if _digits(pk) is not None else None


@method_decorator(http_cache.public_for_anonymous(stamp=_all_projects), name="list")
@method_decorator(http_cache.public_for_anonymous(stamp=_one_project), name="retrieve")
class ProjectViewSet(viewsets.ReadOnlyModelViewSet[Project]):
    serializer_class = ProjectSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Project]:
        return selectors.visible_projects(self.request.user).prefetch_related("phases", "categories").order_by("title")


IDEA_FILTERS = [
    OpenApiParameter("project", OpenApiTypes.STR, description="Slug of the project"),
    OpenApiParameter("q", OpenApiTypes.STR, description="Full-text search in title, description and place"),
    OpenApiParameter("category", OpenApiTypes.INT),
    OpenApiParameter("status", OpenApiTypes.STR, enum=Idea.Status.values),
    OpenApiParameter("source", OpenApiTypes.STR, enum=Idea.Source.values),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=["newest", "supported", "discussed"]),
]


@extend_schema_view(list=extend_schema(parameters=IDEA_FILTERS))
@method_decorator(http_cache.public_for_anonymous(stamp=_idea_list), name="list")
@method_decorator(http_cache.public_for_anonymous(stamp=_one_idea), name="retrieve")
class IdeaViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[Idea]
):
    """Ideas: list with the filters of the web list, read one, submit while the project collects ideas."""

    serializer_class = IdeaSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    filter_backends: list[Any] = []
    rate_limited_actions = frozenset({"create"})

    def get_queryset(self) -> QuerySet[Idea]:
        if self.action == "mine":
            return selectors.idea_rows(Idea.objects.filter(author_id=self.request.user.pk)).order_by(
                "-created_at", "-id"
            )
        return selectors.ideas_visible_to(self.request.user)

    def get_serializer_class(self) -> Any:
        if self.action == "partial_update":
            return IdeaEditSerializer
        if self.action == "withdraw":
            return WithdrawSerializer
        if self.action == "follow":
            return None
        return IdeaSerializer

    def filter_queryset(self, queryset: QuerySet[Idea, Any]) -> QuerySet[Idea, Any]:
        if self.action != "list":
            return queryset
        params = self.request.query_params
        project_slug = params.get("project")
        if project_slug:
            queryset = queryset.filter(project__slug=project_slug)
        idea_filter = IdeaFilter(params, queryset=queryset)
        if not idea_filter.is_valid():
            raise exceptions.ValidationError(idea_filter.errors)
        result: QuerySet[Idea] = idea_filter.qs
        return result

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        user = self.request.user
        if user.is_authenticated:
            context["supported_ids"] = set(Support.objects.filter(user=user).values_list("idea_id", flat=True))
        return context

    def perform_create(self, serializer: serializers.BaseSerializer[Idea]) -> None:
        data = serializer.validated_data
        project: Project = data["project"]
        if not participation_permissions.can_view_project(self.request.user, project):
            raise exceptions.NotFound
        check_abuse(self.request, "idea")
        try:
            idea = services.idea_submit(
                project=project,
                author=self.request.user,  # type: ignore[arg-type]
                title=data["title"],
                description=data["description"],
                category=data.get("category"),
                location_lat=data.get("location_lat"),
                location_lon=data.get("location_lon"),
                location_text=data.get("location_text", ""),
            )
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied(rules.submit_refusal(self.request.user, project)) from error
        except DjangoValidationError as error:
            raise _translate(error) from error
        serializer.instance = selectors.idea_rows(Idea.objects.filter(pk=idea.pk)).get()

    def _fresh(self, idea: Idea) -> Response:
        fresh = selectors.idea_rows(Idea.objects.filter(pk=idea.pk)).get()
        return Response(IdeaSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(request=IdeaEditSerializer, responses={200: IdeaSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The author changes her idea while it waits for approval or while ideas are collected."""
        idea = self.get_object()
        data = IdeaEditSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = {
            "title": idea.title,
            "description": idea.description,
            "category": idea.category,
            "location_lat": idea.location_lat,
            "location_lon": idea.location_lon,
            "location_text": idea.location_text,
            **data.validated_data,
        }
        call_service(authoring.idea_edit, idea=idea, user=request.user, **fields)
        return self._fresh(idea)

    @extend_schema(responses={200: IdeaSerializer(many=True)})
    @action(detail=False, permission_classes=[permissions.IsAuthenticated])
    def mine(self, request: Request) -> Response:
        """The signed-in person's own ideas, in every status (also waiting and withdrawn)."""
        return super().list(request)

    @extend_schema(request=WithdrawSerializer, responses={200: IdeaSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        """The author withdraws her idea, with a reason shown on its page."""
        idea = self.get_object()
        data = WithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call_service(authoring.idea_withdraw, idea=idea, user=request.user, reason=data.validated_data["reason"])
        return self._fresh(idea)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post", "delete"])
    def follow(self, request: Request, pk: str | None = None) -> Response:
        """Follow the idea (POST) or stop following it (DELETE): status changes and answers by e-mail."""
        idea = self.get_object()
        if request.method == "DELETE":
            call_service(following.idea_unfollow, idea=idea, user=request.user)
        else:
            call_service(following.idea_follow, idea=idea, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CommentTextSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=3000)


@method_decorator(http_cache.public_for_anonymous(stamp=_comment_list), name="list")
@method_decorator(http_cache.public_for_anonymous(stamp=_one_comment), name="retrieve")
class CommentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[Comment]
):
    """Comments on ideas; filter with ``?idea=<id>``."""

    serializer_class = CommentSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    filter_backends: list[Any] = []
    rate_limited_actions = frozenset({"create"})

    @extend_schema(parameters=[OpenApiParameter("idea", OpenApiTypes.INT)])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Comment]:
        queryset = selectors.comments_visible_to(self.request.user).order_by("created_at", "id")
        idea = params.object_id(self.request.query_params, "idea", default=None)
        if idea is not None:
            queryset = queryset.filter(idea_id=idea)
        return queryset

    def perform_create(self, serializer: serializers.BaseSerializer[Comment]) -> None:
        data = serializer.validated_data
        idea = get_object_or_404(selectors.ideas_visible_to(self.request.user), pk=data["idea"].pk)
        parent = data.get("parent")
        check_abuse(self.request, "comment")
        try:
            comment = services.comment_create(
                idea=idea,
                author=self.request.user,  # type: ignore[arg-type]
                text=data["text"],
                parent=parent,
            )
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied(rules.comment_refusal(self.request.user, idea)) from error
        except DjangoValidationError as error:
            raise _translate(error) from error
        serializer.instance = comment

    @extend_schema(request=CommentTextSerializer, responses={200: CommentSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The author corrects her comment within 24 hours."""
        comment = self.get_object()
        data = CommentTextSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call_service(services.comment_edit, comment=comment, user=request.user, text=data.validated_data["text"])
        return Response(CommentSerializer(comment, context=self.get_serializer_context()).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The author deletes her comment; replies stay."""
        call_service(services.comment_delete, comment=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SupportViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet[Support]
):
    """The supports of the signed-in person: add one per idea, withdraw it again."""

    serializer_class = SupportSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Support]:
        return Support.objects.filter(user_id=self.request.user.pk or 0).order_by("-created_at")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        idea = get_object_or_404(selectors.ideas_visible_to(request.user), pk=serializer.validated_data["idea"].pk)
        try:
            support = services.support_add(idea=idea, user=request.user)  # type: ignore[arg-type]
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied(rules.support_refusal(request.user, idea)) from error
        return Response(self.get_serializer(support).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: Support) -> None:
        try:
            services.support_remove(idea=instance.idea, user=self.request.user)  # type: ignore[arg-type]
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied from error
