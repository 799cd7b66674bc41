"""Why something cannot be done right now, in words a citizen understands, and when it opens.

``permissions`` answers yes or no; this module explains a no: which phase rule applies
("Ideas could be submitted from 1 October to 16 November"), and what one can do now or
when the next step opens. Pages show it where the button would be; the API sends it as
the 403 detail.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.permissions import is_signed_in
from participation import permissions
from participation.models import Idea, Phase, Project


def _day(day: dt.date) -> str:
    return date_format(day, _("j F Y"))


def _phases(project: Project, kind: str) -> list[Phase]:
    return sorted((p for p in project.phases.all() if p.kind == kind), key=lambda p: p.starts_on)


def _now_step(project: Project, today: dt.date) -> str:
    """What the project does today, as a sentence: the invitation to what is possible instead."""
    phase = permissions.active_phase(project)
    if phase is None:
        upcoming = [p for p in project.phases.all() if p.starts_on > today]
        if upcoming:
            first = min(upcoming, key=lambda p: p.starts_on)
            return _("The next step, “%(phase)s”, starts on %(day)s.") % {
                "phase": first.get_kind_display(),
                "day": _day(first.starts_on),
            }
        return _("The project has no further steps planned.")
    steps = {
        Phase.Kind.INFORMATION: _("Until %(day)s the city informs about the project."),
        Phase.Kind.COLLECTION: _("Until %(day)s ideas are collected."),
        Phase.Kind.RATING: _("Until %(day)s you can support and comment on the ideas."),
        Phase.Kind.EVALUATION: _("Until %(day)s the city evaluates the ideas and answers them."),
        Phase.Kind.RESULT: _("Until %(day)s the results are shown."),
    }
    return steps[Phase.Kind(phase.kind)] % {"day": _day(phase.ends_on)}


def _window(project: Project, kind: str, activity: str, today: dt.date) -> str:
    """The rule for one phase: when it runs or ran, and what happens now."""
    phases = _phases(project, kind)
    if not phases:
        return _("In this project, %(activity)s is not planned.") % {"activity": activity}
    future = [p for p in phases if p.starts_on > today]
    if future:
        nxt = future[0]
        return _("%(Activity)s opens on %(start)s and is possible until %(end)s.") % {
            "Activity": activity[:1].upper() + activity[1:],
            "start": _day(nxt.starts_on),
            "end": _day(nxt.ends_on),
        }
    last = phases[-1]
    ended = _("%(Activity)s was possible from %(start)s to %(end)s.") % {
        "Activity": activity[:1].upper() + activity[1:],
        "start": _day(last.starts_on),
        "end": _day(last.ends_on),
    }
    return f"{ended} {_now_step(project, today)}"


def submit_refusal(user: Any, project: Project, *, today: dt.date | None = None) -> str | None:
    """Why this person cannot submit an idea to the project now; None when they can (or must only sign in)."""
    if permissions.can_moderate(user, project) or permissions.phase_kind(project) == Phase.Kind.COLLECTION:
        return None
    return _window(project, Phase.Kind.COLLECTION, _("submitting ideas"), today or timezone.localdate())


def support_refusal(user: Any, idea: Idea, *, today: dt.date | None = None) -> str | None:
    """Why there is no support button for this person on this idea; None when there is one."""
    if permissions.can_support(user, idea):
        return None
    if idea.duplicate_of_id is not None:
        return _("This idea is a duplicate: please support the original idea; supports of both count together.")
    if not idea.is_public:
        return _("Only published ideas can be supported.")
    if permissions.phase_kind(idea.project) != Phase.Kind.RATING:
        return _window(idea.project, Phase.Kind.RATING, _("supporting ideas"), today or timezone.localdate())
    if not is_signed_in(user):
        return _("Please sign in to support ideas.")
    return None


def comment_refusal(user: Any, idea: Idea, *, today: dt.date | None = None) -> str | None:
    """Why this person cannot comment on this idea now; None when they can (or must only sign in)."""
    if permissions.can_comment(user, idea) or not idea.is_public:
        return None
    if permissions.phase_kind(idea.project) not in (Phase.Kind.COLLECTION, Phase.Kind.RATING):
        day = today or timezone.localdate()
        windows = _phases(idea.project, Phase.Kind.COLLECTION) + _phases(idea.project, Phase.Kind.RATING)
        if windows and all(p.ends_on < day for p in windows):
            last = max(p.ends_on for p in windows)
            return _("Comments were possible until %(day)s.") % {"day": _day(last)} + " " + _now_step(idea.project, day)
        return _window(idea.project, Phase.Kind.COLLECTION, _("commenting"), day)
    return None
