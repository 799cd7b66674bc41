"""What the idea page adds for a person who comes back: following, their own idea's actions, why a button is missing.

Kept apart from the page's shared fragments (``participation.rendering``): all of it
differs per person, and the duplicate count needs a query only for duplicates and originals.
"""

from __future__ import annotations

from typing import Any

from participation import duplicates, permissions, rules
from participation.models import Idea


def follow_up_context(user: Any, idea: Idea) -> dict[str, Any]:
    # idea_for tells whether the idea has duplicates and whether the person follows it, in its one query.
    counted_together = idea.duplicate_of_id is not None or bool(getattr(idea, "has_duplicates", False))
    return {
        "supporters": duplicates.combined_supporters(idea) if counted_together else idea.support_count,
        "counted_together": counted_together,
        "support_refusal": rules.support_refusal(user, idea),
        "comment_refusal": rules.comment_refusal(user, idea),
        "can_follow_idea": permissions.can_follow_idea(user, idea),
        "is_following_idea": bool(getattr(idea, "followed_by_me", False)),
        "can_edit_idea": permissions.can_edit_idea(user, idea),
        "can_withdraw_idea": permissions.can_withdraw_idea(user, idea),
    }
