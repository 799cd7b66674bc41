from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, cast

from django.db import connection
from django.db.models import (
    Count,
    Max,
    Model,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import TruncWeek
from django.utils.formats import date_format

from accounts.models import User
from core import rawread
from core.paging import Page, page_number
from participation import permissions
from participation.models import (
    PUBLIC_IDEAS,
    Category,
    Comment,
    Idea,
    Phase,
    Project,
    ProjectFollower,
    Report,
)
from participation.phases import attach as attach_phases


def public_projects() -> QuerySet[Project]:
    return Project.objects.filter(visibility=Project.Visibility.PUBLIC).order_by("title")


def visible_projects(user: Any) -> QuerySet[Project]:
    moderated = permissions.moderated_project_ids(user)
    if moderated is None:
        return Project.objects.all()
    return Project.objects.filter(Q(visibility=Project.Visibility.PUBLIC) | Q(pk__in=moderated))


def project_for(user: Any, slug: str, *, phases: bool = True, categories: bool = False) -> Project | None:
    """The project (with its phases unless told otherwise, with its categories if asked), or None if this
    person may not see it.

    The same rule as ``visible_projects``, as one fixed statement (``core.rawread``: every page of a
    project reads it, and building the ORM query cost more than the rest of the read). Phases and
    categories come in the same statement, one row each (one row per pair when both are asked): a
    statement more cost more than the repeated columns. ``project.phases.all()`` and
    ``categories_of(project)`` answer from them.
    """
    moderated = permissions.moderated_project_ids(user)
    rule = ""
    params: list[Any] = [slug]
    if moderated is not None:
        ids = sorted(moderated)
        own = f' OR p."id" IN ({", ".join(["%s"] * len(ids))})' if ids else ""
        rule = f' AND (p."visibility" = %s{own})'
        params += [Project.Visibility.PUBLIC.value, *ids]
    columns, joins, order = [rawread.columns(Project, "p")], [], []
    if phases:
        columns.append(rawread.columns(Phase, "ph"))
        joins.append('LEFT JOIN "participation_phase" ph ON ph."project_id" = p."id"')
        order.append('ph."starts_on"')
    if categories:
        columns.append(rawread.columns(Category, "c"))
        joins.append('LEFT JOIN "participation_category" c ON c."project_id" = p."id"')
        order += ['c."position"', 'c."name"']
    sql = (
        f'SELECT {", ".join(columns)} FROM "participation_project" p {" ".join(joins)}'  # noqa: S608
        f' WHERE p."slug" = %s{rule}{" ORDER BY " + ", ".join(order) if order else ""}'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    if not found:
        return None
    project = rawread.build(Project, found[0])
    at = len(Project._meta.concrete_fields)
    if phases:
        attach_phases(project, _distinct(Phase, found, at))
        at += len(Phase._meta.concrete_fields)
    if categories:
        rows = _distinct(Category, found, at)
        for category in rows:
            category.project = project  # as a prefetch sets it
        kept = project.categories.all()
        kept._result_cache = rows
        kept._prefetch_done = True  # type: ignore[attr-defined]
        project.__dict__.setdefault("_prefetched_objects_cache", {})["categories"] = kept
    return project


def _distinct[M: Model](model: type[M], found: list[tuple[Any, ...]], at: int) -> list[M]:
    """The instances of ``model`` whose columns start at ``at`` in the rows of a join, once each, in order."""
    seen: set[Any] = set()
    built = []
    for row in found:
        if row[at] is not None and row[at] not in seen:
            seen.add(row[at])
            built.append(rawread.build(model, row, at))
    return built


def public_project_stamp(slug: str) -> dt.datetime | None:
    """When anything on a public project's pages last changed; None for drafts and unknown slugs."""
    stamps = (
        Project.objects.filter(slug=slug, visibility=Project.Visibility.PUBLIC)
        .order_by()
        .values_list("content_changed_at", flat=True)
    )
    return next(iter(stamps), None)


def public_idea_stamp(slug: str | None, pk: int | str) -> dt.datetime | None:
    """When a public idea (with its comments and supports) last changed; None unless it is public."""
    ideas = Idea.objects.filter(PUBLIC_IDEAS, pk=pk, project__visibility=Project.Visibility.PUBLIC)
    if slug is not None:
        ideas = ideas.filter(project__slug=slug)
    return next(iter(ideas.order_by().values_list("updated_at", flat=True)), None)


def public_comment_stamp(pk: int | str) -> dt.datetime | None:
    """A comment changes its idea's stamp: the idea's stamp, if the idea is public."""
    ideas = Idea.objects.filter(PUBLIC_IDEAS, comments__pk=int(pk), project__visibility=Project.Visibility.PUBLIC)
    return next(iter(ideas.order_by().values_list("updated_at", flat=True)), None)


def public_projects_stamp() -> dt.datetime | None:
    """When anything on any public project last changed (for lists across projects)."""
    latest: dt.datetime | None = Project.objects.filter(visibility=Project.Visibility.PUBLIC).aggregate(
        latest=Max("content_changed_at")
    )["latest"]
    return latest or dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def idea_rows(queryset: QuerySet[Idea] | None = None) -> QuerySet[Idea]:
    """Ideas with what lists show of them; support and comment counts are stored on the row."""
    base = queryset if queryset is not None else Idea.objects.all()
    return base.select_related("category", "author", "project")


def public_ideas(project: Project) -> QuerySet[Idea]:
    return Idea.objects.filter(PUBLIC_IDEAS, project=project)


def ideas_for(user: Any, project: Project) -> QuerySet[Idea]:
    """Ideas this person may see in a project: public ones, one's own waiting ones, all for moderators."""
    if permissions.can_moderate(user, project):
        return Idea.objects.filter(project=project)
    visible = PUBLIC_IDEAS
    if getattr(user, "is_authenticated", False):
        visible |= Q(status=Idea.Status.SUBMITTED, is_hidden=False, author_id=user.pk)
    return Idea.objects.filter(visible, project=project)


def categories_of(project: Project) -> list[Category]:
    """The project's categories in their order (``Category.Meta.ordering``), by one fixed statement unless
    they were read with the project (``project_for``)."""
    if "categories" in project.__dict__.get("_prefetched_objects_cache", {}):
        return list(project.categories.all())
    table = '"participation_category"'
    tail = f'WHERE {table}."project_id" = %s ORDER BY {table}."position" ASC, {table}."name" ASC'
    return rawread.rows(Category, tail, [project.pk])


def idea_list_total(user: Any, project: Project, matches: Callable[[], QuerySet[Idea]], *, narrowed: bool) -> int:
    """How many ideas the list holds for this person, without counting all of a project's ideas.

    The public ideas are counted by the services (``Project.public_idea_count``); a person
    also sees their own ideas awaiting approval. Narrowed lists and moderators' lists count
    their matches (``matches`` builds the queryset only then), up to COUNT_CAP + 1.
    """
    if narrowed or permissions.can_moderate(user, project):
        return count_capped(matches())
    return project.public_idea_count + own_waiting_count(user, project)


def own_waiting_count(user: Any, project: Project) -> int:
    """How many of this person's ideas in the project wait for approval (listed to them with the public ones)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    # One fixed statement: asked on every signed-in list page (the ORM's count cost ~1,300 calls).
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT COUNT(*) FROM "participation_idea" WHERE "author_id" = %s AND NOT "is_hidden"'
            ' AND "project_id" = %s AND "status" = %s',
            [user.pk, project.pk, Idea.Status.SUBMITTED.value],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


# Beyond this many matches a filtered list says "more than 1,000 ideas" instead of counting on.
COUNT_CAP = 1000


def count_capped(queryset: QuerySet[Any]) -> int:
    """The number of rows, but reading at most ``COUNT_CAP + 1`` of them."""
    return queryset.order_by()[: COUNT_CAP + 1].count()


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


_IDEA = '"participation_idea"'
# ``SORTS`` as SQL, in the same order (the partial indexes idea_public_* serve the public list).
_SORT_SQL = {
    key: ", ".join(f'{_IDEA}."{name.lstrip("-")}"' + (" DESC" if name.startswith("-") else " ASC") for name in names)
    for key, names in SORTS.items()
}


def _visible_sql(user: Any, project: Project) -> tuple[str, list[Any]]:
    """``ideas_for``'s rule as SQL on the idea table (written as the ORM writes it, so that PostgreSQL
    matches the partial indexes' condition)."""
    if permissions.can_moderate(user, project):
        return f'{_IDEA}."project_id" = %s', [project.pk]
    submitted, withdrawn = Idea.Status.SUBMITTED.value, Idea.Status.WITHDRAWN.value
    public = f'NOT {_IDEA}."hidden_by_reports" AND NOT {_IDEA}."is_hidden" AND NOT ({_IDEA}."status" IN (%s, %s))'
    if not getattr(user, "is_authenticated", False):
        return f'{public} AND {_IDEA}."project_id" = %s', [submitted, withdrawn, project.pk]
    own = f'{_IDEA}."author_id" = %s AND NOT {_IDEA}."is_hidden" AND {_IDEA}."status" = %s'
    return (
        f'(({public}) OR ({own})) AND {_IDEA}."project_id" = %s',
        [submitted, withdrawn, user.pk, submitted, project.pk],
    )


class ListedIdea(NamedTuple):
    """An idea as a card of the list shows it: the columns the card reads, no model instance.

    Twenty a page: building ``Idea`` instances (``Model.__init__`` and a ``setattr`` for each of
    its 25 fields) cost about a tenth of the anonymous list page.
    """

    pk: int
    title: str
    description: str
    category_id: int | None
    status: str
    source: str
    is_hidden: bool
    hidden_by_reports: bool
    duplicate_of_id: int | None
    support_count: int
    comment_count: int
    updated_at: dt.datetime


_LISTED_COLUMNS = ", ".join(f'{_IDEA}."{name}"' for name in ("id", *ListedIdea._fields[1:]))


def _listed_idea(row: tuple[Any, ...]) -> ListedIdea:
    """A row from a driver that answers text dates and 0/1 (SQLite) as PostgreSQL answers it."""
    (pk, title, text, category, status, source, hidden, reported, original, supports, comments, updated) = row
    moment = cast(dt.datetime, rawread.moment(updated))
    return ListedIdea(
        pk, title, text, category, status, source, bool(hidden), bool(reported), original, supports, comments, moment
    )


@dataclass(frozen=True)
class ListedIdeas:
    """The idea list without a search: ``ideas_for`` narrowed by category, status and source in one of the
    ``SORTS``, read per slice by one fixed statement (``core.paging.page_of`` slices it once). The ORM's
    query building cost about 4,000 Python calls per list page; a search keeps the ORM
    (``filters.IdeaListQuery.apply``)."""

    user: Any
    project: Project
    category: int | None = None
    status: str = ""
    source: str = ""
    sort: str = "newest"

    def __getitem__(self, window: slice) -> list[ListedIdea]:
        where, params = _visible_sql(self.user, self.project)
        for column, value in (("category_id", self.category), ("status", self.status), ("source", self.source)):
            if value:
                where += f' AND {_IDEA}."{column}" = %s'
                params.append(value)
        order = _SORT_SQL.get(self.sort, _SORT_SQL["newest"])
        start = window.start or 0
        sql = f"SELECT {_LISTED_COLUMNS} FROM {_IDEA} WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, window.stop - start, start])
            found = cursor.fetchall()
        # PostgreSQL answers aware datetimes and booleans, as the row type holds them.
        make = ListedIdea._make if connection.vendor == "postgresql" else _listed_idea
        return [make(row) for row in found]


def similar_ideas(user: Any, project: Project, title: str, *, limit: int = 5) -> list[Idea]:
    words = [w for w in re.findall(r"\w+", title.lower()) if len(w) >= 4][:6]
    if not words:
        return []
    condition = Q()
    for word in words:
        condition |= Q(title__icontains=word)
    return list(ideas_for(user, project).filter(condition).order_by("-created_at")[:limit])


def idea_for(user: Any, project: Project, pk: int) -> Idea | None:
    """The idea if this person may see it, with its category, author and whether the person supports it.

    In the same query: whether other ideas are marked as its duplicates and when its author
    last changed it (the page says both), and for a signed-in person whether they follow it.
    Written as one fixed statement (``core.rawread``): building it with the ORM cost about 5,000
    Python calls on every idea page. The rule is ``ideas_for``'s: everything for moderators,
    else the public ideas (``PUBLIC_IDEAS``) and one's own ideas awaiting approval.
    """
    facts, params = _idea_columns(user)
    params += [pk, project.pk]
    rule = ""
    if not permissions.can_moderate(user, project):
        visible, visible_params = _idea_rule(user)
        rule = f" AND {visible}"
        params += visible_params
    sql = f"""
        SELECT {facts}
          FROM "participation_idea" i
          LEFT JOIN "participation_category" c ON c."id" = i."category_id"
          LEFT JOIN "accounts_user" u ON u."id" = i."author_id"
         WHERE i."id" = %s AND i."project_id" = %s{rule}
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else _built_idea(user, row, 0)[0]


def idea_page(user: Any, slug: str, pk: int) -> tuple[Project | None, Idea | None]:
    """An idea page's project (as ``project_for`` reads it, with its phases) and idea (as ``idea_for`` reads it).

    One fixed statement instead of three (project, idea, phases): each statement costs the
    database its parse and plan and Python its round trip, and every idea page needs all three
    (the phases say why one cannot support or comment yet). The phases come as one row each, with
    the project and idea repeated; the idea is None when this person may not see it.

    The page shows only the names of the idea's category and author: they are read by their
    primary keys in scalar subqueries, and ``idea.category`` and ``idea.author`` hold only the id
    and name (the other fields deferred, as ``.only()`` defers them). Joining both tables let
    PostgreSQL spend about 0.4 ms more planning the statement than running it.
    """
    moderated = permissions.moderated_project_ids(user)
    facts, params = _idea_columns(user, names_only=True)
    params.append(pk)
    idea_rule = project_rule = ""
    project_params: list[Any] = []
    if moderated is not None:
        ids = sorted(moderated)
        visible, visible_params = _idea_rule(user)
        if ids:
            own = f'p."id" IN ({", ".join(["%s"] * len(ids))})'
            idea_rule = f" AND ({own} OR {visible})"
            project_rule = f' AND (p."visibility" = %s OR {own})'
            params += [*ids, *visible_params]
            project_params = [Project.Visibility.PUBLIC.value, *ids]
        else:
            idea_rule = f" AND {visible}"
            project_rule = ' AND p."visibility" = %s'
            params += visible_params
            project_params = [Project.Visibility.PUBLIC.value]
    sql = f"""
        SELECT {rawread.columns(Project, "p")}, {facts}, {rawread.columns(Phase, "ph")}
          FROM "participation_project" p
          LEFT JOIN "participation_idea" i ON i."id" = %s AND i."project_id" = p."id"{idea_rule}
          LEFT JOIN "participation_phase" ph ON ph."project_id" = p."id"
         WHERE p."slug" = %s{project_rule}
         ORDER BY ph."starts_on"
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, slug, *project_params])
        found = cursor.fetchall()
    if not found:
        return None, None
    project = rawread.build(Project, found[0])
    idea, at = _built_idea(user, found[0], len(Project._meta.concrete_fields), names_only=True)
    attach_phases(project, [rawread.build(Phase, row, at) for row in found if row[at] is not None])
    return project, idea


