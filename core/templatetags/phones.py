"""``{{ number|phone }}`` shows a stored number the way people read it; ``{{ number|tel }}`` is its ``tel:`` link."""

from __future__ import annotations

from django import template

from core import phones

register = template.Library()


@register.filter
def phone(value: str | None) -> str:
    return phones.display(value or "")


@register.filter
def tel(value: str | None) -> str:
    return phones.tel_uri(value or "")
