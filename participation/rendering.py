"""What the participation read pages show, built once per page.

Shared pieces (idea cards, an idea's text, comment bodies, the filter form) come from
``core.fragments``: cached under keys holding the object's own change stamp, rendered
where missing. What differs per person (which comments one may edit, report or hide, one's
support) is computed here from facts read once (``permissions.CommentRights``) and put
around the shared pieces by the page templates. URLs come from one ``reverse()`` per kind
(``core.links``) and labels from one ``gettext`` per page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import SafeString
from django.utils.translation import get_language, trans_real
from django.utils.translation import gettext as _

from core import fragments
from core.clock import clock
from core.html import escape
from core.links import url_maker
from core.paging import Page
from participation.filters import SORT_CHOICES, IdeaListQuery
from participation.models import Category, Idea, Project
from participation.permissions import CommentRights
from participation.selectors import CommentRow, ListedIdea, Thread


def idea_urls(project: Project) -> Callable[[int], str]:
    return url_maker("participation:idea-detail", varying="pk", slug=project.slug)


def idea_cards(
    ideas: Sequence[Idea | ListedIdea], *, project: Project, categories: Sequence[Category], shows_supports: bool
) -> list[SafeString]:
    """The cards of the idea list, one cache round trip for all of them.

    A category's name comes from the project's categories, read once for the filter form;
    renaming a category touches its ideas (``participation.admin``), so the key stays honest.
    Everything a card shows is prepared here, with labels translated once per page, and the
    card is put together here (it is built twenty times a page when caching is off).
    """
    url = idea_urls(project)
    category_names = {category.pk: escape(category.name) for category in categories}
    statuses = {value: escape(label) for value, label in Idea.Status.choices}
    sources = {value: escape(label) for value, label in Idea.Source.choices}
    source_label, hidden, duplicate = escape(_("Source:")), escape(_("hidden")), escape(_("duplicate"))
    # The active catalogue's own ngettext: Django's looks the catalogue up again for every call. The name stays
    # ``ngettext`` so that makemessages finds the two messages.
    ngettext = trans_real.catalog().ngettext
    supports = _counted(lambda n: ngettext("%(counter)s support", "%(counter)s supports", n))
    comments = _counted(lambda n: ngettext("%(counter)s comment", "%(counter)s comments", n))

    def card(idea: Idea | ListedIdea) -> SafeString:
        meta = []
        if idea.category_id and category_names.get(idea.category_id):
            meta.append(f"<span>{category_names[idea.category_id]}</span>")
        meta.append(f"<span>{statuses.get(idea.status) or escape(idea.status)}</span>")
        if idea.source != Idea.Source.ONLINE:
            meta.append(f"<span>{source_label} {sources.get(idea.source) or escape(idea.source)}</span>")
        if idea.is_hidden or idea.hidden_by_reports:
            meta.append(f'<span class="badge badge--warn">{hidden}</span>')
        if idea.duplicate_of_id:
            meta.append(f'<span class="badge">{duplicate}</span>')
        counts = []
        if shows_supports:
            counts.append(f"<span>{supports(idea.support_count)}</span>")
        counts.append(f"<span>{comments(idea.comment_count)}</span>")
        summary = first_words(idea.description, 30)
        return SafeString(
            '<li class="card idea-card">\n'
            f'  <h3><a href="{escape(url(idea.pk))}">{escape(idea.title)}</a></h3>\n'
            f'  <p class="idea-meta">\n    {"\n    ".join(meta)}\n  </p>\n'
            f"  <p>{escape(summary)}</p>\n"
            f'  <p class="idea-counts">\n    {"\n    ".join(counts)}\n  </p>\n'
            "</li>"
        )

    return fragments.build_many(
        ideas,
        key=lambda idea: ("idea-card", idea.pk, idea.updated_at, shows_supports),
        build=card,
    )


def first_words(text: str, count: int) -> str:
    """``Truncator(text).words(count, truncate=" …")``, the same text: Truncator is a lazy object whose every
    attribute lookup goes through ``LazyObject.__getattribute__`` (about 20 calls per card)."""
    words = text.split()
    if len(words) <= count:
        return " ".join(words)
    short = " ".join(words[:count])
    return short if short.endswith(" …") else f"{short} …"


def _counted(words_for: Callable[[int], str]) -> Callable[[int], str]:
    """A count in words (escaped) for many numbers in one page: each number is put into words once."""
    known: dict[int, str] = {}

    def words(number: int) -> str:
        if number not in known:
            known[number] = escape(words_for(number) % {"counter": number})
        return known[number]

    return words


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True)
class SelectField:
    name: str
    label: str
    choices: list[Choice]


def filter_form(
    query: IdeaListQuery, categories: Sequence[Category], *, action: str, moderator: bool = False
) -> SafeString:
    """The filter form of the idea list, the same for everyone who chose the same values.

    Only moderators see ideas that wait for approval or were withdrawn, so only they are
    offered those statuses: a filter that always finds nothing would only puzzle the public.
    """
    statuses = [
        (value, label)
        for value, label in Idea.Status.choices
        if moderator or value not in (Idea.Status.SUBMITTED, Idea.Status.WITHDRAWN)
    ]

    def choices(options: Sequence[tuple[Any, Any]], chosen: Any, empty: str | None) -> list[Choice]:
        listed = [Choice("", empty, chosen in ("", None))] if empty is not None else []
        return listed + [Choice(str(value), str(label), value == chosen) for value, label in options]

    fields = [
        SelectField(
            "category",
            _("Category"),
            choices([(c.pk, c.name) for c in categories], query.category, _("All categories")),
        ),
        SelectField("status", _("Status"), choices(statuses, query.status, _("All statuses"))),
        SelectField("source", _("Source"), choices(Idea.Source.choices, query.source, _("All sources"))),
        SelectField("sort", _("Sort by"), choices(SORT_CHOICES, query.sort, None)),
    ]
    if query.q:
        # The search text is whatever a visitor typed: one stored fragment per text would let
        # unique query strings fill Redis. The other choices are bounded (known values only).
        return _filter_html(query, fields, action=action)
    names = tuple((c.pk, c.name) for c in categories)
    return fragments.build_many(
        [None],
        key=lambda _none: ("idea-filters", action, names, query, moderator),
        build=lambda _none: _filter_html(query, fields, action=action),
    )[0]


def _filter_html(query: IdeaListQuery, fields: list[SelectField], *, action: str) -> SafeString:
    """The filter form's HTML: four selects of up to a dozen options each, put together without a template."""
    selects = []
    for field in fields:
        options = "".join(
            f'<option value="{escape(c.value)}"{" selected" if c.selected else ""}>{escape(c.label)}</option>'
            for c in field.choices
        )
        selects.append(
            "    <p>\n"
            f'      <label for="id_{field.name}">{escape(field.label)}</label>\n'
            f'      <select name="{field.name}" id="id_{field.name}">{options}</select>\n'
            "    </p>"
        )
    target = escape(action)
    # Translated outside the f-strings, where makemessages finds them.
    search, show = escape(_("Search")), escape(_("Show ideas"))
    return SafeString(
        f'<form class="filters" method="get" action="{target}" role="search"\n'
        f'      hx-get="{target}" hx-target="#results" hx-swap="outerHTML" hx-push-url="true"\n'
        '      hx-trigger="change, submit">\n'
        '  <div class="filters__grid">\n'
        "    <p>\n"
        f'      <label for="id_q">{search}</label>\n'
        f'      <input type="text" name="q" id="id_q" value="{escape(query.q)}">\n'
        "    </p>\n"
        f"{chr(10).join(selects)}\n"
        "  </div>\n"
        f'  <button type="submit">{show}</button>\n'
        "</form>"
    )


