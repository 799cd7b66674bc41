"""Message kinds of Mitwirkung, rendered from fresh data when the outbox sends them.

Each builder returns ``None`` when the message no longer applies (the idea was hidden,
the status moved on, the comment was deleted, a moderator already decided), and the
outbox records it as skipped. Who receives which kind: ``participation.notify``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications import registry
from participation.models import Comment, Idea, Report

if TYPE_CHECKING:
    from notifications.models import OutboxMessage

QUOTE_LENGTH = 500


def _url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LENGTH else f"{text[: QUOTE_LENGTH - 1].rstrip()}…"


def _idea(pk: Any) -> Idea | None:
    return Idea.objects.select_related("project", "author").filter(pk=pk).first() if isinstance(pk, int) else None


def _idea_context(message: OutboxMessage) -> dict[str, Any] | None:
    idea = _idea(message.payload.get("idea_id"))
    if idea is None or not idea.is_public:
        return None
    return {
        "idea": idea,
        "project": idea.project,
        "idea_url": _url(idea.get_absolute_url()),
        "for_follower": bool(message.payload.get("follower")),
        # The official answer travels in the same message when the moderator saved both at once.
        "answer": idea.feedback if message.payload.get("answered") else "",
    }


def idea_published_context(message: OutboxMessage) -> dict[str, Any] | None:
    return _idea_context(message)


def idea_status_changed_context(message: OutboxMessage) -> dict[str, Any] | None:
    context = _idea_context(message)
    # Skip when the status moved on again before the message went out.
    if context is None or context["idea"].status != message.payload.get("status"):
        return None
    return context


def idea_answered_context(message: OutboxMessage) -> dict[str, Any] | None:
    context = _idea_context(message)
    if context is None or not context["idea"].feedback:
        return None
    context["answer"] = context["idea"].feedback
    return context


def _comment_context(message: OutboxMessage) -> dict[str, Any] | None:
    pk = message.payload.get("comment_id")
    comment = (
        Comment.objects.select_related("idea__project", "author", "parent").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )
    if comment is None or not comment.is_visible or not comment.idea.is_public:
        return None
    idea = comment.idea
    return {
        "comment": comment,
        "quote": _quote(comment.text),
        "commenter": (comment.author.display_name if comment.author else "") or _("A participant"),
        "parent_quote": _quote(comment.parent.text) if comment.parent and comment.parent.is_visible else "",
        "idea": idea,
        "project": idea.project,
        "idea_url": _url(idea.get_absolute_url()),
        "comment_url": _url(f"{idea.get_absolute_url()}#comment-{comment.pk}"),
    }


def idea_withdrawn_context(message: OutboxMessage) -> dict[str, Any] | None:
    idea = _idea(message.payload.get("idea_id"))
    if idea is None or idea.status != Idea.Status.WITHDRAWN:
        return None
    return {"idea": idea, "project": idea.project, "idea_url": _url(idea.get_absolute_url())}


def idea_marked_duplicate_context(message: OutboxMessage) -> dict[str, Any] | None:
    idea = _idea(message.payload.get("idea_id"))
    if idea is None or idea.duplicate_of_id is None or idea.duplicate_of_id != message.payload.get("original_id"):
        return None
    original = _idea(idea.duplicate_of_id)
    if original is None or not original.is_public:
        return None
    return {
        "idea": idea,
        "original": original,
        "project": idea.project,
        "idea_url": _url(idea.get_absolute_url()),
        "original_url": _url(original.get_absolute_url()),
        "for_follower": message.payload.get("topic") != "participation.my_ideas",
    }


def moderation_idea_waiting_context(message: OutboxMessage) -> dict[str, Any] | None:
    idea = _idea(message.payload.get("idea_id"))
    if idea is None or idea.status != Idea.Status.SUBMITTED or idea.is_hidden:
        return None
    return {
        "idea": idea,
        "project": idea.project,
        "quote": _quote(idea.description),
        "moderate_url": _url(reverse("participation:idea-moderate", args=[idea.project.slug, idea.pk])),
        "queue_url": _url(reverse("participation:moderation")),
    }


def moderation_report_context(message: OutboxMessage) -> dict[str, Any] | None:
    pk = message.payload.get("report_id")
    report = (
        Report.objects.select_related("idea__project", "comment__idea__project").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )
    if report is None or report.status != Report.Status.OPEN:
        return None
    idea = report.idea if report.idea is not None else report.comment.idea  # type: ignore[union-attr]
    return {
        "report": report,
        "reason": _quote(report.reason),
        "is_comment": report.comment_id is not None,
        "idea": idea,
        "project": idea.project,
        "queue_url": _url(reverse("participation:moderation")),
    }


def register_kinds() -> None:
    kinds = [
        ("idea_published", _("Idea published"), idea_published_context),
        ("idea_status_changed", _("Status of an idea changed"), idea_status_changed_context),
        ("idea_answered", _("Idea answered"), idea_answered_context),
        ("idea_commented", _("Comment on an idea"), _comment_context),
        ("comment_replied", _("Reply to a comment"), _comment_context),
        ("idea_withdrawn", _("Idea withdrawn by its author"), idea_withdrawn_context),
        ("idea_marked_duplicate", _("Idea marked as a duplicate"), idea_marked_duplicate_context),
        ("moderation_idea_waiting", _("Idea waits for approval"), moderation_idea_waiting_context),
        ("moderation_report", _("New report"), moderation_report_context),
    ]
    for name, label, builder in kinds:
        # The label stays lazy: the outbox page shows it in the reader's language.
        registry.register(name, label=cast(str, label), build_context=builder)