def _idea_columns(user: Any, *, names_only: bool = False) -> tuple[str, list[Any]]:
    """The columns of an idea page's idea (alias ``i``; its category ``c`` and author ``u`` joined, or only
    their names read by subqueries) and its facts, with their parameters."""
    params: list[Any] = []
    mine = ""
    if getattr(user, "is_authenticated", False):
        mine = """,
            EXISTS (SELECT 1 FROM "participation_support" s WHERE s."idea_id" = i."id" AND s."user_id" = %s),
            EXISTS (SELECT 1 FROM "participation_ideafollower" f
                     WHERE f."idea_id" = i."id" AND f."user_id" = %s AND f."following")"""
        params += [user.pk, user.pk]
    joined = f"{rawread.columns(Category, 'c')}, {rawread.columns(User, 'u')}"
    if names_only:
        joined = """(SELECT c."name" FROM "participation_category" c WHERE c."id" = i."category_id"),
               (SELECT u."display_name" FROM "accounts_user" u WHERE u."id" = i."author_id")"""
    columns = f"""{rawread.columns(Idea, "i")}, {joined},
               EXISTS (SELECT 1 FROM "participation_idea" d WHERE d."duplicate_of_id" = i."id"),
               (SELECT e."created_at" FROM "participation_ideaedit" e
                 WHERE e."idea_id" = i."id" ORDER BY e."created_at" DESC LIMIT 1){mine}"""  # noqa: S608
    return columns, params


