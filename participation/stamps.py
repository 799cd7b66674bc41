"""Change stamps and stored counts, kept by the services in the same transaction as the change.

Cached fragments and page validators (ETag, Last-Modified) are keyed by three stamps:

- ``Comment.changed_at``: the comment was edited, deleted, hidden or shown again;
- ``Idea.updated_at``: the idea changed, or one of its comments or supports did;
- ``Project.content_changed_at``: anything the project's public pages show changed
  (its ideas, their comments and supports, phases, categories, the project itself).

A child's change touches its parents (comment -> idea -> project), in this order, so
that every writer takes the row locks in the same order. Nothing watches SQL: a write
that does not go through these functions leaves the stamps and counts as they were.

``Idea.support_count`` and ``Idea.comment_count`` (visible comments) move by F()
updates next to the change; ``Project.public_idea_count`` is counted again after the
project row is locked, so concurrent moderators cannot lose each other's change
(each statement reads a fresh snapshot under READ COMMITTED).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from participation.models import PUBLIC_IDEAS, Comment, Idea, Project, Support


def project_touch(*, project_id: int, recount: bool = False) -> None:
    """Move the project's stamp; ``recount`` after an idea may have become public or stopped being public."""
    # The first UPDATE locks the row; the count after it sees every change committed before.
    Project.objects.filter(pk=project_id).update(content_changed_at=timezone.now())
    if recount:
        public = (
            Idea.objects.filter(PUBLIC_IDEAS, project=OuterRef("pk"))
            .order_by()
            .values("project")
            .annotate(n=Count("pk"))
            .values("n")
        )
        Project.objects.filter(pk=project_id).update(
            public_idea_count=Coalesce(Subquery(public, output_field=IntegerField()), Value(0))
        )


def idea_touch(*, idea: Idea, supports: int = 0, comments: int = 0, recount: bool = False) -> None:
    """The idea or one of its children changed: move its stamp and its project's, adjust its counts."""
    changes: dict[str, Any] = {"updated_at": timezone.now()}
    if supports:
        changes["support_count"] = F("support_count") + supports
    if comments:
        changes["comment_count"] = F("comment_count") + comments
    Idea.objects.filter(pk=idea.pk).update(**changes)
    project_touch(project_id=idea.project_id, recount=recount)


@transaction.atomic
def idea_update(*, idea: Idea, **changes: Any) -> Idea:
    """Change fields of an idea under a row lock; recount the project's public ideas if that may have changed."""
    locked = Idea.objects.select_for_update(of=("self",)).get(pk=idea.pk)
    was_public = locked.is_public
    for name, value in changes.items():
        setattr(locked, name, value)
        setattr(idea, name, value)
    locked.save(update_fields=[*changes, "updated_at"])
    idea.updated_at = locked.updated_at
    project_touch(project_id=locked.project_id, recount=was_public != locked.is_public)
    return idea


@transaction.atomic
def comment_update(*, comment: Comment, **changes: Any) -> Comment:
    """Change fields of a comment under a row lock and keep its idea's count of visible comments."""
    locked = Comment.objects.select_for_update(of=("self",)).select_related("idea").get(pk=comment.pk)
    was_visible = locked.is_visible
    locked.changed_at = timezone.now()
    for name, value in [*changes.items(), ("changed_at", locked.changed_at)]:
        setattr(locked, name, value)
        setattr(comment, name, value)
    locked.save(update_fields=[*changes, "changed_at"])
    idea_touch(idea=locked.idea, comments=int(locked.is_visible) - int(was_visible))
    return comment


def person_erased(*, idea_ids: Iterable[int], comment_ids: Iterable[int], supported_idea_ids: Iterable[int]) -> None:
    """A deleted account's ideas and comments lost their author and its supports went: stamps and counts follow."""
    ideas, comments, supported = set(idea_ids), set(comment_ids), set(supported_idea_ids)
    now = timezone.now()
    if comments:
        Comment.objects.filter(pk__in=comments).update(changed_at=now)
        ideas |= set(Comment.objects.filter(pk__in=comments).values_list("idea_id", flat=True))
    # One support per person and idea, so each supported idea loses exactly one.
    Idea.objects.filter(pk__in=supported).update(support_count=F("support_count") - 1, updated_at=now)
    Idea.objects.filter(pk__in=ideas - supported).update(updated_at=now)
    projects = Idea.objects.filter(pk__in=ideas | supported).values_list("project_id", flat=True).distinct()
    for project_id in sorted(set(projects)):
        project_touch(project_id=project_id)


def _recount(ideas: Any) -> None:
    def counted(queryset: Any) -> Coalesce:
        rows = queryset.filter(idea=OuterRef("pk")).order_by().values("idea").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

    visible = Comment.objects.filter(is_deleted=False, is_hidden=False, hidden_by_reports=False)
    ideas.update(
        support_count=counted(Support.objects.all()), comment_count=counted(visible), updated_at=timezone.now()
    )


@transaction.atomic
def idea_counts_refresh(*, idea_ids: Iterable[int]) -> None:
    """Count some ideas' supports and visible comments again from the rows and move their stamps.

    The services keep these counts themselves; this is for writes around them (the admin,
    bulk loads, repairs).
    """
    ideas = Idea.objects.filter(pk__in=list(idea_ids))
    _recount(ideas)
    for project_id in sorted(set(ideas.values_list("project_id", flat=True))):
        project_touch(project_id=project_id)


@transaction.atomic
def counts_refresh(*, project: Project) -> None:
    """Count all of a project's supports, visible comments and public ideas again (after a bulk load)."""
    _recount(Idea.objects.filter(project=project))
    project_touch(project_id=project.pk, recount=True)
