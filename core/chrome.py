"""What the base layout shows on every page and what follows from the code alone: built once per language.

The site's name, the addresses of the start page, the language switch, the profile, signing
in and out and the footer pages, the labels around them and the style sheet's address depend
only on the deployed code, the settings and the active language. Reversing ten addresses and
translating a dozen labels on every request cost more than the rest of a small page, so they
are built the first time a process needs them in a language and kept for its life, like
Django keeps compiled templates. Nothing here depends on the data or the person: what does
(the navigation's entries, the CSRF token of the sign-out form) is still worked out per request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django_htmx.jinja import htmx_script as django_htmx_script

_built: dict[tuple[Any, ...], dict[str, Any]] = {}
_urls: dict[tuple[Any, ...], str] = {}
_MAX_URLS = 4096
_pieces: dict[tuple[Any, ...], Any] = {}
_MISSING = object()
# Stands for a request's CSP nonce in the htmx tags built once: letters only, so escaping leaves it as it is.
_NONCE = "corechromecspnonce"


def _key() -> tuple[Any, ...]:
    # Everything the output depends on besides the code: tests change some of these.
    return (
        get_language(),
        get_script_prefix(),
        get_urlconf(),
        settings.ROOT_URLCONF,
        settings.SITE_NAME,
        settings.DEBUG,
        settings.STATIC_URL,
    )


def url(name: str, *args: str) -> str:
    """``reverse(name, args=args)`` once per process (and URL configuration).

    For the addresses of the few fixed things every page links to (pages, an office's area, a
    project's sections); never for rows of a list, whose number has no bound (``core.links``).
    """
    key = (name, args, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
    found = _urls.get(key)
    if found is None:
        if len(_urls) >= _MAX_URLS:
            _urls.clear()
        found = _urls[key] = reverse(name, args=args)
    return found


def once[T](*parts: Any, build: Callable[[], T]) -> T:
    """``build()`` once per process for ``parts`` and what the layout depends on (language, URLs, settings).

    For pieces of the layout of a few fixed things (an office's area navigation), never for rows of data.
    """
    key = (*parts, *_key())
    found = _pieces.get(key, _MISSING)
    if found is _MISSING:
        if len(_pieces) >= _MAX_URLS:
            _pieces.clear()
        found = _pieces[key] = build()
    return cast(T, found)


def chrome() -> dict[str, Any]:
    """Addresses, labels and ready HTML of the base layout in the active language, all escaped for HTML."""
    key = _key()
    found = _built.get(key)
    if found is None:
        # Escaped once here, not each time the layout prints them (the same text comes out).
        found = _built[key] = {name: conditional_escape(value) for name, value in _build().items()}
    return found


def htmx_script(nonce: object) -> SafeString:
    """What django_htmx's ``{% htmx_script %}`` prints for this CSP nonce.

    The tags come from django_htmx once per language and settings (finding the static file's
    address is most of its cost); only the request's nonce is put into them.
    """
    with_nonce, without_nonce = _htmx_tags()
    if nonce is None:
        return without_nonce
    return mark_safe(conditional_escape(str(nonce)).join(with_nonce))  # noqa: S308 (django_htmx's tags around an escaped nonce)


def _htmx_tags() -> tuple[list[str], SafeString]:
    def build() -> tuple[list[str], SafeString]:
        return str(django_htmx_script(nonce=_NONCE)).split(_NONCE), django_htmx_script()

    return once("htmx-script", build=build)


def _build() -> dict[str, Any]:
    english = get_language() == "en"
    easy = format_html('<a href="{}">Easy Read</a>', reverse("portal:easy"))
    if not english:
        easy = format_html('<a href="{}" lang="de">Leichte Sprache</a>', reverse("portal:easy"))
    footer_links = [
        (reverse("portal:page", args=[slug]), label)
        for slug, label in (
            ("impressum", gettext("Legal notice")),
            ("datenschutz", gettext("Privacy")),
            ("barrierefreiheit", gettext("Accessibility")),
        )
    ]
    footer = format_html(
        '<footer class="site-footer">\n    <ul>\n{}\n      <li>{}</li>\n    </ul>\n  </footer>',
        format_html_join("\n", '      <li><a href="{}">{}</a></li>', footer_links),
        easy,
    )
    current = get_language()
    buttons = format_html_join(
        "\n",
        '        <button type="submit" name="language" value="{}" lang="{}">{}</button>',
        [
            (code, code, "Deutsch" if code == "de" else "English")
            for code, _name in settings.LANGUAGES
            if code != current
        ],
    )
    return {
        "language_buttons": buttons,
        "site_name": settings.SITE_NAME,
        "css": static("css/site.css"),
        "home": reverse("portal:home"),
        "set_language": reverse("set_language"),
        "profile": reverse("accounts:profile"),
        "logout": reverse("account_logout"),
        "login": reverse("account_login"),
        "signup": reverse("account_signup"),
        "skip": gettext("Skip to content"),
        "main_nav": gettext("Main navigation"),
        "my_profile": gettext("My profile"),
        "sign_out": gettext("Sign out"),
        "sign_in": gettext("Sign in"),
        "register": gettext("Register"),
        "footer": footer,
    }
