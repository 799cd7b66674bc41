"""What moderators look at before deciding: the author's other ideas, similar ideas, the history of changes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.models import Idea, IdeaEdit, Project

# Short and very common words say nothing about whether two ideas are alike.
_STOP_WORDS = frozenset(
    {
        *("aber", "alle", "auch", "bitte", "dass", "dann", "eine", "einen", "einem", "einer", "fuer", "für"),
        *("hier", "mehr", "nicht", "noch", "oder", "sehr", "sich", "sind", "soll", "sollte", "über", "und"),
        *("unter", "viel", "vom", "von", "vor", "wäre", "wenn", "werden", "wird"),
        *("with", "that", "this", "from", "have", "there"),
    }
)
SIMILAR_CANDIDATES = 200


def _words(text: str) -> set[str]:
    return {word for word in re.findall(r"\w+", text.lower()) if len(word) >= 4 and word not in _STOP_WORDS}


@dataclass
class Similar:
    idea: Idea
    shared: list[str]


def similar_ideas(idea: Idea, *, limit: int = 5) -> list[Similar]:
    """Other ideas of the project that share words with this one's title, best match first.

    Words of the title count twice in the other idea's title and once in its description;
    duplicates already marked are left out (their original is listed instead).
    """
    title_words = _words(idea.title)
    words = title_words | set(sorted(_words(idea.description))[:8])
    if not words:
        return []
    condition = Q()
    for word in words:
        condition |= Q(title__icontains=word) | Q(description__icontains=word)
    candidates = (
        Idea.objects.filter(project_id=idea.project_id, duplicate_of__isnull=True)
        .filter(condition)
        .exclude(pk=idea.pk)
        .exclude(status=Idea.Status.WITHDRAWN)
        .order_by("-created_at")[:SIMILAR_CANDIDATES]
    )
    scored: list[tuple[int, Similar]] = []
    for candidate in candidates:
        in_title = _words(candidate.title)
        in_text = _words(candidate.description)
        shared = sorted(words & (in_title | in_text))
        score = 2 * len(title_words & in_title) + len(words & in_text)
        if score >= 2 or title_words & in_title:
            scored.append((score, Similar(candidate, shared)))
    scored.sort(key=lambda pair: (-pair[0], -pair[1].idea.pk))
    return [similar for _score, similar in scored[:limit]]


def other_ideas_of_the_author(idea: Idea, *, limit: int = 10) -> list[Idea]:
    if idea.author_id is None:
        return []
    return list(
        Idea.objects.filter(author_id=idea.author_id)
        .exclude(pk=idea.pk)
        .select_related("project")
        .order_by("-created_at", "-id")[:limit]
    )


def edit_history(idea: Idea) -> list[IdeaEdit]:
    return list(idea.edits.select_related("editor").order_by("-created_at", "-id"))


def recently_edited(projects: QuerySet[Project], *, days: int = 14, now: dt.datetime | None = None) -> list[Any]:
    """Published ideas their authors changed lately: moderators look at what others have already read."""
    since = (now or timezone.now()) - dt.timedelta(days=days)
    return list(
        IdeaEdit.objects.filter(idea__project__in=projects, created_at__gte=since)
        .exclude(idea__status__in=[Idea.Status.SUBMITTED, Idea.Status.WITHDRAWN])
        .select_related("idea__project", "editor")
        .order_by("-created_at", "-id")
    )


FIELD_LABELS = {
    "title": _("Title"),
    "description": _("Description"),
    "category": _("Category"),
    "location_text": _("Where exactly"),
    "location": _("Place on the map"),
    "image": _("Picture"),
}


@dataclass
class Change:
    label: str
    old: str
    new: str


def changes_of(edit: IdeaEdit) -> list[Change]:
    """The fields one edit changed, with readable names; pictures are named, not shown as file paths."""
    rows = []
    for field, (old, new) in edit.changes.items():
        if field == "image":
            old, new = (str(_("a picture")) if old else "–"), (str(_("a new picture")) if new else "–")
        rows.append(Change(str(FIELD_LABELS.get(field, field)), old or "–", new or "–"))
    return rows


def other_idea_counts(ideas: list[Idea]) -> list[int]:
    """For each idea, how many other ideas its author wrote (one grouped query for the whole queue)."""
    authors = {idea.author_id for idea in ideas if idea.author_id is not None}
    totals = dict(
        Idea.objects.filter(author_id__in=authors)
        .order_by()
        .values("author_id")
        .annotate(n=Count("pk"))
        .values_list("author_id", "n")
    )
    return [max(totals.get(idea.author_id, 0) - 1, 0) if idea.author_id else 0 for idea in ideas]
