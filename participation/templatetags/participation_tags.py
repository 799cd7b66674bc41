from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.chrome import once, url

register = template.Library()

# A project's sections: (key, URL name, label, takes the project's slug); the labels are translated when built.
_PROJECT_NAV = [
    ("overview", "participation:project-detail", gettext_noop("Overview"), True),
    ("ideas", "participation:idea-list", gettext_noop("Ideas"), True),
    ("map", "participation:idea-map", gettext_noop("Map"), True),
    ("results", "participation:results", gettext_noop("Results"), True),
]
_MODERATOR_NAV = [
    ("paper", "participation:paper-entry", gettext_noop("Enter paper ideas"), True),
    ("moderation", "participation:moderation", gettext_noop("Moderation"), False),
]


@register.simple_tag(takes_context=True)
def project_nav(context: Any, project: Any, section: str, can_moderate: Any = None) -> SafeString:
    """A project's navigation, built in Python once per project, section, role and language (it cost about
    1,200 Python calls per page as an included template). The moderators' links show when
    ``can_moderate`` (else the page's ``can_moderate``) is true."""
    moderator = bool(context.get("can_moderate", False) if can_moderate is None else can_moderate)
    return once(
        "project-nav", project.slug, section, moderator, build=lambda: _project_nav(project.slug, section, moderator)
    )


def _project_nav(slug: str, section: str, moderator: bool) -> SafeString:
    entries = _PROJECT_NAV + (_MODERATOR_NAV if moderator else [])
    links = format_html_join(
        "\n",
        '    <li><a href="{}"{}>{}</a></li>',
        [
            (
                url(name, slug) if with_slug else url(name),
                mark_safe(' aria-current="page"') if key == section else "",
                _(label),
            )
            for key, name, label, with_slug in entries
        ],
    )
    return format_html(
        '<nav class="project-nav" aria-label="{}">\n  <ul>\n{}\n  </ul>\n</nav>', _("Project sections"), links
    )


@register.simple_tag
def participation_head(with_map: Any = False) -> SafeString:
    """The style sheet of the participation pages (with the map's, and its scripts, for a page with a map):
    ``participation/_head.html`` or ``_map_head.html`` rendered once per process, as the navigation is. Their
    ``{% static %}`` addresses follow from the deployed code alone; an include cost 0.1 ms a page."""
    name = "participation/_map_head.html" if with_map else "participation/_head.html"
    return once("participation-head", name, build=lambda: mark_safe(render_to_string(name)))  # noqa: S308