def idea_text(idea: Idea) -> SafeString:
    """The idea's own part of its page: title, notices, facts, picture and text."""
    author = idea.author.display_name if idea.author is not None else None
    return fragments.build_many(
        [idea],
        key=lambda idea: ("idea-text", idea.pk, idea.updated_at, author),
        build=_idea_text,
    )[0]


def _idea_text(idea: Idea) -> SafeString:
    """``idea_text``'s HTML, put together here as the page's template laid it out: the partial cost about
    as much as the thirty comments below it."""
    when = DateTimes()
    # Translated outside the f-strings, where makemessages finds them; inserted as they are, as the template
    # inserted its {% translate %} texts (the catalogues are ours, not input).
    waits = _("This idea waits for a moderator's approval and is not public yet.")
    hidden_by, reason = _("Hidden by moderation."), _("Reason:")
    reported = _("Hidden after reports until a moderator has checked it.")
    same_as = _("The moderation found that this idea says the same as an earlier one:")
    counted_there = _("Supports of both are counted together; please support and discuss the earlier idea.")
    also_in, counted_here = _("The same was also suggested in:"), _("Their supports are counted here too.")
    status_label, category_label, submitted_label = _("Status"), _("Category"), _("Submitted")
    where_label, changed_label, picture_alt = _("Where"), _("Changed by the author"), _("Picture sent with the idea")
    warning, info = '<p class="message message--warning">', '<p class="message message--info">'
    notices = [
        f"{warning}{waits}</p>" if idea.status == Idea.Status.SUBMITTED else "",
        f"{warning}{hidden_by} {reason} {escape(idea.hidden_reason)}</p>" if idea.is_hidden else "",
        f"{warning}{reported}</p>" if idea.hidden_by_reports else "",
        "",
        "",
    ]
    original = idea.duplicate_of if idea.duplicate_of_id is not None else None
    if original is not None:
        link = f'<a href="{escape(original.get_absolute_url())}">{escape(original.title)}</a>'
        notices[3] = f"{info}{same_as} {link}. {counted_there}</p>"
    if getattr(idea, "has_duplicates", False):
        twins = ", ".join(
            f'<a href="{escape(twin.get_absolute_url())}">{escape(twin.title)}</a>' for twin in idea.duplicates.all()
        )
        notices[4] = f"{info}{also_in} {twins}. {counted_here}</p>"
    if idea.source == Idea.Source.ONLINE:
        if idea.author is not None:
            name = idea.author.display_name
            by = escape(name) if name else _("A participant")
        else:
            by = _("anonymous")
        submitted = f"{by}, {when.day(idea.created_at)}\n    "
    else:
        on = f", {when.date(idea.submitted_on)}" if idea.submitted_on else ""
        submitted = f"{escape(idea.get_source_display())}{on}"
    category = idea.category if idea.category_id is not None else None
    edited = getattr(idea, "last_edited_at", None)
    facts = [
        f"  <dt>{status_label}</dt><dd>{escape(idea.get_status_display())}</dd>",
        f"  <dt>{category_label}</dt><dd>{escape(category.name)}</dd>" if category else "  ",
        f"  <dt>{submitted_label}</dt>\n  <dd>\n    {submitted}\n  </dd>",
        f"  <dt>{where_label}</dt><dd>{escape(idea.location_text)}</dd>" if idea.location_text else "  ",
        f"  <dt>{changed_label}</dt><dd>{when.day(edited)}</dd>" if edited else "  ",
    ]
    picture = f'<img class="idea-image" src="{escape(idea.image.url)}" alt="{picture_alt}">' if idea.image else ""
    return SafeString(
        f"\n<h1>{escape(idea.title)}</h1>\n"
        + "\n".join(notices)
        + '\n<dl class="idea-facts">\n'
        + "\n".join(facts)
        + f"\n</dl>\n{picture}\n{paragraphs(idea.description)}\n"
    )


