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


def run(wrk: str, server: Server, shape: LoadShape, *, meter: CpuMeter, work_dir: Path) -> Result:
    from participation.models import Comment, Idea, Support

    sessions = sign_in_readers(server)
    project = seed.PROJECT_SLUG
    hot = Idea.objects.get(project__slug=project, title=seed.HOT_IDEA_TITLE).pk
    # The ideas everyone may see; the idea with 100 comments stays as it is for the page measurements.
    visible = list(
        Idea.objects.filter(project__slug=project, is_hidden=False, hidden_by_reports=False)
        .exclude(status=Idea.Status.SUBMITTED)
        .exclude(pk=hot)
        .values_list("pk", flat=True)
    )
    readers = [user.pk for user in seed.readers()]
    supported = set(Support.objects.filter(user_id__in=readers).values_list("idea_id", flat=True))
    free = [pk for pk in visible if pk not in supported]
    random.Random(len(supported)).shuffle(free)  # noqa: S311 - an order for the load, not security
    if len(free) < 1000:
        log(f"mixed load: only {len(free)} ideas left that the citizens do not support yet; --reseed renews them")

    tag = run_tag()
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
    run_wrk(
        [
            wrk_command(
                wrk,
                server.base,
                endpoint,
                LoadShape(2, 4, shape.threads),
                script="mixed.lua",
                script_args=script_args(0),
            )
        ],
        NAME,
    )
    drain(server)
    log(f"load: {NAME} ({shape.duration} s, {shape.connections} connections)")
    result = measure(
        wrk,
        server,
        endpoint,
        shape,
        stage="mixed",
        meter=meter,
        script="mixed.lua",
        script_args=script_args(WRITES_PER_MILLE),
    )

    counts = result.counts
    sent = counts.get("support sent", 0) + counts.get("comment sent", 0)
    done = counts.get("support done", 0) + counts.get("comment done", 0)
    stored_comments = Comment.objects.filter(text__startswith=f"Bench {tag} ").count()
    stored_supports = Support.objects.filter(user_id__in=readers, idea_id__in=free).count()
    stored = stored_comments + stored_supports
    result.extra = {
        "writes_sent": sent,
        "writes_done": done,
        "writes_stored": stored,
        "share_stored": stored / sent if sent else None,
    }
    for kind, stored_rows in (("support", stored_supports), ("comment", stored_comments)):
        result.extra[f"{kind}s"] = {
            "sent": counts.get(f"{kind} sent", 0),
            "done": counts.get(f"{kind} done", 0),
            "stored": stored_rows,
        }
        result.notes.append(
            f"{kind}s: {counts.get(f'{kind} sent', 0)} sent, {counts.get(f'{kind} done', 0)} answered as done, "
            f"{stored_rows} stored"
        )
    answers = {k: v for k, v in counts.items() if not k.endswith(("sent", "done"))}
    result.notes.append("other answers: " + ", ".join(f"{v} × {k}" for k, v in sorted(answers.items())))
    problem = in_flight_slack(stored=stored, done=done, connections=shape.connections)
    if problem:
        result.failed_checks.append(problem)
    return result
