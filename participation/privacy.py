"""What the participation half knows about a person, and how it forgets it."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accounts.models import User
from participation import stamps
from participation.models import Comment, Idea, IdeaEdit, IdeaFollower, ProjectFollower, Report, Support


def export(user: User) -> dict[str, Any]:
    return {
        "ideas": [
            {
                "project": idea.project.title,
                "title": idea.title,
                "description": idea.description,
                "location_text": idea.location_text,
                "location": [idea.location_lat, idea.location_lon] if idea.has_location else None,
                "status": idea.status,
                "created_at": idea.created_at.isoformat(),
            }
            for idea in Idea.objects.filter(author=user).select_related("project").order_by("created_at")
        ],
        "comments": [
            {"idea": comment.idea.title, "text": comment.text, "created_at": comment.created_at.isoformat()}
            for comment in Comment.objects.filter(author=user).select_related("idea").order_by("created_at")
        ],
        "supports": [
            {"idea": support.idea.title, "created_at": support.created_at.isoformat()}
            for support in Support.objects.filter(user=user).select_related("idea").order_by("created_at")
        ],
        "reports": [
            {"reason": report.reason, "created_at": report.created_at.isoformat()}
            for report in Report.objects.filter(reporter=user).order_by("created_at")
        ],
        "followed_projects": [
            {"project": follower.project.title, "notify": follower.notify}
            for follower in ProjectFollower.objects.filter(user=user).select_related("project")
        ],
        "followed_ideas": [
            {"idea": follower.idea.title, "following": follower.following}
            for follower in IdeaFollower.objects.filter(user=user).select_related("idea")
        ],
        "idea_changes": [
            {"idea": edit.idea.title, "changes": edit.changes, "at": edit.created_at.isoformat()}
            for edit in IdeaEdit.objects.filter(editor=user).select_related("idea").order_by("created_at")
        ],
    }


@transaction.atomic
def erase(user: User) -> None:
    """Ideas and comments stay for the discussion but lose their author; supports and follows go."""
    idea_ids = list(Idea.objects.filter(author=user).values_list("pk", flat=True))
    comment_ids = list(Comment.objects.filter(author=user).values_list("pk", flat=True))
    supported_idea_ids = list(Support.objects.filter(user=user).values_list("idea_id", flat=True))
    Idea.objects.filter(author=user).update(author=None)
    Idea.objects.filter(entered_by=user).update(entered_by=None)
    Comment.objects.filter(author=user).update(author=None)
    Report.objects.filter(reporter=user).update(reporter=None)
    Support.objects.filter(user=user).delete()
    ProjectFollower.objects.filter(user=user).delete()
    IdeaFollower.objects.filter(user=user).delete()
    stamps.person_erased(idea_ids=idea_ids, comment_ids=comment_ids, supported_idea_ids=supported_idea_ids)
