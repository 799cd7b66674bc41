"""Just enough of a browser to sign in through the site's real forms: cookies, CSRF token, redirects."""

from __future__ import annotations

import http.cookiejar
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass

from bench.env import fail

LOGIN_PATH = "/konto/login/"


@dataclass(frozen=True)
class Session:
    cookie: str  # the value of a Cookie header: session and CSRF cookies
    csrf: str  # the CSRF secret, accepted as the form's token


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def cookie(self, name: str) -> str:
        return next((c.value or "" for c in self.jar if c.name == name), "")

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.geturl(), response.read().decode()

    def post(self, path: str, data: dict[str, str]) -> tuple[str, str]:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.cookie("csrftoken"), **data}).encode()
        request = urllib.request.Request(  # noqa: S310 - loopback only
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=60) as response:
            return response.geturl(), response.read().decode()


def totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return str(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))


def sign_in(base: str, email: str, password: str, *, totp_secret: str = "") -> Session:
    """Sign in through allauth's own forms (and its TOTP step for staff)."""
    browser = Browser(base)
    browser.get(LOGIN_PATH)
    url, _page = browser.post(LOGIN_PATH, {"login": email, "password": password})
    if "/2fa/authenticate" in url:
        if not totp_secret:
            fail(f"{email} was asked for a TOTP code but has no secret in the bench data")
        url, _page = browser.post(urllib.parse.urlsplit(url).path, {"code": totp_code(totp_secret)})
    if not browser.cookie("sessionid") or LOGIN_PATH in url or "/2fa/" in url:
        fail(f"signing in as {email} did not work (ended at {url})")
    return Session(cookie=browser.cookie_header(), csrf=browser.cookie("csrftoken"))
