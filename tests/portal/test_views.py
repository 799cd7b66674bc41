"""The start page, the footer pages and the accessible base layout."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from portal.models import SitePage
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_start_page_leads_citizens_to_open_projects_and_seniors_to_help(client: Client) -> None:
    open_project = ProjectFactory.create(title="Platz vor dem Pfalztheater")
    ProjectFactory.create(title="Geheimer Entwurf", visibility="draft")
    content = client.get("/").content.decode()
    assert open_project.get_absolute_url() in content
    assert "Geheimer Entwurf" not in content
    assert reverse("helpdesk:start") in content
    assert "Hilfe buchen" in content


def test_every_page_has_a_skip_link_a_main_landmark_and_a_language_switch(client: Client) -> None:
    content = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in content
    assert '<main id="main"' in content
    assert 'action="/i18n/setlang/"' in content
    assert 'lang="de"' in content


def test_switching_to_english_works_without_javascript(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    content = client.get("/").content.decode()
    assert '<html lang="en">' in content
    assert "Book help" in content


def test_the_content_security_policy_uses_nonces_and_forbids_inline_scripts(client: Client) -> None:
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce
    # The only script is htmx, loaded from our own static files, carrying the nonce.
    scripts = re.findall(r"<script[^>]*>", response.content.decode())
    assert scripts and all(f'nonce="{nonce.group(1)}"' in tag and "src=" in tag for tag in scripts)


def test_footer_pages_show_their_editable_text_in_the_current_language(client: Client) -> None:
    SitePage.objects.create(
        slug="impressum", title_de="Impressum", title_en="Legal notice", body_de="Stadt KL", body_en="City of KL"
    )
    assert "Stadt KL" in client.get(reverse("portal:page", args=["impressum"])).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "City of KL" in client.get(reverse("portal:page", args=["impressum"])).content.decode()


def test_a_footer_page_without_text_says_so_and_unknown_pages_are_404(client: Client) -> None:
    assert client.get(reverse("portal:page", args=["datenschutz"])).status_code == 200
    assert client.get("/seite/gibt-es-nicht/").status_code == 404


def test_the_footer_links_impressum_datenschutz_and_barrierefreiheit(client: Client) -> None:
    content = client.get("/").content.decode()
    for slug in ("impressum", "datenschutz", "barrierefreiheit"):
        assert reverse("portal:page", args=[slug]) in content


def test_the_api_schema_and_docs_are_served_without_a_cdn(client: Client) -> None:
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/").content.decode()
    assert "cdn" not in docs.lower()


def test_the_privacy_page_lists_what_is_stored_and_for_how_long(client: Client) -> None:
    from portal.demo import seed_pages

    seed_pages()
    content = client.get(reverse("portal:page", args=["datenschutz"])).content.decode()
    for stored in ("E-Mail-Adresse", "Telefonnummer", "Ideen, Kommentare und Unterstützungen", "90 Tage"):
        assert stored in content


@pytest.mark.parametrize("path", ["/", "/mitwirkung/", "/hilfe/", "/leichte-sprache/"])
def test_read_pages_answer_head_requests_like_get_for_uptime_monitors_and_link_checkers(
    client: Client, path: str
) -> None:
    get = client.get(path)
    head = client.head(path)
    assert get.status_code == 200
    assert head.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b""