def _idea_rule(user: Any) -> tuple[str, list[Any]]:
    """``ideas_for``'s rule for people who do not moderate the project: public ideas and one's own waiting ones."""
    rule = """((NOT i."is_hidden" AND NOT i."hidden_by_reports" AND i."status" NOT IN (%s, %s))"""
    params: list[Any] = [Idea.Status.SUBMITTED.value, Idea.Status.WITHDRAWN.value]
    if getattr(user, "is_authenticated", False):
        rule += """ OR (i."status" = %s AND NOT i."is_hidden" AND i."author_id" = %s)"""
        params += [Idea.Status.SUBMITTED.value, user.pk]
    return rule + ")", params


def _built_idea(user: Any, row: Sequence[Any], at: int, *, names_only: bool = False) -> tuple[Idea | None, int]:
    """The idea of ``_idea_columns`` from ``row[at:]`` (None if the row has none), and where its columns end."""
    signed_in = bool(getattr(user, "is_authenticated", False))
    joined = 2 if names_only else len(Category._meta.concrete_fields) + len(User._meta.concrete_fields)
    end = at + len(Idea._meta.concrete_fields) + joined + (4 if signed_in else 2)
    if row[at] is None:
        return None, end
    idea = rawread.build(Idea, row, at)
    at += len(Idea._meta.concrete_fields)
    if names_only:
        db = connection.alias
        category, author = idea.category_id, idea.author_id
        idea.category = None if category is None else Category.from_db(db, ["id", "name"], [category, row[at]])
        idea.author = None if author is None else User.from_db(db, ["id", "display_name"], [author, row[at + 1]])
        at += 2
    else:
        idea.category = rawread.build(Category, row, at) if idea.category_id is not None else None
        at += len(Category._meta.concrete_fields)
        idea.author = rawread.build(User, row, at) if idea.author_id is not None else None
        at += len(User._meta.concrete_fields)
    idea.has_duplicates = bool(row[at])  # type: ignore[attr-defined]
    idea.last_edited_at = rawread.moment(row[at + 1])  # type: ignore[attr-defined]
    idea.supported_by_me = bool(row[at + 2]) if signed_in else False  # type: ignore[attr-defined]
    idea.followed_by_me = bool(row[at + 3]) if signed_in else False  # type: ignore[attr-defined]
    return idea, end


