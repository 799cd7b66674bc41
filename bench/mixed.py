"""The mixed load: 40 signed-in citizens read and write at once, as on a busy day of a city-wide vote.

Each citizen signs in through the real login form. wrk (``lua/mixed.lua``) then picks one of
their sessions per request: the idea list, a random idea or the project page, and 5 % of the
requests are real writes through the forms with the person's CSRF token: supports (each to an
idea none of them supports yet, so each one that worked is a new row) and comments (each with
the run's tag in its text). Afterwards the database is asked what was stored.
"""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench import pages, seed
from bench.bookings import run_tag
from bench.browser import Session, sign_in
from bench.cpu import CpuMeter
from bench.env import log
from bench.load import Endpoint, LoadShape, Result, measure, run_wrk, wrk_command
from bench.server import Server, drain

NAME = "mixed load: 40 signed-in citizens, 5 % writes"
WRITES_PER_MILLE = 50
SIGN_IN_THREADS = 4  # password hashing is slow on purpose; a few at a time keep the workers busy


def sign_in_readers(server: Server) -> list[Session]:
    emails = [user.email for user in seed.readers()]
    log(f"mixed load: signing in {len(emails)} citizens through the login form")
    with ThreadPoolExecutor(SIGN_IN_THREADS) as pool:
        return list(pool.map(lambda email: sign_in(server.base, email, seed.BENCH_PASSWORD), emails))


def write_lines(path: Path, lines: list[str]) -> str:
    path.write_text("".join(f"{line}\n" for line in lines))
    return str(path)


def in_flight_slack(*, stored: int, done: int, connections: int) -> str | None:
    """What is wrong when the stored writes do not match the answers, or None.

    wrk stops mid-request, so up to one write per connection may be stored without its answer.
    """
    if stored < done:
        return f"{done - stored} writes answered as done but not stored"
    if stored > done + connections:
        return f"{stored - done} writes stored without an answer (more than the {connections} connections)"
    return None


def ideas_to_use(readers: list[int]) -> tuple[list[int], list[int]]:
    """The ideas everyone may see, and those of them none of the readers supports yet (shuffled).

    The idea with 100 comments is left out: it stays as it is for the page measurements.
    """
    from participation.models import Idea, Support

    project = seed.PROJECT_SLUG
    hot = Idea.objects.get(project__slug=project, title=seed.HOT_IDEA_TITLE).pk
    visible = list(
        Idea.objects.filter(project__slug=project, is_hidden=False, hidden_by_reports=False)
        .exclude(status=Idea.Status.SUBMITTED)
        .exclude(pk=hot)
        .values_list("pk", flat=True)
    )
    supported = set(Support.objects.filter(user_id__in=readers).values_list("idea_id", flat=True))
    free = [pk for pk in visible if pk not in supported]
    random.Random(len(supported)).shuffle(free)  # noqa: S311 - an order for the load, not security
    if len(free) < 1000:
        log(f"mixed load: only {len(free)} ideas left that the citizens do not support yet; --reseed renews them")
    return visible, free


def run(wrk: str, server: Server, shape: LoadShape, *, meter: CpuMeter, work_dir: Path) -> Result:
    from participation.models import Comment, Support

    sessions = sign_in_readers(server)
    readers = [user.pk for user in seed.readers()]
    visible, free = ideas_to_use(readers)
    tag = run_tag()
    project = seed.PROJECT_SLUG
    files = [
        write_lines(work_dir / "mixed-sessions.txt", [f"{s.csrf} {s.cookie}" for s in sessions]),
        write_lines(work_dir / "mixed-ideas.txt", [str(pk) for pk in visible]),
        write_lines(work_dir / "mixed-supports.txt", [str(pk) for pk in free]),
    ]
    paths = [
        pages.IDEA_LIST.format(project=project),
        pages.PROJECT_PAGE.format(project=project),
        *(p.replace("{project}", project) for p in (pages.IDEA_PAGE, pages.SUPPORT_POST, pages.COMMENT_POST)),
    ]
    endpoint = Endpoint(NAME, paths[0], key="mixed", kind="mixed")

    def script_args(writes_per_mille: int) -> list[str]:
        return [*files, *paths, str(writes_per_mille), tag, str(shape.threads)]

    # Warm up with reads only: the writes are counted from the measured run alone.
    warm_up = LoadShape(2, 4, shape.threads)
    run_wrk([wrk_command(wrk, server.base, endpoint, warm_up, script="mixed.lua", script_args=script_args(0))], NAME)
    drain(server)
    log(f"load: {NAME} ({shape.duration} s, {shape.connections} connections)")
    arguments = script_args(WRITES_PER_MILLE)
    result = measure(
        wrk, server, endpoint, shape, stage="mixed", meter=meter, script="mixed.lua", script_args=arguments
    )
    stored = {
        "support": Support.objects.filter(user_id__in=readers, idea_id__in=free).count(),
        "comment": Comment.objects.filter(text__startswith=f"Bench {tag} ").count(),
    }
    record_writes(result, stored, connections=shape.connections)
    return result


def record_writes(result: Result, stored: dict[str, int], *, connections: int) -> None:
    """The writes sent, answered as done and found in the database, next to the load's figures."""
    counts = result.counts
    sent = sum(counts.get(f"{kind} sent", 0) for kind in stored)
    done = sum(counts.get(f"{kind} done", 0) for kind in stored)
    result.extra = {
        "writes_sent": sent,
        "writes_done": done,
        "writes_stored": sum(stored.values()),
        "share_stored": sum(stored.values()) / sent if sent else None,
    }
    for kind, rows in stored.items():
        figures = {"sent": counts.get(f"{kind} sent", 0), "done": counts.get(f"{kind} done", 0), "stored": rows}
        result.extra[f"{kind}s"] = figures
        result.notes.append(f"{kind}s: {figures['sent']} sent, {figures['done']} answered as done, {rows} stored")
    answers = {k: v for k, v in counts.items() if not k.endswith((" sent", " done"))}
    result.notes.append("other answers: " + ", ".join(f"{v} × {k}" for k, v in sorted(answers.items())))
    problem = in_flight_slack(stored=sum(stored.values()), done=done, connections=connections)
    if problem:
        result.failed_checks.append(problem)
