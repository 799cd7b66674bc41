"""Every answer carries a Permissions-Policy that switches off what the site never uses."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/konto/login/", "/api/projects/", "/gibt-es-nicht/", "/static/css/site.css"])
def test_every_answer_switches_off_camera_microphone_payment_and_usb(client: Client, path: str) -> None:
    policy = client.get(path)["Permissions-Policy"]
    features = dict(item.split("=") for item in policy.split(", "))
    for feature in ["camera", "microphone", "payment", "usb", "serial", "display-capture"]:
        assert features[feature] == "()"
    # The idea map may ask for the visitor's position, no embedded page may.
    assert features["geolocation"] == "(self)"


def test_a_page_that_sets_its_own_policy_keeps_it(rf: Any) -> None:
    from django.http import HttpResponse

    from core.headers import PermissionsPolicyMiddleware

    def own_policy(request: Any) -> HttpResponse:
        response = HttpResponse()
        response["Permissions-Policy"] = "geolocation=()"
        return response

    assert PermissionsPolicyMiddleware(own_policy)(rf.get("/"))["Permissions-Policy"] == "geolocation=()"