class CommentRow(NamedTuple):
    """A comment as an idea page shows it: its own columns and its author's name, no model instance.

    The idea page reads thirty of these per request; a ``Comment`` built by the ORM cost about
    twenty Python calls each (``Model.__init__``, ``from_db``, descriptor sets) for facts the
    page only reads. ``permissions.CommentRights`` answers from these fields as from a ``Comment``.
    """

    pk: int
    parent_id: int | None
    author_id: int | None
    author_name: str | None  # None without an author (deleted account) or without a name
    text: str
    created_at: dt.datetime
    edited_at: dt.datetime | None
    is_deleted: bool
    is_hidden: bool
    hidden_reason: str
    hidden_by_reports: bool
    changed_at: dt.datetime

    @property
    def is_visible(self) -> bool:
        return not (self.is_deleted or self.is_hidden or self.hidden_by_reports)


@dataclass
class Thread:
    comment: CommentRow
    replies: list[CommentRow] = field(default_factory=list)


THREADS_PER_PAGE = 20


# One page of an idea's threads: its top-level comments in order (from the partial index
# comment_thread_order) and the replies to them, each with its author's name. The name is a
# scalar subquery on the user's primary key: a join let PostgreSQL hash all users (a sequential
# scan of accounts_user on every idea page) to find the names of thirty authors.
_THREADS_SQL = """
SELECT c.id, c.parent_id, c.author_id, (SELECT u.display_name FROM {user} u WHERE u.id = c.author_id),
       c.text, c.created_at, c.edited_at, c.is_deleted, c.is_hidden, c.hidden_reason, c.hidden_by_reports,
       c.changed_at
FROM {comment} c
WHERE c.idea_id = %s AND (c.id IN ({page}) OR c.parent_id IN ({page}))
ORDER BY c.created_at, c.id
"""
_THREAD_PAGE_SQL = (
    "SELECT id FROM {comment} WHERE idea_id = %s AND parent_id IS NULL ORDER BY created_at, id LIMIT %s OFFSET %s"
)


