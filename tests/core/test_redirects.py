"""A ``next`` parameter leads only to a path on this site; anything else falls back."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from core.redirects import redirect_next, safe_next

FALLBACK = "/profil/"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "http://testserver/profil/",  # absolute, even to this host: nobody needs it
        "//evil.example/",
        "///evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "/\t/evil.example/",
        " /profil/",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "evil.example",
        "profil/",
        "/" + "a" * 2001,
        "",
    ],
)
def test_a_next_that_could_leave_the_site_falls_back(rf: RequestFactory, target: str) -> None:
    assert safe_next(rf.post("/x/", {"next": target}), FALLBACK) == FALLBACK
    assert safe_next(rf.get("/x/", {"next": target}), FALLBACK) == FALLBACK


@pytest.mark.parametrize("target", ["/hilfe/", "/hilfe/termine/?tag=2026-05-04&ansicht=woche", "/mitwirkung/#ideen"])
def test_a_path_on_this_site_is_followed(rf: RequestFactory, target: str) -> None:
    assert safe_next(rf.post("/x/", {"next": target}), FALLBACK) == target


def test_the_form_value_wins_over_the_query_string(rf: RequestFactory) -> None:
    request = rf.post("/x/?next=/from-query/", {"next": "/from-form/"})
    assert safe_next(request, FALLBACK) == "/from-form/"


def test_the_fallback_may_be_a_url_name_and_redirect_next_redirects(rf: RequestFactory) -> None:
    response = redirect_next(rf.post("/x/", {"next": "//evil.example"}), "accounts:profile")
    assert response.status_code == 302
    assert response["Location"] == "/profil/"