_MONTH_NAMES: dict[str, tuple[list[str], str]] = {}


def _month_names() -> tuple[list[str], str]:
    """The months' names in the active language and what stands between day and month, read once per process
    (twelve lazy translations cost more than the thirty dates of a page). The gap comes from the catalogue's
    date format, as the templates' ``date:_("j F Y")`` reads it: "1. Dezember 2026", "1 December 2026"."""
    language = get_language() or ""
    found = _MONTH_NAMES.get(language)
    if found is None:
        pattern = _("j F Y")
        gap = pattern[pattern.index("j") + 1 : pattern.index("F")] if "j" in pattern and "F" in pattern else " "
        found = _MONTH_NAMES[language] = ([str(MONTHS[number]) for number in range(1, 13)], gap)
    return found


class DateTimes:
    """``j F Y, H:i`` (German ``j. F Y, H:i``) in the active language and time zone, without the template
    filter's cost per call."""

    def __init__(self) -> None:
        self.zone = timezone.get_current_timezone()
        self.months, self.gap = _month_names()

    def __call__(self, moment: dt.datetime) -> tuple[str, str]:
        """The moment for machines (ISO 8601) and for people, both in local time."""
        local = moment.astimezone(self.zone)
        return local.isoformat(), f"{self.date(local)}, {clock(local)}"

    def day(self, moment: dt.datetime) -> str:
        """``j F Y`` of the moment's local day."""
        return self.date(moment.astimezone(self.zone))

    def date(self, day: dt.date) -> str:
        """``j F Y`` of a date (German ``j. F Y``)."""
        return f"{day.day}{self.gap}{self.months[day.month - 1]} {day.year}"


_NEWLINES = re.compile(r"\r\n|\r")
_PARAGRAPH_BREAKS = re.compile("\n{2,}")


def paragraphs(text: str) -> str:
    """Django's ``linebreaks(text, autoescape=True)``, the same HTML, without its lazy-text wrappers (two per
    call plus Django's ``escape`` per paragraph): every comment of the idea page goes through it."""
    if "\r" in text:
        text = _NEWLINES.sub("\n", text)
    return "\n\n".join(f"<p>{escape(part).replace(chr(10), '<br>')}</p>" for part in _PARAGRAPH_BREAKS.split(text))


@dataclass(frozen=True)
class ThreadList:
    """The list items of a page of threads, as HTML: those before the thread being answered, that thread
    (the template puts the reply form into its item) and those after it. Without a reply form, all are
    ``before``. Each thread is its comment and replies: shared bodies with this person's actions around them."""

    before: SafeString
    replying: SafeString | None
    after: SafeString


# A thread's list item, laid out as the template's loop used to lay it out.
_ITEM = "\n        <li>{}</li>\n      "