def _comment_row(row: tuple[Any, ...]) -> CommentRow:
    """A row of ``_THREADS_SQL`` from a database whose driver answers text dates and 0/1 (SQLite)."""
    (pk, parent_id, author_id, name, text, created, edited, deleted, hidden, reason, reported, changed) = row
    return CommentRow(
        pk,
        parent_id,
        author_id,
        name,
        text,
        cast(dt.datetime, rawread.moment(created)),
        rawread.moment(edited),
        bool(deleted),
        bool(hidden),
        reason,
        bool(reported),
        cast(dt.datetime, rawread.moment(changed)),
    )


def comment_threads(idea: Idea, *, page: Any = 1, size: int = THREADS_PER_PAGE) -> Page[Thread]:
    """One page of an idea's threads (a comment with its replies), read with one fixed statement.

    Each comment is a ``CommentRow`` carrying its author's name (None without an author).
    """
    number = page_number(page)
    offset = (number - 1) * size
    user_table = Comment._meta.get_field("author").related_model._meta.db_table
    page_sql = _THREAD_PAGE_SQL.format(comment=Comment._meta.db_table)
    sql = _THREADS_SQL.format(comment=Comment._meta.db_table, user=user_table, page=page_sql)
    window = [idea.pk, size + 1, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, [idea.pk, *window, *window])
        fetched = cursor.fetchall()
    # PostgreSQL answers aware datetimes and booleans, as the row type holds them.
    make = CommentRow._make if connection.vendor == "postgresql" else _comment_row
    threads: dict[int, Thread] = {}
    replies: list[CommentRow] = []
    for row in fetched:
        comment = make(row)
        if comment.parent_id is None:
            threads[comment.pk] = Thread(comment)
        else:
            replies.append(comment)
    for reply in replies:
        threads[reply.parent_id].replies.append(reply)  # type: ignore[index]
    ordered = list(threads.values())
    return Page(items=ordered[:size], number=number, has_next=len(ordered) > size, size=size)


