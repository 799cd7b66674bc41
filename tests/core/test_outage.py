"""While PostgreSQL cannot be reached, every page answers 503 with Retry-After and a friendly
page in the visitor's language. The site runs in a separate process whose database is a
PostgreSQL port where nothing listens (the shared PostgreSQL is never stopped)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.core.without_database import run_without_database

SCRIPT = """
from django.test import Client
answers = []
for path, headers in [
    ("/", {}),
    ("/mitwirkung/", {"HTTP_ACCEPT_LANGUAGE": "en"}),
    ("/profil/", {"HTTP_COOKIE": "sessionid=a-session-the-database-would-know"}),
    ("/konto/login/", {}),
    ("/api/projects/", {}),
]:
    r = Client(raise_request_exception=False).get(path, **headers)
    answers.append({"path": path, "status": r.status_code, "retry": r.get("Retry-After"), "type": r["Content-Type"],
                    "policy": r.get("Permissions-Policy", ""), "csp": r.get("Content-Security-Policy", ""),
                    "body": r.content.decode()})
r = Client(raise_request_exception=False).post("/konto/login/", {"login": "a@example.org", "password": "x"})
answers.append({"path": "POST /konto/login/", "status": r.status_code, "retry": r.get("Retry-After"), "body": ""})
print(json.dumps(answers))
"""


def test_every_page_that_needs_the_database_answers_503_with_retry_after_while_it_is_unreachable(
    tmp_path: Path,
) -> None:
    answers = run_without_database(SCRIPT, tmp_path)
    assert [(a["path"], a["status"], a["retry"]) for a in answers] == [
        ("/", 503, "60"),
        ("/mitwirkung/", 503, "60"),
        ("/profil/", 503, "60"),
        ("/konto/login/", 200, None),  # the form itself needs nothing from the database
        ("/api/projects/", 503, "60"),
        ("POST /konto/login/", 503, "60"),
    ]
    home, english, signed_in, _login, api, _post = answers
    assert "Für einen Moment nicht erreichbar" in home["body"]
    assert '<html lang="de">' in home["body"]
    assert "Not available for a moment" in english["body"]
    assert "technischen Störung" in signed_in["body"]
    assert api["type"] == "application/json"
    assert "technischen Störung" in json.loads(api["body"])["detail"]
    # The security headers are there on the outage page too.
    assert "camera=()" in home["policy"]
    assert "default-src 'self'" in home["csp"]
