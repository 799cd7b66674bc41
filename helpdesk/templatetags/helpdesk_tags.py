from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()


@register.filter
def widget_kind(bound_field: Any) -> str:
    """How _field.html lays a field out: a single checkbox, a group of choices, or a labelled input."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "check"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


@register.filter
def hours(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")
