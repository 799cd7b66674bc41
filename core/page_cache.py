"""Whole-page cache for read pages, dropped on every write to the data they show.

Why whole pages: rendering a list of ideas or a day plan costs 15–60 ms of template and
ORM work, while a bare Django view answers in under 1 ms (BENCHMARKS.md). Fragments would
still leave the page frame and its queries on every request.

How it stays correct:

- **Versions, not deletes.** Each namespace ("participation", "helpdesk", "accounts") has a
  version number in the shared cache. The key of a stored page contains the versions of
  the namespaces it reads, so bumping a version makes every older page unreachable at once,
  in every process.
- **Bumped by the database writes themselves.** An execute wrapper on every connection sees
  each INSERT, UPDATE and DELETE and bumps the namespace of the table it writes: at once in
  autocommit, otherwise after the commit (other processes cannot see the rows before) and
  before this thread reads versions again (it can: tests run inside one transaction).
  Services, the admin, ``QuerySet.update()``, Celery tasks and management commands are all
  covered without anyone remembering to invalidate.
- **Per person.** The key holds the user's id (or "anonymous"), the language, the full path
  with its query and the htmx headers, so nobody is ever served someone else's page.
  Pages of signed-in people show their name, roles and what they supported.
- **Per request parts stay per request.** While a page is rendered for the cache, the CSRF
  token and the CSP nonce are placeholders; every answer, fresh or cached, gets the
  request's own values put in.
- **Short life.** Entries expire after ``PAGE_CACHE_SECONDS`` (60 by default), which bounds
  how long a page can lag behind the clock (a phase or a slot that starts, "today").
- **Never cached:** anything but GET/HEAD, answers other than 200, answers that set cookies,
  and requests with a pending flash message (the page would show it to the next visitor).

Two tiers: the shared cache (Redis in production) holds the pages for all processes; each
process keeps the most recent pages in memory as well, so a hit costs one round trip for
the versions. The memory tier cannot serve a stale page: its keys contain the versions too.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.urls import URLPattern, URLResolver
from django.utils.translation import get_language

PARTICIPATION = "participation"
HELPDESK = "helpdesk"
ACCOUNTS = "accounts"
ALL_NAMESPACES = (PARTICIPATION, HELPDESK, ACCOUNTS)

# Which tables feed which namespace. Accounts: names shown next to ideas, the roles that
# decide navigation and permissions, and the second factor staff must have (allauth's
# mfa tables). Sessions, audit log, outbox etc. feed no page.
_TABLE_NAMESPACES: tuple[tuple[str, str], ...] = (
    ("participation_", PARTICIPATION),
    ("helpdesk_", HELPDESK),
    ("accounts_user", ACCOUNTS),
    ("accounts_membership", ACCOUNTS),
    ("mfa_", ACCOUNTS),
)
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
_VERSION_KEY = "page-cache:version:{}"
_PAGE_KEY = "page-cache:page:{}"
_MEMORY_ENTRIES = 256
_MEMORY_ENTRY_MAX_BYTES = 8 * 1024 * 1024


def _placeholder(name: str) -> str:
    # Derived from the secret key: content cannot guess it and smuggle one in.
    digest = hmac.new(settings.SECRET_KEY.encode(), f"page-cache:{name}".encode(), hashlib.sha256).hexdigest()
    return f"pc{name}{digest[:24]}"


@functools.cache
def csrf_placeholder() -> str:
    return _placeholder("csrf")


@functools.cache
def nonce_placeholder() -> str:
    return _placeholder("nonce")


def seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 60))


# --- versions -------------------------------------------------------------------------


def _fresh_version() -> int:
    # A restarted counter (cache flushed) must not meet a page a process still holds in
    # memory under an old number, so counters start from the clock, not from 1.
    return time.time_ns()


# Within one web request the versions are read once (the permission checks of the
# middleware and the page key both need them) and forgotten when this process writes.
# Outside requests (workers, shells) every call asks the cache.
_request_local = threading.local()
# Namespaces written inside a transaction of this thread and not bumped yet: bumped when
# this thread next reads versions (it may read its own uncommitted rows) and after commit.
_written = threading.local()


def request_started(**kwargs: Any) -> None:
    _request_local.versions = {}


def request_finished(**kwargs: Any) -> None:
    _request_local.versions = None


def _forget_request_versions() -> None:
    memo: dict[str, int] | None = getattr(_request_local, "versions", None)
    if memo is not None:
        memo.clear()


def bump(namespace: str) -> None:
    key = _VERSION_KEY.format(namespace)
    bump_counter = getattr(cache, "bump_counter", None)
    if bump_counter is not None:
        bump_counter(key, _fresh_version())  # Redis: one round trip
    else:
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, _fresh_version(), timeout=None)
    _forget_request_versions()


def _pending() -> set[str]:
    pending: set[str] | None = getattr(_written, "namespaces", None)
    if pending is None:
        pending = _written.namespaces = set()
    return pending


def _bump_pending() -> None:
    pending = _pending()
    while pending:
        bump(pending.pop())


def _read_versions(namespaces: Sequence[str]) -> dict[str, int]:
    keys = {_VERSION_KEY.format(name): name for name in namespaces}
    found = cache.get_many(list(keys))
    missing = [key for key in keys if key not in found]
    for key in missing:
        cache.add(key, _fresh_version(), timeout=None)
    if missing:
        found = cache.get_many(list(keys))
    return {name: int(found.get(key, 0)) for key, name in keys.items()}


def versions(namespaces: Sequence[str]) -> tuple[int, ...]:
    _bump_pending()
    memo: dict[str, int] | None = getattr(_request_local, "versions", None)
    if memo is None:
        found = _read_versions(namespaces)
    else:
        if not all(name in memo for name in namespaces):
            memo.update(_read_versions(ALL_NAMESPACES))
        found = memo
    return tuple(found[name] for name in namespaces)


def remember[T](namespace: str, name: str, compute: Callable[[], T | None]) -> T | None:
    """A value read from the data of ``namespace``, kept in the cache until that data changes.

    ``compute`` runs on a miss; None is not kept (nothing found, ask again next time).
    """
    key = f"{name}:{versions([namespace])[0]}"
    found: T | None = cache.get(key)
    if found is None:
        found = compute()
        if found is not None:
            cache.set(key, found, seconds() or 60)
    return found


def namespace_of(sql: str) -> str | None:
    match = _WRITE.match(sql)
    if match is None:
        return None
    table = match.group(1).lower()
    for prefix, namespace in _TABLE_NAMESPACES:
        if table.startswith(prefix):
            return namespace
    return None


def _bump_after_commit(connection: BaseDatabaseWrapper, namespace: str) -> None:
    # One bump per namespace and transaction is enough; a rollback drops it with the rest.
    if any(getattr(entry[1], "page_cache_namespace", None) == namespace for entry in connection.run_on_commit):
        return

    def after_commit() -> None:
        _pending().discard(namespace)
        bump(namespace)

    after_commit.page_cache_namespace = namespace  # type: ignore[attr-defined]
    transaction.on_commit(after_commit, using=connection.alias)


def _watch_writes(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    result = execute(sql, params, many, context)
    namespace = namespace_of(sql)
    if namespace is None:
        return result
    connection: BaseDatabaseWrapper = context["connection"]
    if connection.in_atomic_block:
        # Not visible to other processes before the commit: bump then, and before this
        # thread reads versions again. A booking writes several rows but bumps once.
        _pending().add(namespace)
        _bump_after_commit(connection, namespace)
    else:
        bump(namespace)  # autocommit: already committed
    return result


def watch_connection(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: install the write watcher once per connection."""
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