def comment_threads(page: Page[Thread], *, idea: Idea, rights: CommentRights, reply_to: int | None) -> ThreadList:
    """The page's threads, put together here, not in a template loop: that cost about 400 Python calls per
    thread. The reply form follows the thread answered, if it may be answered."""
    comments = [c for thread in page.items for c in (thread.comment, *thread.replies)]
    bodies = _comment_bodies(comments)
    actions = _comment_actions(idea.project, rights, page_number=page.number)
    parts: list[list[str]] = [[], []]
    replying: SafeString | None = None
    for thread in page.items:
        top = thread.comment
        html = f'<article class="comment" id="comment-{top.pk}">{bodies[top.pk]}{actions(top)}</article>'
        if thread.replies:
            replies = "".join(
                f'<li><article class="comment comment--reply" id="comment-{r.pk}">{bodies[r.pk]}{actions(r)}</article>'
                "</li>"
                for r in thread.replies
            )
            html = f'{html}\n<ol class="plain-list replies">{replies}</ol>'
        if top.pk == reply_to and rights.may_reply(top):
            replying = SafeString(html)
        else:
            parts[replying is not None].append(_ITEM.format(html))
    return ThreadList(SafeString("".join(parts[0])), replying, SafeString("".join(parts[1])))


def _comment_bodies(comments: list[CommentRow]) -> dict[int, str]:
    """Each comment's shared part (author, time, text or why it is not shown), by its id.

    One fragment holds the bodies of a whole page of threads: its key names every comment's
    change stamp and author's name (a name can change on the profile page without touching the
    comment), so one cache round trip and one key serve the page, and a changed comment renders
    the page's bodies again once.
    """
    key = fragments.make_key("comment-bodies", tuple((c.pk, c.changed_at, c.author_name) for c in comments))
    stored = fragments.get_many([key]).get(key)
    if isinstance(stored, dict):
        return stored
    when = DateTimes()
    participant, anonymous = _("A participant"), _("anonymous")
    # Translated outside the f-strings, where makemessages finds them.
    was_deleted = _("This comment was deleted by its author.")
    hidden_by, reason = _("Hidden by moderation."), _("Reason:")
    waits, edited_word = _("Hidden after reports until a moderator has checked it."), _("edited")
    deleted = f'\n  <p class="muted">{escape(was_deleted)}</p>\n'
    hidden = f'\n  <p class="muted">{escape(hidden_by)} {escape(reason)}'
    reported = f'\n  <p class="muted">{escape(waits)}</p>\n'
    edited = f'<span class="muted">({escape(edited_word)})</span>'

    def body(comment: CommentRow) -> str:
        """A comment's shared HTML, put together here: thirty of them make the idea page."""
        if comment.is_deleted:
            return deleted
        if comment.is_hidden:
            return f"{hidden} {escape(comment.hidden_reason)}</p>\n"
        if comment.hidden_by_reports:
            return reported
        name = comment.author_name
        author = (name or participant) if comment.author_id is not None else anonymous
        iso, moment = when(comment.created_at)
        return (
            '\n  <p class="comment__meta">\n'
            f"    <strong>{escape(author)}</strong>\n"
            f'    <time datetime="{escape(iso)}">{escape(moment)}</time>\n'
            f"    {edited if comment.edited_at else ''}\n"
            "  </p>\n"
            f"  {paragraphs(comment.text)}\n"
        )

    built = {comment.pk: body(comment) for comment in comments}
    fragments.set_many({key: built})
    return built


def _comment_actions(project: Project, rights: CommentRights, *, page_number: int) -> Callable[[CommentRow], str]:
    """The links one person may follow on each comment, as HTML.

    This is the one per-person part of every comment and the page's innermost loop, so it is
    put together here from URLs and labels prepared once, not by a template per comment.
    """
    if rights.user_id is None:
        return lambda comment: ""
    kinds = [
        (rights.may_edit, "participation:comment-edit", _("Edit")),
        (rights.may_delete, "participation:comment-delete", _("Delete")),
        (rights.may_report, "participation:comment-report", _("Report")),
        (rights.may_hide, "participation:comment-hide", _("Hide")),
    ]
    makers = [
        (allowed, url_maker(name, varying="pk", slug=project.slug), escape(label)) for allowed, name, label in kinds
    ]
    reply = escape(_("Reply"))

    def actions(comment: CommentRow) -> str:
        links = [f'<li><a href="{escape(url(comment.pk))}">{text}</a></li>' for ok, url, text in makers if ok(comment)]
        if rights.may_reply(comment):
            links.append(f'<li><a href="?page={page_number}&amp;reply_to={comment.pk}">{reply}</a></li>')
        if not links:
            return ""
        return f'<ul class="comment__actions">{"".join(links)}</ul>'

    return actions
