"""Rate limits, the honeypot and the confirmed-e-mail rule keep spam out of the public forms."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import User
from core import ratelimit
from participation.models import Comment, Idea, Phase, Project, Report
from tests.factories import PASSWORD, ProjectFactory, UserFactory
from tests.participation.factories import IdeaFactory

TWO_PER_PERSON = {"idea": "2/h/user", "comment": "2/h/user", "report": "2/h/user", "booking": "2/h/user"}
THREE_PER_ADDRESS = {"idea": "3/h/ip", "comment": "3/h/ip", "report": "3/h/ip", "booking": "3/h/ip"}


@pytest.fixture
def project(db: Any) -> Project:
    return ProjectFactory.create(phase=Phase.Kind.COLLECTION)


@pytest.fixture
def idea(project: Project) -> Idea:
    return IdeaFactory.create(project=project)


def _submit_idea(client: Client, project: Project, title: str, **extra: Any) -> Any:
    data = {"title": title, "description": "Mehr Schatten am Brunnen.", **extra}
    return client.post(reverse("participation:idea-create", args=[project.slug]), data, REMOTE_ADDR="203.0.113.7")


def _comment(client: Client, idea: Idea, text: str, **extra: Any) -> Any:
    url = reverse("participation:comment-create", args=[idea.project.slug, idea.pk])
    return client.post(url, {"text": text, **extra})


@override_settings(ABUSE_RATE_LIMITS=TWO_PER_PERSON)
def test_a_third_idea_within_the_hour_is_refused_with_a_clear_message(client: Client, project: Project) -> None:
    client.force_login(UserFactory.create())
    for n in range(2):
        assert _submit_idea(client, project, f"Idee {n}").status_code == 302
    response = _submit_idea(client, project, "Idee 3")
    assert response.status_code == 429
    assert "Bitte warten Sie 60 Minuten" in response.content.decode()
    assert response["Retry-After"] == "3600"
    assert Idea.objects.filter(project=project).count() == 2


@override_settings(ABUSE_RATE_LIMITS=TWO_PER_PERSON)
def test_the_limit_message_is_in_the_persons_language(client: Client, project: Project) -> None:
    client.force_login(UserFactory.create(preferred_language="en"))
    for n in range(2):
        _submit_idea(client, project, f"Idea {n}")
    response = _submit_idea(client, project, "Idea 3")
    assert response.status_code == 429
    assert "please wait 60 minutes" in response.content.decode()


@override_settings(ABUSE_RATE_LIMITS=TWO_PER_PERSON)
def test_form_mistakes_do_not_use_up_the_allowance(client: Client, project: Project) -> None:
    client.force_login(UserFactory.create())
    for _ in range(3):
        assert _submit_idea(client, project, "").status_code == 400  # no title
    for n in range(2):
        assert _submit_idea(client, project, f"Idee {n}").status_code == 302


@override_settings(ABUSE_RATE_LIMITS=THREE_PER_ADDRESS)
def test_many_accounts_from_one_address_share_one_limit(project: Project) -> None:
    for n in range(3):
        client = Client()
        client.force_login(UserFactory.create())
        assert _submit_idea(client, project, f"Idee {n}").status_code == 302
    latecomer = Client()
    latecomer.force_login(UserFactory.create())
    assert _submit_idea(latecomer, project, "Noch eine").status_code == 429
    elsewhere = Client()
    elsewhere.force_login(UserFactory.create())
    response = elsewhere.post(
        reverse("participation:idea-create", args=[project.slug]),
        {"title": "Von woanders", "description": "Text"},
        REMOTE_ADDR="198.51.100.1",
    )
    assert response.status_code == 302


@override_settings(ABUSE_RATE_LIMITS=TWO_PER_PERSON)
def test_a_third_comment_within_the_hour_is_refused(client: Client, idea: Idea) -> None:
    client.force_login(UserFactory.create())
    for n in range(2):
        assert _comment(client, idea, f"Kommentar {n}").status_code == 302
    response = _comment(client, idea, "Noch einer")
    assert response.status_code == 429
    assert Comment.objects.filter(idea=idea).count() == 2


@override_settings(ABUSE_RATE_LIMITS=TWO_PER_PERSON)
def test_an_htmx_comment_over_the_limit_gets_the_message_alone(client: Client, idea: Idea) -> None:
    client.force_login(UserFactory.create())
    for n in range(2):
        _comment(client, idea, f"Kommentar {n}")
    url = reverse("participation:comment-create", args=[idea.project.slug, idea.pk])
    response = client.post(url, {"text": "Noch einer"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 429
    body = response.content.decode()
    assert 'role="alert"' in body
    assert "<html" not in body
    assert response["HX-Reswap"] == "beforebegin"  # above the form, which stays as it was


@override_settings(ABUSE_RATE_LIMITS=TWO_PER_PERSON)
def test_a_third_report_within_the_hour_is_refused(client: Client, project: Project) -> None:
    client.force_login(UserFactory.create())
    ideas = IdeaFactory.create_batch(3, project=project)
    for target in ideas[:2]:
        url = reverse("participation:idea-report", args=[project.slug, target.pk])
        assert client.post(url, {"reason": "Werbung"}).status_code == 302
    url = reverse("participation:idea-report", args=[project.slug, ideas[2].pk])
    assert client.post(url, {"reason": "Werbung"}).status_code == 429
    assert Report.objects.count() == 2


@override_settings(ABUSE_RATE_LIMITS=TWO_PER_PERSON)
def test_the_api_keeps_the_same_limit_and_answers_429(client: Client, project: Project) -> None:
    client.force_login(UserFactory.create())
    for n in range(2):
        response = client.post(
            "/api/ideas/",
            {"project": project.slug, "title": f"Idee {n}", "description": "Text"},
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
    response = client.post(
        "/api/ideas/",
        {"project": project.slug, "title": "Idee 3", "description": "Text"},
        content_type="application/json",
    )
    assert response.status_code == 429
    assert "Bitte warten Sie" in response.json()["detail"]


def test_a_filled_in_honeypot_refuses_an_idea_with_400(client: Client, project: Project) -> None:
    client.force_login(UserFactory.create())
    response = _submit_idea(client, project, "Billige Uhren", website="http://spam.example")
    assert response.status_code == 400
    assert "Spamfilter" in response.content.decode()
    assert not Idea.objects.exists()


def test_a_filled_in_honeypot_refuses_a_comment_with_400(client: Client, idea: Idea) -> None:
    client.force_login(UserFactory.create())
    response = _comment(client, idea, "Billige Uhren", website="http://spam.example")
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_the_idea_and_comment_forms_carry_a_hidden_honeypot_field(client: Client, idea: Idea) -> None:
    client.force_login(UserFactory.create())
    form_page = client.get(reverse("participation:idea-create", args=[idea.project.slug])).content.decode()
    detail_page = client.get(idea.get_absolute_url()).content.decode()
    for page in (form_page, detail_page):
        assert '<div class="honeypot" aria-hidden="true">' in page
        assert 'name="website"' in page


def test_an_account_with_an_unconfirmed_address_cannot_post_ideas_or_comments(client: Client, idea: Idea) -> None:
    client.force_login(UserFactory.create(verified=False))
    response = _submit_idea(client, idea.project, "Neu hier")
    assert response.status_code == 403
    assert "bestätigen Sie zuerst Ihre E-Mail-Adresse" in response.content.decode()
    assert _comment(client, idea, "Hallo").status_code == 403
    api = client.post("/api/comments/", {"idea": idea.pk, "text": "Hallo"}, content_type="application/json")
    assert api.status_code == 403
    assert Idea.objects.count() == 1
    assert not Comment.objects.exists()


def test_a_rate_limit_setting_with_a_typo_stops_with_a_clear_error() -> None:
    with pytest.raises(ImproperlyConfigured, match="5/h/user"):
        ratelimit.parse("5/hour/user")
    with pytest.raises(ImproperlyConfigured):
        ratelimit.parse("5/h/everyone")
    assert ratelimit.parse("5/h/user, 20/10m/ip") == [ratelimit.Rate(5, 3600, "user"), ratelimit.Rate(20, 600, "ip")]


def test_addresses_behind_a_trusted_proxy_are_read_from_x_forwarded_for(rf: Any) -> None:
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.4")
    assert ratelimit.client_ip(request) == "10.0.0.1"
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1):
        assert ratelimit.client_ip(request) == "198.51.100.4"
    six = rf.get("/", REMOTE_ADDR="2001:db8::1234")
    assert ratelimit.client_ip(six) == "2001:db8::"


# allauth's own limits, as configured in settings, on the real cache.


def test_repeated_wrong_passwords_for_one_account_lock_the_login_for_a_while(client: Client, db: Any) -> None:
    user = UserFactory.create()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "falsch-falsch"})
    # Even the right password waits now: the limit protects the account.
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Anmeldeversuche" in response.content.decode()  # "Zu viele … Anmeldeversuche …"
    assert "_auth_user_id" not in client.session


def test_many_logins_from_one_address_are_stopped_with_a_429_page(client: Client, db: Any) -> None:
    statuses = [
        client.post(reverse("account_login"), {"login": f"p{n}@example.org", "password": "x"}).status_code
        for n in range(31)
    ]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
    response = client.post(reverse("account_login"), {"login": "p@example.org", "password": "x"})
    assert "Bitte warten Sie einige Minuten" in response.content.decode()


def test_many_password_reset_requests_for_one_address_are_stopped_with_429(client: Client, db: Any) -> None:
    user = UserFactory.create()
    statuses = [client.post(reverse("account_reset_password"), {"email": user.email}).status_code for _ in range(6)]
    assert statuses[:5] == [302] * 5
    assert statuses[5] == 429


def test_many_sign_ups_from_one_address_are_stopped_with_429(client: Client, db: Any) -> None:
    data = {
        "display_name": "Nora Neu",
        "password1": "ein-langes-passwort-7",
        "password2": "ein-langes-passwort-7",
        "privacy_consent": "on",
    }
    statuses = [
        client.post(reverse("account_signup"), {"email": f"neu{n}@example.org", **data}).status_code for n in range(21)
    ]
    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429


def test_a_sign_up_with_the_honeypot_filled_in_creates_no_account(client: Client, db: Any) -> None:
    data = {
        "email": "bot@example.org",
        "display_name": "Bot",
        "password1": "ein-langes-passwort-7",
        "password2": "ein-langes-passwort-7",
        "privacy_consent": "on",
        "website": "http://spam.example",
    }
    client.post(reverse("account_signup"), data)
    assert not User.objects.filter(email="bot@example.org").exists()
