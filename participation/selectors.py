from __future__ import annotations

import datetime as dt
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, TruncWeek
from django.urls import reverse
from django.utils.formats import date_format

from participation import permissions
from participation.models import Category, Comment, Idea, Phase, Project, ProjectFollower, Report, Support

# Submitted ideas wait for approval; withdrawn ones were taken back by their authors.
PUBLIC_STATUSES = [s for s in Idea.Status.values if s not in (Idea.Status.SUBMITTED, Idea.Status.WITHDRAWN)]


def public_projects() -> QuerySet[Project]:
    return Project.objects.filter(visibility=Project.Visibility.PUBLIC).order_by("title")


def visible_projects(user: Any) -> QuerySet[Project]:
    moderated = permissions.moderated_project_ids(user)
    if moderated is None:
        return Project.objects.all()
    return Project.objects.filter(Q(visibility=Project.Visibility.PUBLIC) | Q(pk__in=moderated))


def project_for(user: Any, slug: str) -> Project | None:
    """The project with its phases and categories, or None if this person may not see it."""
    project = (
        visible_projects(user)
        .prefetch_related(
            Prefetch("phases", queryset=Phase.objects.order_by("starts_on")),
            Prefetch("categories", queryset=Category.objects.order_by("position", "name")),
        )
        .filter(slug=slug)
        .first()
    )
    return project


def _support_count() -> Coalesce:
    counts = Support.objects.filter(idea=OuterRef("pk")).order_by().values("idea").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def _comment_count() -> Coalesce:
    counts = (
        Comment.objects.filter(idea=OuterRef("pk"), is_deleted=False, is_hidden=False, hidden_by_reports=False)
        .order_by()
        .values("idea")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def ideas_with_counts(queryset: QuerySet[Idea] | None = None) -> QuerySet[Idea]:
    base = queryset if queryset is not None else Idea.objects.all()
    return base.select_related("category", "author", "project").annotate(
        support_count=_support_count(), comment_count=_comment_count()
    )


def public_ideas(project: Project) -> QuerySet[Idea]:
    return Idea.objects.filter(project=project, status__in=PUBLIC_STATUSES, is_hidden=False, hidden_by_reports=False)


def ideas_for(user: Any, project: Project) -> QuerySet[Idea]:
    """Ideas this person may see in a project, with support and comment counts."""
    if permissions.can_moderate(user, project):
        base = Idea.objects.filter(project=project)
    else:
        visible = Q(status__in=PUBLIC_STATUSES, is_hidden=False, hidden_by_reports=False)
        if getattr(user, "is_authenticated", False):
            visible |= Q(status=Idea.Status.SUBMITTED, is_hidden=False, author_id=user.pk)
        base = Idea.objects.filter(visible, project=project)
    queryset = ideas_with_counts(base)
    if getattr(user, "is_authenticated", False):
        queryset = queryset.annotate(
            supported_by_me=Exists(Support.objects.filter(idea=OuterRef("pk"), user_id=user.pk))
        )
    else:
        queryset = queryset.annotate(supported_by_me=Value(False))
    return queryset


def idea_search(queryset: QuerySet[Idea], text: str) -> QuerySet[Idea]:
    text = text.strip()
    if not text:
        return queryset
    partial = Q(title__icontains=text) | Q(description__icontains=text) | Q(location_text__icontains=text)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector("title", weight="A", config="german") + SearchVector(
            "description", weight="B", config="german"
        )
        return queryset.annotate(search_vector=vector).filter(
            partial | Q(search_vector=SearchQuery(text, config="german", search_type="websearch"))
        )
    return queryset.filter(partial)


SORTS: dict[str, list[str]] = {
    "newest": ["-created_at", "-id"],
    "supported": ["-support_count", "-created_at", "-id"],
    "discussed": ["-comment_count", "-created_at", "-id"],
}


def idea_sort(queryset: QuerySet[Idea], sort: str) -> QuerySet[Idea]:
    return queryset.order_by(*SORTS.get(sort, SORTS["newest"]))


def similar_ideas(user: Any, project: Project, title: str, *, limit: int = 5) -> list[Idea]:
    words = [w for w in re.findall(r"\w+", title.lower()) if len(w) >= 4][:6]
    if not words:
        return []
    condition = Q()
    for word in words:
        condition |= Q(title__icontains=word)
    return list(ideas_for(user, project).filter(condition).order_by("-created_at")[:limit])


def idea_for(user: Any, project: Project, pk: int) -> Idea | None:
    return ideas_for(user, project).filter(pk=pk).first()


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment] = field(default_factory=list)


