"""Writes of the participation half. Views, API and demo data call these."""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.permissions import forget_roles
from participation import following, geo, notify, permissions, stamps
from participation.images import image_clean
from participation.models import (
    Category,
    Comment,
    Idea,
    Project,
    ProjectFollower,
    ProjectModerator,
    Report,
    Support,
)


def _check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def location_check(*, project: Project, lat: float | None, lon: float | None) -> None:
    """A location is optional, but if given it must lie inside the project's area."""
    if lat is None and lon is None:
        return
    if lat is None or lon is None:
        raise ValidationError({"location_lat": _("Please give both latitude and longitude, or neither.")})
    if project.area and not geo.point_in_polygon(lat, lon, project.area):
        raise ValidationError(
            {"location_lat": _("This place lies outside the project area. Please pick a point inside the marked area.")}
        )


def _category_check(*, project: Project, category: Category | None) -> None:
    if category is not None and category.project_id != project.pk:
        raise ValidationError({"category": _("This category does not belong to the project.")})


@transaction.atomic
def idea_submit(
    *,
    project: Project,
    author: User,
    title: str,
    description: str,
    category: Category | None = None,
    location_lat: float | None = None,
    location_lon: float | None = None,
    location_text: str = "",
    image: IO[bytes] | None = None,
    image_size: int | None = None,
) -> Idea:
    """A citizen's idea submitted online; published at once only under post-moderation."""
    _check(permissions.can_submit_idea(author, project))
    location_check(project=project, lat=location_lat, lon=location_lon)
    _category_check(project=project, category=category)
    status = Idea.Status.PUBLISHED if project.moderation == Project.Moderation.POST else Idea.Status.SUBMITTED
    idea = Idea(
        project=project,
        author=author,
        title=title.strip(),
        description=description.strip(),
        category=category,
        location_lat=location_lat,
        location_lon=location_lon,
        location_text=location_text.strip(),
        source=Idea.Source.ONLINE,
        status=status,
    )
    if image is not None:
        cleaned = image_clean(image, size=image_size)
        idea.image.save(cleaned.name or "idea.jpg", cleaned, save=False)
    idea.save()
    stamps.project_touch(project_id=project.pk, recount=idea.is_public)
    following.follow_automatically(idea=idea, user=author)
    if status == Idea.Status.SUBMITTED:
        notify.idea_waits(idea=idea)
    else:
        notify.idea_published_directly(idea=idea)
    return idea


@transaction.atomic
def idea_enter_from_paper(
    *,
    project: Project,
    entered_by: User,
    source: str,
    title: str,
    description: str,
    submitter_name: str = "",
    submitted_on: dt.date | None = None,
    category: Category | None = None,
    location_text: str = "",
    location_lat: float | None = None,
    location_lon: float | None = None,
) -> Idea:
    """An idea that arrived on paper, by phone or e-mail, typed in by a moderator. No account is created."""
    _check(permissions.can_enter_paper_ideas(entered_by, project))
    if source == Idea.Source.ONLINE or source not in Idea.Source.values:
        raise ValidationError({"source": _("Please choose where the idea came from.")})
    location_check(project=project, lat=location_lat, lon=location_lon)
    _category_check(project=project, category=category)
    idea = Idea.objects.create(
        project=project,
        author=None,
        entered_by=entered_by,
        source=source,
        submitter_name=submitter_name.strip(),
        submitted_on=submitted_on,
        title=title.strip(),
        description=description.strip(),
        category=category,
        location_text=location_text.strip(),
        location_lat=location_lat,
        location_lon=location_lon,
        status=Idea.Status.PUBLISHED,
    )
    stamps.project_touch(project_id=project.pk, recount=True)
    notify.idea_published_directly(idea=idea)
    return idea


