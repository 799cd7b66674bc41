"""Anonymous pages loaded with conditional GETs, as a browser or a reverse proxy revalidates them.

The stage first GETs each page as a browser would and keeps the validators the answer
offers (``ETag``, ``Last-Modified``); then wrk sends them back (``If-None-Match``,
``If-Modified-Since``) on every request and counts 304 Not Modified against full answers.
A page that offers no validator is loaded with plain GETs and reported with 0 % 304s.
"""

from __future__ import annotations

from bench.cpu import CpuMeter
from bench.load import Endpoint, LoadShape, Result, measure, status_of
from bench.server import Server

# What the first answer said about caching, kept with the figures.
SHOWN_HEADERS = ("ETag", "Last-Modified", "Cache-Control", "Vary")


def conditional_headers(headers: dict[str, str]) -> dict[str, str]:
    """The request headers that revalidate an answer with these response headers."""
    found = {name.lower(): value for name, value in headers.items()}
    conditional = {}
    if "etag" in found:
        conditional["If-None-Match"] = found["etag"]
    if "last-modified" in found:
        conditional["If-Modified-Since"] = found["last-modified"]
    return conditional


def share_304(counts: dict[str, int], requests: int) -> float | None:
    return counts.get("304", 0) / requests if requests else None


def run(wrk: str, server: Server, endpoint: Endpoint, shape: LoadShape, *, meter: CpuMeter) -> Result:
    status, headers = status_of(server, endpoint)
    endpoint.headers = conditional_headers(headers)
    result = measure(wrk, server, endpoint, shape, stage="conditional", meter=meter, script="statuses.lua")
    shown = {name.lower(): value for name, value in headers.items()}
    result.extra = {
        "first_status": status,
        "validators": ", ".join(endpoint.headers) or "",
        "share_304": share_304(result.counts, result.requests),
        "rate_304": result.counts.get("304", 0) / result.seconds if result.seconds else None,
        "headers": {name: shown[name.lower()] for name in SHOWN_HEADERS if name.lower() in shown},
    }
    if not endpoint.headers:
        result.notes.append("the page offered no ETag and no Last-Modified: plain GETs")
    answers = ", ".join(f"{count} × {status}" for status, count in sorted(result.counts.items()))
    result.notes.append(f"answers: {answers}; first answer's headers: {result.extra['headers'] or 'none of interest'}")
    return result