def comment_threads(idea: Idea) -> list[Thread]:
    """Comments with their replies, in two levels, read with one query."""
    comments = list(idea.comments.select_related("author").order_by("created_at", "id"))
    threads: OrderedDict[int, Thread] = OrderedDict()
    for comment in comments:
        comment.idea = idea
        if comment.parent_id is None:
            threads[comment.pk] = Thread(comment)
    for comment in comments:
        if comment.parent_id is not None and comment.parent_id in threads:
            threads[comment.parent_id].replies.append(comment)
    return list(threads.values())


def is_following(user: Any, project: Project) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return ProjectFollower.objects.filter(project=project, user_id=user.pk).exists()


def moderated_projects(user: Any) -> QuerySet[Project]:
    moderated = permissions.moderated_project_ids(user)
    if moderated is None:
        return Project.objects.all()
    return Project.objects.filter(pk__in=moderated)


def ideas_awaiting_approval(projects: QuerySet[Project]) -> QuerySet[Idea]:
    return (
        Idea.objects.filter(project__in=projects)
        .filter(Q(status=Idea.Status.SUBMITTED, is_hidden=False) | Q(hidden_by_reports=True))
        .select_related("project", "category", "author")
        .order_by("created_at", "id")
    )


def open_reports(projects: QuerySet[Project]) -> QuerySet[Report]:
    return (
        Report.objects.filter(status=Report.Status.OPEN)
        .filter(Q(idea__project__in=projects) | Q(comment__idea__project__in=projects))
        .select_related("idea__project", "comment__idea__project", "comment__author", "idea__author", "reporter")
        .order_by("created_at", "id")
    )


def geojson_for(user: Any, project: Project) -> dict[str, Any]:
    """All located ideas this person may see, as GeoJSON points.

    A project can hold thousands of ideas, so this reads only the columns the map needs
    and counts supports and comments with one grouped query each: per-idea subqueries and
    model instances made this page take seconds at 10,000 ideas (see BENCHMARKS.md).
    """
    ideas = (
        ideas_for(user, project)
        .filter(location_lat__isnull=False, location_lon__isnull=False)
        .order_by("-created_at")
        .values_list("pk", "title", "location_lat", "location_lon", "category__name", "status")
    )
    in_project = Q(idea__project=project)
    supports = dict(
        Support.objects.filter(in_project)
        .order_by()
        .values("idea_id")
        .annotate(n=Count("pk"))
        .values_list("idea_id", "n")
    )
    comments = dict(
        Comment.objects.filter(in_project, is_deleted=False, is_hidden=False, hidden_by_reports=False)
        .order_by()
        .values("idea_id")
        .annotate(n=Count("pk"))
        .values_list("idea_id", "n")
    )
    statuses = dict(Idea.Status.choices)
    # One reverse() instead of one per idea; the placeholder is swapped for each id.
    placeholder = 2_147_483_647
    url_head, _placeholder, url_tail = reverse(
        "participation:idea-detail", kwargs={"slug": project.slug, "pk": placeholder}
    ).rpartition(str(placeholder))
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "id": pk,
                "title": title,
                "url": f"{url_head}{pk}{url_tail}",
                "category": category or "",
                "status": str(statuses.get(status, status)),
                "supports": supports.get(pk, 0),
                "comments": comments.get(pk, 0),
            },
        }
        for pk, title, lat, lon, category, status in ideas
    ]
    return {"type": "FeatureCollection", "features": features}


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    percent: int