# --- pages ----------------------------------------------------------------------------


class _Entry(NamedTuple):
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    personal: bool  # holds placeholders to fill in (a 1 MB GeoJSON body does not)


class _MemoryTier:
    """The most recent pages of this process; keys contain the versions, so never stale."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[str, tuple[float, _Entry]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> _Entry | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            expires, entry = found
            if expires < time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: _Entry, ttl: int) -> None:
        if len(entry.content) > _MEMORY_ENTRY_MAX_BYTES:
            return
        with self._lock:
            self._entries[key] = (time.monotonic() + ttl, entry)
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)


_memory = _MemoryTier(_MEMORY_ENTRIES)


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or seconds() <= 0:
        return False
    # Only the session's user is known here. An API caller authenticated another way (a
    # header; DRF's force_authenticate in tests) could be someone else, so is not cached.
    if "HTTP_AUTHORIZATION" in request.META or hasattr(request, "_force_auth_user"):
        return False
    # A flash message waiting to be shown belongs to this visitor only.
    storage = getattr(request, "_messages", None)
    return storage is None or len(messages.get_messages(request)) == 0


def _key(request: HttpRequest, current: Sequence[int]) -> str:
    user: Any = getattr(request, "user", None)
    who = str(user.pk) if getattr(user, "is_authenticated", False) else "anonymous"
    parts = [
        ",".join(str(v) for v in current),
        who,
        get_language() or "",
        # The API's page links are absolute.
        request.scheme or "",
        request.get_host(),
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Boosted", ""),
        request.headers.get("HX-Target", ""),
        # The API answers JSON or its browsable HTML depending on what is accepted.
        request.headers.get("Accept", ""),
        # Views wrapped in gzip_page answer compressed to those who accept it.
        "gzip" if _ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")) else "",
    ]
    return _PAGE_KEY.format(hashlib.sha256("\n".join(parts).encode()).hexdigest())


def _cacheable_response(response: HttpResponseBase) -> bool:
    return response.status_code == 200 and not response.streaming and not response.cookies


def _freeze(response: HttpResponse) -> _Entry:
    headers = tuple((name, value) for name, value in response.headers.items())
    content = response.content
    personal = csrf_placeholder().encode() in content or nonce_placeholder().encode() in content
    return _Entry(response.status_code, headers, content, personal)


def _personalise(request: HttpRequest, content: bytes) -> bytes:
    csrf = csrf_placeholder().encode()
    if csrf in content:
        content = content.replace(csrf, get_token(request).encode())
    nonce = nonce_placeholder().encode()
    if nonce in content:
        content = content.replace(nonce, str(getattr(request, "_csp_nonce", "")).encode())
    return content


def _thaw(request: HttpRequest, entry: _Entry) -> HttpResponse:
    content = _personalise(request, entry.content) if entry.personal else entry.content
    response = HttpResponse(content, status=entry.status)
    for name, value in entry.headers:
        response.headers[name] = value
    response.headers["Content-Length"] = str(len(response.content))
    return response


def _render(request: HttpRequest, render: Callable[[], HttpResponse]) -> HttpResponse:
    request.page_cache_capture = True  # type: ignore[attr-defined]
    try:
        response = render()
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()  # DRF and TemplateResponse render lazily
    finally:
        request.page_cache_capture = False  # type: ignore[attr-defined]
    return response


def serve(request: HttpRequest, namespaces: Iterable[str], render: Callable[[], HttpResponse]) -> HttpResponse:
    """Answer from the cache, or call ``render`` and keep its answer for the next visitor."""
    if not _cacheable_request(request):
        return render()
    current = versions(sorted({*namespaces, ACCOUNTS}))
    if 0 in current:
        # The cache cannot be reached: without versions nothing can be kept safely.
        return render()
    key = _key(request, current)
    entry = _memory.get(key)
    if entry is None:
        entry = cache.get(key)
        if entry is not None:
            _memory.put(key, entry, seconds())
    if entry is not None:
        return _thaw(request, entry)
    response = _render(request, render)
    if response.streaming:
        return response
    if _cacheable_response(response):
        entry = _freeze(response)
        cache.set(key, entry, seconds())
        _memory.put(key, entry, seconds())
        return _thaw(request, entry)
    response.content = _personalise(request, response.content)
    return response


def cached(*namespaces: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: ``@page_cache.cached(PARTICIPATION)`` for pages that only read."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            return serve(request, namespaces, lambda: view(request, *args, **kwargs))

        return wrapper

    return decorator


def placeholders(request: HttpRequest) -> dict[str, str]:
    """Context processor: while a page is rendered for the cache, per-request values are placeholders."""
    if getattr(request, "page_cache_capture", False):
        return {"csrf_token": csrf_placeholder(), "csp_nonce": nonce_placeholder()}
    return {}


def cache_url_patterns(patterns: list[URLPattern | URLResolver], *namespaces: str) -> list[URLPattern | URLResolver]:
    """Serve the GET answers of these views (an API router's) through the page cache."""
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = cached(*namespaces)(pattern.callback)
    return patterns