@transaction.atomic
def idea_moderate(
    *,
    idea: Idea,
    moderator: User,
    status: str | None = None,
    feedback: str | None = None,
    notes: str | None = None,
    category: Category | Any | None = ...,
) -> Idea:
    """Set status, official feedback and notes; tells the author and followers what changed, in one message each."""
    _check(permissions.can_moderate(moderator, idea.project))
    idea = Idea.objects.select_for_update(of=("self",)).select_related("project", "author").get(pk=idea.pk)
    old_status, old_feedback, was_public = idea.status, idea.feedback, idea.is_public
    fields: list[str] = []
    if status is not None and status != idea.status:
        if status not in Idea.Status.values:
            raise ValidationError({"status": _("Unknown status.")})
        idea.status = status
        fields.append("status")
    if feedback is not None and feedback.strip() != idea.feedback:
        idea.feedback = feedback.strip()
        idea.feedback_at = timezone.now() if idea.feedback else None
        fields += ["feedback", "feedback_at"]
    if notes is not None and notes != idea.moderator_notes:
        idea.moderator_notes = notes
        fields.append("moderator_notes")
    if category is not ... and category != idea.category:
        _category_check(project=idea.project, category=category)
        idea.category = category
        fields.append("category")
    if fields:
        idea.save(update_fields=[*fields, "updated_at"])
        stamps.project_touch(project_id=idea.project_id, recount=was_public != idea.is_public)
    answered = bool(idea.feedback) and idea.feedback != old_feedback
    notify.idea_decided(idea=idea, moderator=moderator, old_status=old_status, answered=answered)
    return idea


def idea_approve(*, idea: Idea, moderator: User) -> Idea:
    idea = idea_moderate(idea=idea, moderator=moderator, status=Idea.Status.PUBLISHED)
    if idea.hidden_by_reports:
        _reports_close(idea=idea, moderator=moderator, status=Report.Status.DISMISSED)
        stamps.idea_update(idea=idea, hidden_by_reports=False)
    return idea


def idea_reject(*, idea: Idea, moderator: User, feedback: str = "") -> Idea:
    return idea_moderate(idea=idea, moderator=moderator, status=Idea.Status.REJECTED, feedback=feedback or None)


@transaction.atomic
def idea_hide(*, idea: Idea, moderator: User, reason: str) -> Idea:
    _check(permissions.can_moderate(moderator, idea.project))
    if not reason.strip():
        raise ValidationError({"reason": _("Please give a reason; it is shown instead of the idea.")})
    stamps.idea_update(idea=idea, is_hidden=True, hidden_reason=reason.strip(), hidden_by_reports=False)
    _reports_close(idea=idea, moderator=moderator, status=Report.Status.UPHELD)
    idea.refresh_from_db()
    return idea


@transaction.atomic
def idea_unhide(*, idea: Idea, moderator: User) -> Idea:
    _check(permissions.can_moderate(moderator, idea.project))
    stamps.idea_update(idea=idea, is_hidden=False, hidden_reason="", hidden_by_reports=False)
    _reports_close(idea=idea, moderator=moderator, status=Report.Status.DISMISSED)
    idea.refresh_from_db()
    return idea


def support_add(*, idea: Idea, user: User) -> Support:
    _check(permissions.can_support(user, idea))
    try:
        with transaction.atomic():
            support = Support.objects.create(idea=idea, user=user)
            stamps.idea_touch(idea=idea, supports=1)
            return support
    except IntegrityError:
        # A double click or a second tab: the person already supports this idea.
        return Support.objects.get(idea=idea, user=user)


def support_remove(*, idea: Idea, user: User) -> None:
    _check(permissions.can_support(user, idea))
    with transaction.atomic():
        deleted, _rows = Support.objects.filter(idea=idea, user=user).delete()
        if deleted:
            stamps.idea_touch(idea=idea, supports=-deleted)


def support_toggle(*, idea: Idea, user: User) -> bool:
    """Returns whether the person supports the idea afterwards."""
    if Support.objects.filter(idea=idea, user=user).exists():
        support_remove(idea=idea, user=user)
        return False
    support_add(idea=idea, user=user)
    return True


@transaction.atomic
def comment_create(*, idea: Idea, author: User, text: str, parent: Comment | None = None) -> Comment:
    if parent is not None:
        if parent.idea_id != idea.pk:
            raise ValidationError({"parent": _("This reply belongs to another idea.")})
        _check(permissions.can_reply(author, parent))
    else:
        _check(permissions.can_comment(author, idea))
    if not text.strip():
        raise ValidationError({"text": _("Please write a comment.")})
    comment = Comment.objects.create(idea=idea, author=author, text=text.strip(), parent=parent)
    stamps.idea_touch(idea=idea, comments=1)
    following.follow_automatically(idea=idea, user=author)
    notify.comment_created(comment=comment)
    return comment


def comment_edit(*, comment: Comment, user: User, text: str) -> Comment:
    _check(permissions.can_edit_comment(user, comment))
    if not text.strip():
        raise ValidationError({"text": _("Please write a comment.")})
    return stamps.comment_update(comment=comment, text=text.strip(), edited_at=timezone.now())


