"""The idea filters shared by the web list and the API."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import django_filters  # type: ignore[import-untyped]
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.paging import Sliceable
from participation import selectors
from participation.models import Category, Idea, Project

SORT_CHOICES = [("newest", _("newest")), ("supported", _("most supported")), ("discussed", _("most discussed"))]


class IdeaFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=Category.objects.all(), empty_label=_("All categories")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Idea.Status.choices, empty_label=_("All statuses"))
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Idea.Source.choices, empty_label=_("All sources"))
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        empty_label=None,
        method="filter_sort",
    )

    class Meta:
        model = Idea
        fields = ["q", "category", "status", "source", "sort"]

    def __init__(self, *args: Any, project: Project | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if project is not None:
            # Reuses the prefetched categories of the project, no extra query.
            self.filters["category"].queryset = Category.objects.filter(project=project)

    def filter_search(self, queryset: QuerySet[Idea], name: str, value: str) -> QuerySet[Idea]:
        return selectors.idea_search(queryset, value)

    def filter_sort(self, queryset: QuerySet[Idea], name: str, value: str) -> QuerySet[Idea]:
        return selectors.idea_sort(queryset, value)

    @property
    def qs(self) -> QuerySet[Idea]:
        queryset = super().qs
        if not self.form.cleaned_data.get("sort"):
            queryset = selectors.idea_sort(queryset, "newest")
        return queryset


@dataclass(frozen=True)
class IdeaListQuery:
    """The choices of the web list's filter form, read from the query string.

    The web list reads the same parameters as ``IdeaFilter`` (the API's) without building
    a form: values that do not fit (an unknown category, a made-up status) are left out,
    as the form would leave them out of ``cleaned_data``, and nothing needs a query.
    """

    q: str = ""
    category: int | None = None
    status: str = ""
    source: str = ""
    sort: str = "newest"

    @classmethod
    def parse(cls, params: QueryDict, *, category_ids: Collection[int]) -> IdeaListQuery:
        category = params.get("category", "")
        return cls(
            q=params.get("q", "").strip()[:200],
            category=_category(category, category_ids),
            status=_known(params.get("status", ""), Idea.Status.values),
            source=_known(params.get("source", ""), Idea.Source.values),
            sort=_known(params.get("sort", ""), [value for value, _label in SORT_CHOICES]) or "newest",
        )

    @property
    def is_filtered(self) -> bool:
        """Does it narrow the list (sorting alone does not)?"""
        return bool(self.q or self.category or self.status or self.source)

    def rows(self, user: Any, project: Project) -> Sliceable[Idea | selectors.ListedIdea]:
        """The matching ideas this person may see, to slice into pages: by fixed SQL unless searched."""
        if self.q.strip():
            return self.apply(selectors.ideas_for(user, project))
        return selectors.ListedIdeas(
            user, project, category=self.category, status=self.status, source=self.source, sort=self.sort
        )

    def apply(self, queryset: QuerySet[Idea]) -> QuerySet[Idea]:
        if self.category:
            queryset = queryset.filter(category_id=self.category)
        if self.status:
            queryset = queryset.filter(status=self.status)
        if self.source:
            queryset = queryset.filter(source=self.source)
        return selectors.idea_sort(selectors.idea_search(queryset, self.q), self.sort)


def _category(value: str, allowed: Collection[int]) -> int | None:
    # ASCII digits only: "²".isdigit() is true, but int("²") fails.
    number = int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None
    return number if number in allowed else None


def _known(value: str, allowed: Collection[str]) -> str:
    return value if value in allowed else ""
