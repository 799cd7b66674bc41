from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.chrome import once, url

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


# The coordinators' area: (key, URL name, label); the labels are translated when the links are built.
_OFFICE_NAV = [
    ("plan", "helpdesk:office-plan", gettext_noop("Plan")),
    ("callers", "helpdesk:book-for-caller", gettext_noop("Book for a caller")),
    ("waitlist", "helpdesk:office-waitlist", gettext_noop("Waitlist")),
    ("volunteers", "helpdesk:office-volunteers", gettext_noop("Volunteers and workshops")),
    ("calendar", "helpdesk:office-calendar", gettext_noop("Opening hours and closures")),
    ("conflicts", "helpdesk:office-conflicts", gettext_noop("Conflicts")),
    ("stats", "helpdesk:office-stats", gettext_noop("Statistics")),
]


@register.simple_tag
def office_nav(office: Any, current: str) -> SafeString:
    """The navigation of an office's area, built in Python once per office, page and language."""
    return once("office-nav", office.slug, current, build=lambda: _office_nav(office.slug, current))


def _office_nav(slug: str, current: str) -> SafeString:
    links = format_html_join(
        "\n",
        '    <li><a href="{}"{}>{}</a></li>',
        [
            (url(name, slug), mark_safe(' aria-current="page"') if key == current else "", _(label))
            for key, name, label in _OFFICE_NAV
        ],
    )
    return format_html('<nav class="subnav" aria-label="{}">\n  <ul>\n{}\n  </ul>\n</nav>', _("Office area"), links)
