"""One reverse() per kind of link gives the same URLs as reverse() for each row."""

from __future__ import annotations

from django.urls import reverse

from core.links import url_maker


def test_the_made_urls_are_those_of_reverse():
    make = url_maker("participation:comment-edit", varying="pk", slug="platz")
    for pk in (1, 42, 2_000_000):
        assert make(pk) == reverse("participation:comment-edit", kwargs={"slug": "platz", "pk": pk})
