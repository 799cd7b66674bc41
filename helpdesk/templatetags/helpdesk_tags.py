from __future__ import annotations

from typing import Any

from django import forms, template
from django.templatetags.static import static
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
    return format_html('<nav class="subnav" aria-label="{}">\n  <ul>\n{}\n  </ul>\n</nav>\n', _("Office area"), links)


@register.simple_tag
def helpdesk_head() -> SafeString:
    """The helpdesk's style sheet and script: their addresses depend on the deployed code only, so built once."""
    return once("helpdesk-head", build=_helpdesk_head)


def _helpdesk_head() -> SafeString:
    return format_html(
        '<link rel="stylesheet" href="{}">\n<script src="{}" defer></script>\n',
        static("helpdesk/helpdesk.css"),
        static("helpdesk/helpdesk.js"),
    )


# The seniors' booking steps, in order; the labels are translated when the list is built.
_STEPS = [
    gettext_noop("Office"),
    gettext_noop("Topic and device"),
    gettext_noop("Time"),
    gettext_noop("Your details"),
    gettext_noop("Done"),
]


@register.simple_tag
def booking_steps(step: int) -> SafeString:
    """Where the senior is in the booking (``step`` 1 to 5), built once per step and language.

    Five translated labels on every page of the booking flow, the free times above all.
    """
    return once("booking-steps", step, build=lambda: _booking_steps(step))


def _booking_steps(step: int) -> SafeString:
    items = format_html_join(
        "\n",
        "  <li{}>{}</li>",
        [
            (mark_safe(' aria-current="step"') if number == step else "", _(label))
            for number, label in enumerate(_STEPS, start=1)
        ],
    )
    return format_html('<ol class="steps" aria-label="{}">\n{}\n</ol>\n', _("Steps"), items)
