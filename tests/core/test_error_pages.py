"""Django's own 400 page (a form with too many fields, a damaged upload) explains itself in
the visitor's language without needing the database."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.mark.parametrize(("language", "text"), [("de", "Ihr Eintrag wurde nicht angenommen"), ("en", "not accepted")])
def test_a_form_with_thousands_of_fields_gets_the_400_page(client: Client, db: Any, language: str, text: str) -> None:
    fields = {f"feld{n}": "x" for n in range(1500)}
    response = client.post("/konto/login/", fields, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    body = response.content.decode()
    assert text in body
    assert f'<html lang="{language}">' in body
