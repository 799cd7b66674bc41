"""A project's phases, read once per request by one fixed statement (issue 15)."""

from __future__ import annotations

from core import rawread
from participation.models import Phase, Project


def with_phases(project: Project) -> Project:
    """Read the project's phases in order, once: ``project.phases.all()`` answers from them afterwards."""
    cache = project.__dict__.setdefault("_prefetched_objects_cache", {})
    if "phases" not in cache:
        tail = 'WHERE "participation_phase"."project_id" = %s ORDER BY "participation_phase"."starts_on"'
        attach(project, rawread.rows(Phase, tail, [project.pk]))
    return project


def attach(project: Project, found: list[Phase]) -> Project:
    """Keep the project's phases, read in order (by ``with_phases`` or with the project), as a prefetch keeps them."""
    for phase in found:
        phase.project = project  # as a prefetch sets it: no query for phase.project
    phases = project.phases.all()
    phases._result_cache = found
    phases._prefetch_done = True  # type: ignore[attr-defined]
    project.__dict__.setdefault("_prefetched_objects_cache", {})["phases"] = phases
    return project
