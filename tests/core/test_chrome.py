"""The base layout's pieces built once per language (core.chrome) print what they replaced."""

from __future__ import annotations

from django.test import override_settings
from django.utils import translation
from django_htmx.jinja import htmx_script as django_htmx_script

from core import chrome


def test_the_htmx_tags_carry_the_requests_nonce_as_django_htmx_prints_them() -> None:
    for nonce in ("abc-DEF_123", 'q"<&', None):
        assert chrome.htmx_script(nonce) == django_htmx_script(nonce=nonce)


@override_settings(DEBUG=True)
def test_the_htmx_tags_follow_the_debug_setting() -> None:
    assert chrome.htmx_script("n") == django_htmx_script(nonce="n")
    assert "django-htmx.js" in chrome.htmx_script("n")


@override_settings(SITE_NAME="Rat & Tat")
def test_labels_and_addresses_come_escaped_once() -> None:
    with translation.override("de"):
        built = chrome.chrome()
    assert built["site_name"] == "Rat &amp; Tat"
    assert built["home"] == "/"
    assert all(hasattr(value, "__html__") for value in built.values())
