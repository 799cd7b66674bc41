"""Leichte Sprache pages for taking part and for booking help, and a complete accessibility statement."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from portal.demo import OUTDATED, seed_pages
from portal.models import SitePage
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db

EASY = reverse("portal:easy")
PARTICIPATION = reverse("portal:easy-topic", args=["mitwirkung"])
HELP = reverse("portal:easy-topic", args=["digitale-hilfe"])


def test_the_start_page_and_every_footer_lead_to_leichte_sprache(client: Client) -> None:
    home = client.get("/").content.decode()
    assert home.count(f'href="{EASY}"') == 2, "a link near the top of the start page and one in the footer"
    assert f'href="{EASY}"' in client.get(reverse("participation:project-list")).content.decode()


def test_the_overview_leads_to_both_pages(client: Client) -> None:
    html = client.get(EASY).content.decode()
    assert f'href="{PARTICIPATION}"' in html and f'href="{HELP}"' in html
    assert "<h1>Leichte Sprache</h1>" in html


def test_taking_part_is_explained_step_by_step_with_links_to_the_real_pages(client: Client) -> None:
    html = client.get(PARTICIPATION).content.decode()
    assert "So schreiben Sie eine Idee" in html
    for name in ("account_signup", "participation:project-list", "participation:my-ideas", "notifications:settings"):
        assert f'href="{reverse(name)}"' in html


def test_booking_help_names_the_offices_with_their_phone_numbers(client: Client) -> None:
    office = OfficeFactory.create(name="Stadtteilbüro Grübentälchen", phone="0631 1234")
    html = client.get(HELP).content.decode()
    assert "So bekommen Sie einen Termin" in html
    assert reverse("helpdesk:office", args=[office.slug]) in html and "0631 1234" in html
    assert f'href="{reverse("helpdesk:start")}"' in html


def test_the_pages_exist_in_easy_english_too(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "<h1>Easy Read</h1>" in client.get(EASY).content.decode()
    assert "How to write an idea" in client.get(PARTICIPATION).content.decode()
    assert "How to get an appointment" in client.get(HELP).content.decode()
    assert 'href="/leichte-sprache/">Easy Read</a>' in client.get("/").content.decode()


def test_the_old_address_leads_to_the_new_pages_and_unknown_topics_are_404(client: Client) -> None:
    response = client.get(reverse("portal:page", args=["leichte-sprache"]))
    assert response.status_code == 301 and response["Location"] == EASY
    assert client.get("/leichte-sprache/gibt-es-nicht/").status_code == 404


def test_the_accessibility_statement_is_complete(client: Client) -> None:
    seed_pages()
    html = client.get(reverse("portal:page", args=["barrierefreiheit"])).content.decode()
    for heading in (
        "Stand der Vereinbarkeit",
        "Nicht barrierefreie Inhalte",
        "Barrieren melden: Kontakt",
        "Durchsetzungsverfahren",
    ):
        assert f"<h2>{heading}</h2>" in html
    assert "Landesinklusionsgesetz" in html and "BITV RP" in html
    assert '<a href="mailto:barrierefreiheit@kaiserslautern.example">' in html
    assert '<a href="mailto:durchsetzungsstelle@mastd.rlp.de">' in html
    assert "(Demo-Angaben)" in html, "the city's contact data are marked as demo data"


def test_seeding_replaces_the_old_default_statement_but_keeps_an_edited_one() -> None:
    SitePage.objects.create(
        slug="barrierefreiheit",
        title_de="Alt",
        title_en="Old",
        body_de=OUTDATED[SitePage.Slug.BARRIEREFREIHEIT],
        body_en="x",
    )
    seed_pages()
    assert "Durchsetzungsverfahren" in SitePage.objects.get(slug="barrierefreiheit").body_de
    SitePage.objects.filter(slug="barrierefreiheit").update(body_de="Von der Stadt bearbeitet")
    seed_pages()
    assert SitePage.objects.get(slug="barrierefreiheit").body_de == "Von der Stadt bearbeitet"
