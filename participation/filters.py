"""The idea filters shared by the web list and the API."""

from __future__ import annotations

from typing import Any

import django_filters  # type: ignore[import-untyped]
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from participation import selectors
from participation.models import Category, Idea, Project


class IdeaFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=Category.objects.all(), empty_label=_("All categories")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Idea.Status.choices, empty_label=_("All statuses"))
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Idea.Source.choices, empty_label=_("All sources"))
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[("newest", _("newest")), ("supported", _("most supported")), ("discussed", _("most discussed"))],
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
