from __future__ import annotations

from typing import Any

import django_filters  # type: ignore[import-untyped]
from django import forms
from django.utils.translation import gettext_lazy as _

from notifications import registry
from notifications.models import Channel, OutboxMessage, Status


def _kind_choices() -> list[tuple[str, str]]:
    return [(kind.name, str(kind.label)) for kind in registry.all_kinds()]


class OutboxFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices, empty_label=_("All"))
    kind = django_filters.ChoiceFilter(label=_("Kind of message"), choices=_kind_choices, empty_label=_("All"))
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices, empty_label=_("All"))
    day = django_filters.DateFilter(
        label=_("Due on"),
        field_name="due_at",
        lookup_expr="date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    scope = django_filters.ChoiceFilter(label=_("Handled by"), choices=[], empty_label=_("All"))

    class Meta:
        model = OutboxMessage
        fields = ["status", "kind", "channel", "day", "scope"]

    def __init__(self, *args: Any, scopes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["scope"].extra["choices"] = scopes
