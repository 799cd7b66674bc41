"""Every URL pattern of the site, found by walking the URL configuration."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the route itself for an unnamed pattern
    route: str


def _walk(patterns: list[URLPattern | URLResolver], prefix: str, namespace: str) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            route = prefix + str(pattern.pattern)
            key = route  # an unnamed pattern is known by its route
            if pattern.name:
                key = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield Route(key=key, route=route)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns, "", ""))