def _bars(rows: list[tuple[str, int]]) -> list[Bar]:
    top = max((value for _label, value in rows), default=0)
    return [Bar(label, value, round(100 * value / top) if top else 0) for label, value in rows]


@dataclass
class Results:
    top_ideas: list[Idea]
    by_category: list[Bar]
    by_source: list[Bar]
    over_time: list[Bar]
    answered: list[Idea]
    idea_total: int
    support_total: int
    comment_total: int


def project_results(project: Project) -> Results:
    public = public_ideas(project)
    top = list(ideas_with_counts(public).order_by(*SORTS["supported"])[:10])
    category_names = {c.pk: c.name for c in project.categories.all()}
    category_rows = public.order_by().values("category_id").annotate(n=Count("pk")).order_by("-n")
    by_category = [(category_names.get(row["category_id"], "–"), row["n"]) for row in category_rows]
    source_labels = dict(Idea.Source.choices)
    source_rows = public.order_by().values("source").annotate(n=Count("pk")).order_by("-n")
    by_source = [(str(source_labels.get(row["source"], row["source"])), row["n"]) for row in source_rows]
    week_rows = (
        public.annotate(week=TruncWeek("created_at")).order_by().values("week").annotate(n=Count("pk")).order_by("week")
    )
    over_time = [(_week_label(row["week"]), row["n"]) for row in week_rows]
    answered = list(public.exclude(feedback="").select_related("category").order_by("-feedback_at", "-id"))
    return Results(
        top_ideas=top,
        by_category=_bars(by_category),
        by_source=_bars(by_source),
        over_time=_bars(over_time),
        answered=answered,
        idea_total=public.count(),
        support_total=Support.objects.filter(idea__in=public).count(),
        comment_total=Comment.objects.filter(
            idea__in=public, is_deleted=False, is_hidden=False, hidden_by_reports=False
        ).count(),
    )


def _week_label(week: dt.datetime | dt.date | None) -> str:
    """The week as its dates, Monday to Sunday ("13.10.2025 – 19.10.2025"): nobody reads "2025-W42"."""
    if week is None:
        return "–"
    day = week.date() if isinstance(week, dt.datetime) else week
    monday = day - dt.timedelta(days=day.weekday())
    sunday = monday + dt.timedelta(days=6)
    return f"{date_format(monday, 'SHORT_DATE_FORMAT')} – {date_format(sunday, 'SHORT_DATE_FORMAT')}"


def export_ideas(project: Project) -> QuerySet[Idea]:
    return ideas_with_counts(Idea.objects.filter(project=project)).order_by("created_at", "id")


def export_comments(project: Project) -> QuerySet[Comment]:
    return (
        Comment.objects.filter(idea__project=project)
        .select_related("idea", "author", "parent")
        .order_by("idea_id", "created_at", "id")
    )


def ideas_visible_to(user: Any) -> QuerySet[Idea]:
    """Ideas of all projects this person may see, for the API."""
    moderated = permissions.moderated_project_ids(user)
    if moderated is None:
        base = Idea.objects.all()
    else:
        public_project = Q(project__visibility=Project.Visibility.PUBLIC)
        visible = public_project & Q(status__in=PUBLIC_STATUSES, is_hidden=False, hidden_by_reports=False)
        if getattr(user, "is_authenticated", False):
            visible |= public_project & Q(status=Idea.Status.SUBMITTED, is_hidden=False, author_id=user.pk)
            visible |= Q(project_id__in=moderated)
        base = Idea.objects.filter(visible)
    return ideas_with_counts(base).prefetch_related("project__phases")


def comments_visible_to(user: Any) -> QuerySet[Comment]:
    return Comment.objects.filter(idea__in=ideas_visible_to(user).values("pk")).select_related("author", "idea")
