"""Key-based ("Russian doll") fragment caching for HTML that is the same for everyone.

A fragment is a piece of a page whose HTML depends only on what its key names: the
object's own change stamp (``idea.updated_at``, ``comment.changed_at``, an office's
``plan_changed_at``), whatever else the piece shows that can change without moving
that stamp, and the language, which every key gets automatically. A write never
deletes a fragment: the service that changes an object moves its stamp (and its
parent's), so the next page asks for a new key and the old entry simply expires.

Nothing per person belongs in a fragment: no CSRF token, no "you support this", no
edit link that only the author sees. Pages put those around the shared fragments.

Typical use, one round trip to the cache for a whole list::

    cards = fragments.render_many(
        "participation/idea_list.html#card",
        ideas,
        key=lambda idea: ("idea-card", idea.pk, idea.updated_at, shows_supports),
        context=lambda idea: {"idea": idea},
        shared={"shows_supports": shows_supports},
    )
    # in the template: {% for card in cards %}{{ card }}{% endfor %}

``settings.APP_CACHE = False`` turns every fragment cache off: fragments are then
rendered on every request, with the same HTML (``tests/core/test_fragments.py``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.template import Context, engines
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.release import release

T = TypeVar("T")
Key = tuple[Any, ...]

# Fragments are found again by key, never deleted; a day is long enough for the warm
# ones and lets the superseded ones leave Redis on their own.
TIMEOUT = 24 * 60 * 60
# Keys also name the deployed code (``core.release``): a deploy that changes a template
# starts with fresh fragments. Raise VERSION to drop every stored fragment at once.
VERSION = 1


def enabled() -> bool:
    return bool(getattr(settings, "APP_CACHE", True))


def make_key(*parts: Any) -> str:
    """A bounded cache key for ``parts``, the deployed code and the active language.

    The first part names the fragment and stays readable (for looking into Redis);
    the rest is hashed, so long titles or many stamps never exceed the key limits.
    """
    name = str(parts[0])[:40] if parts else "fragment"
    digest = hashlib.blake2b(repr(parts[1:]).encode(), digest_size=16).hexdigest()
    return f"frag:{VERSION}:{release()[0]}:{get_language() or '-'}:{name}:{digest}"


def get_many(keys: Sequence[str]) -> dict[str, Any]:
    """The stored fragments among ``keys``, in one round trip; nothing when caching is off."""
    if not enabled() or not keys:
        return {}
    found: dict[str, Any] = cache.get_many(list(keys))
    return found


def set_many(fragments: Mapping[str, Any], *, timeout: int = TIMEOUT) -> None:
    if enabled() and fragments:
        cache.set_many(dict(fragments), timeout)


def render_many[T](
    template_name: str,
    items: Iterable[T],
    *,
    key: Callable[[T], Key],
    context: Callable[[T], dict[str, Any]],
    shared: Mapping[str, Any] | None = None,
    timeout: int = TIMEOUT,
) -> list[SafeString]:
    """The fragment of each item, from the cache where stored, rendered (and stored) where not.

    ``template_name`` is usually a partial (``"app/page.html#card"``). Items whose key is
    missing are rendered with one shared template context, so rendering twenty cards costs
    about what a ``{% for %}`` loop over them costs.
    """
    items = list(items)
    keys = [make_key(*key(item)) for item in items]
    found = get_many(keys)
    fresh: dict[str, str] = {}
    missing = [(k, item) for k, item in zip(keys, items, strict=True) if k not in found]
    if missing:
        with _renderer(template_name, shared or {}) as render:
            for fragment_key, item in missing:
                if fragment_key not in fresh:
                    fresh[fragment_key] = render(context(item))
        set_many(fresh, timeout=timeout)
    return [mark_safe(found[k] if k in found else fresh[k]) for k in keys]  # noqa: S308 - our templates' output


def build_many[T](
    items: Iterable[T],
    *,
    key: Callable[[T], Key],
    build: Callable[[T], SafeString],
    timeout: int = TIMEOUT,
) -> list[SafeString]:
    """Like ``render_many``, for a fragment put together in Python (``build`` escapes what it inserts).

    For the innermost pieces of the busiest pages, where even a small template per item costs
    more than the rest of the page: the cache works the same way.
    """
    items = list(items)
    keys = [make_key(*key(item)) for item in items]
    found = get_many(keys)
    fresh: dict[str, str] = {}
    for fragment_key, item in zip(keys, items, strict=True):
        if fragment_key not in found and fragment_key not in fresh:
            fresh[fragment_key] = build(item)
    set_many(fresh, timeout=timeout)
    return [mark_safe(found[k] if k in found else fresh[k]) for k in keys]  # noqa: S308 - built and escaped here


def render_one(
    template_name: str,
    *,
    key: Key,
    context: dict[str, Any] | Callable[[], dict[str, Any]],
    timeout: int = TIMEOUT,
) -> SafeString:
    """One fragment, from the cache or rendered and stored.

    ``context`` may be a function: it then runs only when the fragment must be rendered,
    so the queries behind an expensive fragment are skipped while it is stored.
    """

    def values(_item: None) -> dict[str, Any]:
        return context() if callable(context) else context

    return render_many(template_name, [None], key=lambda _item: key, context=values, timeout=timeout)[0]


@contextmanager
def _renderer(template_name: str, shared: Mapping[str, Any]) -> Iterator[Callable[[dict[str, Any]], str]]:
    """Render ``template_name`` again and again in one bound context, pushing each item's variables.

    Binding the template once instead of once per item keeps a list of thirty fragments
    about as cheap as a ``{% for %}`` loop over them.
    """
    template = engines["django"].get_template(template_name).template  # type: ignore[attr-defined]
    context = Context(dict(shared), autoescape=True)
    with context.render_context.push_state(template), context.bind_template(template):

        def render(values: dict[str, Any]) -> str:
            with context.push(values):
                return str(template.nodelist.render(context))

        yield render