def comment_delete(*, comment: Comment, user: User) -> Comment:
    """Authors delete their comment; replies stay, so the text is removed but the place is kept."""
    _check(permissions.can_delete_comment(user, comment))
    return stamps.comment_update(comment=comment, is_deleted=True, text="")


@transaction.atomic
def comment_hide(*, comment: Comment, moderator: User, reason: str) -> Comment:
    _check(permissions.can_moderate(moderator, comment.idea.project))
    if not reason.strip():
        raise ValidationError({"reason": _("Please give a reason; it is shown instead of the comment.")})
    stamps.comment_update(comment=comment, is_hidden=True, hidden_reason=reason.strip(), hidden_by_reports=False)
    _reports_close(comment=comment, moderator=moderator, status=Report.Status.UPHELD)
    comment.refresh_from_db()
    return comment


@transaction.atomic
def report_create(*, reporter: User, reason: str, idea: Idea | None = None, comment: Comment | None = None) -> Report:
    """Flag an idea or comment; enough open reports hide it until a moderator decides."""
    if (idea is None) == (comment is None):
        raise ValueError("Report exactly one idea or one comment.")
    target: Idea | Comment = idea if idea is not None else comment  # type: ignore[assignment]
    _check(permissions.can_report(reporter, author_id=target.author_id))
    if not reason.strip():
        raise ValidationError({"reason": _("Please tell us what is wrong.")})
    lookup: dict[str, Any] = {"idea": idea} if idea is not None else {"comment": comment}
    existing = Report.objects.filter(reporter=reporter, status=Report.Status.OPEN, **lookup).first()
    if existing is not None:
        return existing
    report = Report.objects.create(reporter=reporter, reason=reason.strip(), **lookup)
    project = idea.project if idea is not None else comment.idea.project  # type: ignore[union-attr]
    notify.report_arrived(report=report, project_id=project.pk)
    open_count = Report.objects.filter(status=Report.Status.OPEN, **lookup).count()
    if open_count >= project.report_threshold and not target.is_hidden and not target.hidden_by_reports:
        if idea is not None:
            stamps.idea_update(idea=idea, hidden_by_reports=True)
        else:
            stamps.comment_update(comment=comment, hidden_by_reports=True)  # type: ignore[arg-type]
    return report


@transaction.atomic
def report_decide(*, report: Report, moderator: User, uphold: bool, reason: str = "") -> Report:
    """Upholding hides the content with a reason; dismissing shows it again. All open reports on it close."""
    target_idea = report.idea
    target_comment = report.comment
    project = target_idea.project if target_idea is not None else target_comment.idea.project  # type: ignore[union-attr]
    _check(permissions.can_moderate(moderator, project))
    if uphold:
        text = reason.strip() or report.reason
        if target_idea is not None:
            idea_hide(idea=target_idea, moderator=moderator, reason=text)
        else:
            comment_hide(comment=target_comment, moderator=moderator, reason=text)  # type: ignore[arg-type]
    elif target_idea is not None:
        stamps.idea_update(idea=target_idea, hidden_by_reports=False)
        _reports_close(idea=target_idea, moderator=moderator, status=Report.Status.DISMISSED)
    else:
        stamps.comment_update(comment=target_comment, hidden_by_reports=False)  # type: ignore[arg-type]
        _reports_close(comment=target_comment, moderator=moderator, status=Report.Status.DISMISSED)
    report.refresh_from_db()
    return report


def _reports_close(*, moderator: User, status: str, idea: Idea | None = None, comment: Comment | None = None) -> None:
    lookup: dict[str, Any] = {"idea": idea} if idea is not None else {"comment": comment}
    Report.objects.filter(status=Report.Status.OPEN, **lookup).update(
        status=status, decided_by=moderator, decided_at=timezone.now()
    )


def project_follow(*, project: Project, user: User, notify: bool = True) -> ProjectFollower:
    _check(permissions.can_follow(user, project))
    follower, _created = ProjectFollower.objects.update_or_create(
        project=project, user=user, defaults={"notify": notify}
    )
    return follower


def project_unfollow(*, project: Project, user: User) -> None:
    ProjectFollower.objects.filter(project=project, user=user).delete()


def moderator_add(*, project: Project, user: User) -> ProjectModerator:
    """Make ``user`` a moderator of ``project`` (again: nothing changes)."""
    moderator, _created = ProjectModerator.objects.get_or_create(project=project, user=user)
    forget_roles(user)
    return moderator


def moderator_remove(*, moderator: ProjectModerator) -> None:
    moderator.delete()
    forget_roles(moderator.user)