def thread_page(comment: Comment, *, size: int = THREADS_PER_PAGE) -> int:
    """The page of the idea's threads that shows this comment (a reply shows with its thread)."""
    top = comment.parent if comment.parent_id is not None and comment.parent is not None else comment
    earlier = Comment.objects.filter(idea_id=top.idea_id, parent__isnull=True).filter(
        Q(created_at__lt=top.created_at) | Q(created_at=top.created_at, id__lt=top.pk)
    )
    return earlier.count() // size + 1


def is_following(user: Any, project: Project) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    # Asked on every project page of a signed-in person: a fixed statement instead of an ORM query.
    table = connection.ops.quote_name(ProjectFollower._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} WHERE project_id = %s AND user_id = %s", [project.pk, user.pk])  # noqa: S608
        return cursor.fetchone() is not None


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
    top = list(idea_rows(public).order_by(*SORTS["supported"])[:10])
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
    # Supports and visible comments are stored on each idea: one pass over the public ideas.
    totals = public.aggregate(ideas=Count("pk"), supports=Sum("support_count"), comments=Sum("comment_count"))
    return Results(
        top_ideas=top,
        by_category=_bars(by_category),
        by_source=_bars(by_source),
        over_time=_bars(over_time),
        answered=answered,
        idea_total=totals["ideas"],
        support_total=totals["supports"] or 0,
        comment_total=totals["comments"] or 0,
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
    return idea_rows(Idea.objects.filter(project=project)).order_by("created_at", "id")


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
        visible = public_project & PUBLIC_IDEAS
        if getattr(user, "is_authenticated", False):
            visible |= public_project & Q(status=Idea.Status.SUBMITTED, is_hidden=False, author_id=user.pk)
            visible |= Q(project_id__in=moderated)
        base = Idea.objects.filter(visible)
    return idea_rows(base).prefetch_related("project__phases")


def comments_visible_to(user: Any) -> QuerySet[Comment]:
    return Comment.objects.filter(idea__in=ideas_visible_to(user).values("pk")).select_related("author", "idea")
