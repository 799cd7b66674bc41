"""Who may open which page: every URL pattern of the site, for every role.

The table below names every URL pattern with the status each role gets for a GET.
It is compared with the URL configuration, so a new view without an entry here
fails this test. State-changing views answer GET with 405 (or only show a form),
and a GET sweep over the whole site changes no data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from participation.models import Project
from tests.security.urlwalk import all_routes
from tests.world import FORGED_TOKEN, ROLES, World, build_world, client_for

Kwargs = Callable[[World, str], dict[str, Any]]
ANONYMOUS = ("anonymous", "guest")


def expect(default: int, **overrides: int) -> dict[str, int]:
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: overrides.get(role, default) for role in ROLES}


def signed_in(default: int, **overrides: int) -> dict[str, int]:
    """Anonymous visitors (and guests, who have no account) are sent to the login page."""
    return expect(default, **{"anonymous": 302, "guest": 302, **overrides})


PUBLIC = expect(200)
POST_ONLY_SIGNED_IN = signed_in(405)
ADMINISTRATORS = signed_in(403, administrator=200)
MODERATORS_OF_X = signed_in(403, moderator_x=200, administrator=200)
COORDINATORS_OF_A = signed_in(403, coordinator_a=200, administrator=200)


@dataclass(frozen=True)
class Case:
    statuses: dict[str, int]
    kwargs: Kwargs = field(default=lambda world, role: {})
    path: Callable[[World, str], str] | None = None  # for unnamed patterns


def project_x(world: World, role: str) -> dict[str, Any]:
    return {"slug": world.project_x.slug}


def idea(world: World, role: str) -> dict[str, Any]:
    return {"slug": world.project_x.slug, "pk": world.idea.pk}


def comment(world: World, role: str) -> dict[str, Any]:
    return {"slug": world.project_x.slug, "pk": world.comment.pk}


def office_a(world: World, role: str) -> dict[str, Any]:
    return {"slug": world.office_a.slug}


def volunteer_of_a(world: World, role: str) -> dict[str, Any]:
    volunteer = world.people["volunteer"]
    assert volunteer is not None
    return {"slug": world.office_a.slug, "user_id": volunteer.pk}


def guest_token(world: World, role: str) -> dict[str, Any]:
    """Only the guest holds the link of the booking; everybody else tries a made-up one."""
    return {"token": world.booking.token if role == "guest" else FORGED_TOKEN}


def pk_of(attribute: str) -> Kwargs:
    return lambda world, role: {"pk": getattr(world, attribute).pk}


SITE: dict[str, Case] = {
    # core
    "portal:home": Case(PUBLIC),
    "portal:page": Case(PUBLIC, lambda w, r: {"slug": "impressum"}),
    "portal:easy": Case(PUBLIC),
    "portal:easy-topic": Case(PUBLIC, lambda w, r: {"topic": "digitale-hilfe"}),
    "core:healthz": Case(PUBLIC),
    "set_language": Case(expect(302)),  # a GET only redirects back; the language changes on POST
    # allauth: sign-up, login, e-mail, password, second factor
    "account_login": Case(expect(302, anonymous=200, guest=200)),  # signed-in people are sent on
    "account_logout": Case(signed_in(200)),
    "account_inactive": Case(expect(200)),
    "account_signup": Case(expect(302, anonymous=200, guest=200)),
    "account_reauthenticate": Case(signed_in(200)),
    "account_email": Case(signed_in(200)),
    "account_email_verification_sent": Case(expect(200)),
    "account_change_password": Case(signed_in(200)),
    "account_set_password": Case(expect(302)),  # everyone here has a password: change it instead
    "account_reset_password": Case(expect(200)),
    "account_confirm_login_code": Case(expect(302)),  # only during a login by code
    "account_confirm_email": Case(expect(200), lambda w, r: {"key": FORGED_TOKEN}),
    "account_reset_password_from_key_done": Case(expect(200)),
    "account_reset_password_from_key": Case(expect(200), lambda w, r: {"uidb36": "1z", "key": FORGED_TOKEN}),
    "account_reset_password_done": Case(expect(200)),
    "mfa_index": Case(signed_in(200)),
    "mfa_authenticate": Case(expect(302)),  # only in the middle of a login
    "mfa_reauthenticate": Case(expect(200, anonymous=302, guest=302, citizen=302, volunteer=302)),
    "mfa_activate_totp": Case(expect(302)),  # asks to confirm the password first, or TOTP is already on
    "mfa_deactivate_totp": Case(expect(302, citizen=404, volunteer=404)),
    "mfa_view_recovery_codes": Case(signed_in(404)),  # nobody in this world made recovery codes
    "mfa_generate_recovery_codes": Case(expect(302)),
    "mfa_download_recovery_codes": Case(signed_in(404)),
    # accounts: profile, own data, roles, audit log
    "accounts:profile": Case(signed_in(200)),
    "accounts:export": Case(signed_in(200)),
    "accounts:delete": Case(signed_in(200)),
    "accounts:roles": Case(ADMINISTRATORS),
    "accounts:role-revoke": Case(POST_ONLY_SIGNED_IN, lambda w, r: {"role": "volunteer", "pk": 1}),
    "accounts:administrator-revoke": Case(POST_ONLY_SIGNED_IN, lambda w, r: {"pk": 1}),
    "helpdesk:audit-log": Case(ADMINISTRATORS),
    # participation
    "participation:project-list": Case(PUBLIC),
    "participation:moderation": Case(signed_in(403, moderator_x=200, moderator_y=200, administrator=200)),
    "participation:report-decide": Case(POST_ONLY_SIGNED_IN, pk_of("report")),
    "participation:project-detail": Case(PUBLIC, project_x),
    "participation:project-follow": Case(POST_ONLY_SIGNED_IN, project_x),
    "participation:idea-list": Case(PUBLIC, project_x),
    "participation:idea-create": Case(signed_in(200), project_x),
    "participation:idea-similar": Case(PUBLIC, project_x),
    "participation:idea-detail": Case(PUBLIC, idea),
    "participation:idea-support": Case(POST_ONLY_SIGNED_IN, idea),
    "participation:comment-create": Case(POST_ONLY_SIGNED_IN, idea),
    "participation:idea-report": Case(signed_in(200), idea),
    "participation:idea-moderate": Case(MODERATORS_OF_X, idea),
    "participation:my-ideas": Case(signed_in(200)),
    "participation:idea-edit": Case(signed_in(403), idea),  # only the author, while the rules allow
    "participation:idea-withdraw": Case(signed_in(403), idea),
    "participation:idea-follow": Case(POST_ONLY_SIGNED_IN, idea),
    "participation:comment-edit": Case(signed_in(403), comment),
    "participation:comment-delete": Case(signed_in(403), comment),
    "participation:comment-report": Case(signed_in(200), comment),
    "participation:comment-hide": Case(MODERATORS_OF_X, comment),
    "participation:paper-entry": Case(MODERATORS_OF_X, project_x),
    "participation:idea-map": Case(PUBLIC, project_x),
    "participation:idea-geojson": Case(PUBLIC, project_x),
    "participation:results": Case(PUBLIC, project_x),
    "participation:export": Case(
        MODERATORS_OF_X, lambda w, r: {"slug": w.project_x.slug, "what": "ideen", "fmt": "csv"}
    ),
    # helpdesk: seniors and guests
    "helpdesk:start": Case(PUBLIC),
    "helpdesk:office": Case(PUBLIC, office_a),
    "helpdesk:slots": Case(PUBLIC, office_a),
    "helpdesk:waitlist-join": Case(PUBLIC, office_a),
    "helpdesk:book": Case(PUBLIC, lambda w, r: {"slot_id": w.slot.pk}),
    "helpdesk:booking-detail": Case(expect(404, guest=200), guest_token),
    "helpdesk:booking-slip": Case(expect(404, guest=200), guest_token),
    "helpdesk:booking-cancel": Case(expect(404, guest=200), guest_token),
    "helpdesk:booking-change": Case(expect(404, guest=200), guest_token),
    "helpdesk:booking-ics": Case(expect(404, guest=200), guest_token),
    "helpdesk:my-bookings": Case(signed_in(200)),  # everyone's own list, empty for most
    "helpdesk:waitlist-offer": Case(
        expect(404, guest=200),
        lambda w, r: {"token": w.waitlist_entry.token if r == "guest" else FORGED_TOKEN},
    ),
    # helpdesk: volunteers
    "helpdesk:my-appointments": Case(signed_in(403, volunteer=200)),
    "helpdesk:my-availability": Case(signed_in(403, volunteer=200)),
    "helpdesk:availability-delete": Case(POST_ONLY_SIGNED_IN, pk_of("availability")),
    "helpdesk:absence-delete": Case(POST_ONLY_SIGNED_IN, pk_of("absence")),
    "helpdesk:my-hours": Case(signed_in(403, volunteer=200)),
    "helpdesk:my-hours-pdf": Case(signed_in(403, volunteer=200)),
    "helpdesk:open-hour": Case(
        signed_in(403, volunteer=200, coordinator_a=200, administrator=200), lambda w, r: {"slot_id": w.open_hour.pk}
    ),
    "helpdesk:substitute-search": Case(
        signed_in(403, volunteer=200, coordinator_a=200, administrator=200), lambda w, r: {"booking_id": w.booking.pk}
    ),
    # The colleague's personal link works without signing in; everybody else tries a made-up one.
    "helpdesk:substitute-invite": Case(
        expect(404, guest=200),
        lambda w, r: {"token": w.substitute_invite.token if r == "guest" else FORGED_TOKEN},
    ),
    "helpdesk:calendar-renew": Case(POST_ONLY_SIGNED_IN),
    "helpdesk:calendar-feed": Case(
        expect(404, volunteer=200), lambda w, r: {"token": w.calendar_token if r == "volunteer" else FORGED_TOKEN}
    ),
    "helpdesk:booking-outcome": Case(POST_ONLY_SIGNED_IN, lambda w, r: {"booking_id": w.booking.pk}),
    "helpdesk:staff-booking-cancel": Case(
        signed_in(403, volunteer=200, coordinator_a=200, administrator=200), lambda w, r: {"booking_id": w.booking.pk}
    ),
    # helpdesk: coordinators
    "helpdesk:office-home": Case(
        signed_in(403, coordinator_a=302, coordinator_b=302, administrator=200)
    ),  # one office: go there
    "helpdesk:office-plan": Case(COORDINATORS_OF_A, office_a),
    "helpdesk:day-list": Case(COORDINATORS_OF_A, office_a),
    "helpdesk:book-for-caller": Case(COORDINATORS_OF_A, office_a),
    "helpdesk:phone-desk-topic": Case(COORDINATORS_OF_A, office_a),
    "helpdesk:phone-desk-time": Case(COORDINATORS_OF_A, office_a),
    "helpdesk:phone-desk-details": Case(
        COORDINATORS_OF_A,
        path=lambda w, r: reverse("helpdesk:phone-desk-details", args=[w.office_a.slug]) + f"?termin={w.free_slot.pk}",
    ),
    "helpdesk:phone-desk-done": Case(
        COORDINATORS_OF_A, lambda w, r: {"slug": w.office_a.slug, "booking_id": w.booking.pk}
    ),
    "helpdesk:office-volunteers": Case(COORDINATORS_OF_A, office_a),
    "helpdesk:office-regenerate": Case(POST_ONLY_SIGNED_IN, office_a),
    "helpdesk:office-conflicts": Case(COORDINATORS_OF_A, office_a),
    "helpdesk:conflict-assign": Case(POST_ONLY_SIGNED_IN, lambda w, r: {"slug": w.office_a.slug, "slot_id": w.slot.pk}),
    "helpdesk:volunteer-hours": Case(COORDINATORS_OF_A, volunteer_of_a),
    "helpdesk:volunteer-hours-pdf": Case(COORDINATORS_OF_A, volunteer_of_a),
    "helpdesk:office-calendar": Case(COORDINATORS_OF_A, office_a),
    "helpdesk:office-stats": Case(COORDINATORS_OF_A, office_a),
    "helpdesk:office-waitlist": Case(COORDINATORS_OF_A, office_a),
    "helpdesk:office-waitlist-entry": Case(
        POST_ONLY_SIGNED_IN, lambda w, r: {"slug": w.office_a.slug, "pk": w.waitlist_entry.pk}
    ),
    "helpdesk:office-waitlist-offer": Case(
        COORDINATORS_OF_A, lambda w, r: {"slug": w.office_a.slug, "pk": w.waitlist_entry.pk}
    ),
    # notifications: outbox and call list
    "notifications:outbox": Case(signed_in(403, coordinator_a=200, coordinator_b=200, administrator=200)),
    "notifications:resend": Case(POST_ONLY_SIGNED_IN, pk_of("outbox_message")),
    "notifications:settings": Case(signed_in(200)),
    "notifications:unsubscribe": Case(expect(404), lambda w, r: {"token": FORGED_TOKEN}),
    "helpdesk:call-list-start": Case(signed_in(403, coordinator_a=302, coordinator_b=302, administrator=200)),
    "helpdesk:call-list": Case(COORDINATORS_OF_A, office_a),
    "helpdesk:mark-called": Case(POST_ONLY_SIGNED_IN, pk_of("outbox_message")),
    # API schema and docs
    "api-schema": Case(PUBLIC),
    "api-docs": Case(PUBLIC),
}

# The API answers "not signed in" with 401 (apps sign in with a token), "not allowed" with 403.
API_MODERATORS = expect(403, anonymous=401, guest=401, moderator_x=200, moderator_y=200, administrator=200)
API_MODERATORS_OF_X = expect(403, anonymous=401, guest=401, moderator_x=200, moderator_y=404, administrator=200)
API_MODERATOR_ACTION = expect(403, anonymous=401, guest=401, moderator_x=405, moderator_y=405, administrator=405)

API: dict[str, Case] = {
    "project-list": Case(PUBLIC),
    "project-detail": Case(PUBLIC, project_x),
    "idea-list": Case(PUBLIC),
    "idea-detail": Case(PUBLIC, pk_of("idea")),
    "comment-list": Case(PUBLIC),
    "comment-detail": Case(PUBLIC, pk_of("comment")),
    "support-list": Case(expect(200, anonymous=401, guest=401)),
    "support-detail": Case(expect(405, anonymous=401, guest=401), pk_of("support")),  # withdraw only
    "idea-mine": Case(expect(200, anonymous=401, guest=401)),
    "idea-follow": Case(expect(405), pk_of("idea")),  # POST and DELETE only
    "idea-withdraw": Case(expect(405), pk_of("idea")),
    "report-list": Case(expect(405, anonymous=401, guest=401)),  # reporting only
    "moderation-idea-list": Case(API_MODERATORS),
    "moderation-idea-detail": Case(API_MODERATORS_OF_X, pk_of("idea")),
    "moderation-idea-approve": Case(API_MODERATOR_ACTION, pk_of("idea")),
    "moderation-idea-reject": Case(API_MODERATOR_ACTION, pk_of("idea")),
    "moderation-idea-hide": Case(API_MODERATOR_ACTION, pk_of("idea")),
    "moderation-idea-unhide": Case(API_MODERATOR_ACTION, pk_of("idea")),
    "moderation-idea-feedback": Case(API_MODERATOR_ACTION, pk_of("idea")),
    "moderation-idea-duplicate": Case(API_MODERATOR_ACTION, pk_of("idea")),
    "moderation-report-list": Case(API_MODERATORS),
    "moderation-report-detail": Case(API_MODERATORS_OF_X, pk_of("report")),
    "moderation-report-decide": Case(API_MODERATOR_ACTION, pk_of("report")),
    "api-token": Case(expect(405)),  # sign in with POST, out with DELETE
    "api-not-found": Case(expect(404), path=lambda w, r: "/api/gibt-es-nicht/"),
    "api-notification-settings": Case(expect(200, anonymous=401, guest=401)),
    "office-list": Case(PUBLIC),
    "office-detail": Case(PUBLIC, office_a),
    "topic-list": Case(PUBLIC),
    "topic-detail": Case(PUBLIC, lambda w, r: {"slug": w.topic.slug}),
    "free-slot-list": Case(PUBLIC),
    "free-slot-detail": Case(PUBLIC, pk_of("free_slot")),
    "booking-list": Case(expect(405)),  # booking only
    "booking-cancel": Case(expect(405), pk_of("booking")),
    "my-appointment-list": Case(expect(403, volunteer=200, anonymous=401, guest=401)),
    "my-appointment-detail": Case(expect(403, volunteer=200, anonymous=401, guest=401), pk_of("booking")),
    "my-booking-list": Case(expect(200, anonymous=401, guest=401)),
    "my-booking-detail": Case(expect(404, anonymous=401, guest=401), pk_of("booking")),  # a guest's booking
    "my-booking-move": Case(expect(405, anonymous=401, guest=401), pk_of("booking")),
}

# The Django admin: every registered model, listed here so that registering a new one
# needs a line (and a thought about who sees it). Only administrators pass.
ADMIN_MODELS = [
    "auth.group",
    "account.emailaddress",
    "mfa.authenticator",
    "accounts.user",
    "portal.sitepage",
    "core.workerheartbeat",
    "notifications.outboxmessage",
    "participation.project",
    "participation.idea",
    "participation.comment",
    "participation.report",
    "helpdesk.office",
    "helpdesk.officestaff",
    "helpdesk.auditlogentry",
    "helpdesk.topic",
    "helpdesk.volunteer",
    "helpdesk.availability",
    "helpdesk.absence",
    "helpdesk.workshopschedule",
    "helpdesk.slot",
    "helpdesk.booking",
    "helpdesk.waitlistentry",
]
# Only an administrator gets past the admin's door; everybody else is sent to its login page.
ADMIN_ONLY = expect(302, administrator=200)
# Nobody may write, change or delete these, not even administrators.
ADMIN_READ_ONLY = {"helpdesk.auditlogentry"}
# Written only by the site itself (a worker's heartbeat), never added by hand.
ADMIN_NO_ADD = {"helpdesk.auditlogentry", "core.workerheartbeat"}


def _object_pk(label: str) -> Any:
    model = apps.get_model(label)
    instance = model._default_manager.order_by("pk").first()
    assert instance is not None, f"the world has no {label} to open in the admin"
    return instance.pk


def _admin_cases() -> dict[str, Case]:
    cases: dict[str, Case] = {
        "admin:index": Case(ADMIN_ONLY),
        "admin:login": Case(signed_in(403, administrator=302)),
        "admin:logout": Case(expect(302, administrator=405)),
        "admin:password_change": Case(ADMIN_ONLY),
        "admin:password_change_done": Case(ADMIN_ONLY),
        "admin:autocomplete": Case(expect(302, administrator=403)),  # needs the model and field to complete
        "admin:jsi18n": Case(ADMIN_ONLY),
        "admin:view_on_site": Case(
            expect(302),
            lambda w, r: {
                "content_type_id": ContentType.objects.get_for_model(Project).pk,
                "object_id": w.project_x.pk,
            },
        ),
        "admin:auth_user_password_change": Case(ADMIN_ONLY, lambda w, r: {"id": _object_pk("accounts.user")}),
        "admin:app_list": Case(ADMIN_ONLY, lambda w, r: {"app_label": "participation"}),
        "admin/(?P<url>.*)$": Case(expect(302, administrator=404), path=lambda w, r: "/admin/nicht-vorhanden/"),
    }
    for label in ADMIN_MODELS:
        app_label, model_name = label.split(".")
        prefix = f"admin:{app_label}_{model_name}"

        def by_pk(w: World, r: str, label: str = label) -> dict[str, Any]:
            return {"object_id": _object_pk(label)}

        def redirect_path(w: World, r: str, label: str = label) -> str:
            return f"/admin/{label.replace('.', '/')}/{_object_pk(label)}/"

        cases[f"{prefix}_changelist"] = Case(ADMIN_ONLY)
        cases[f"{prefix}_add"] = Case(expect(302, administrator=403) if label in ADMIN_NO_ADD else ADMIN_ONLY)
        cases[f"{prefix}_history"] = Case(ADMIN_ONLY, by_pk)
        cases[f"{prefix}_delete"] = Case(
            expect(302, administrator=403) if label in ADMIN_READ_ONLY else ADMIN_ONLY, by_pk
        )
        cases[f"{prefix}_change"] = Case(ADMIN_ONLY, by_pk)
        cases[f"admin/{app_label}/{model_name}/<path:object_id>/"] = Case(expect(302), path=redirect_path)
    return cases


ADMIN = _admin_cases()


def test_every_model_in_the_admin_is_listed() -> None:
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMIN_MODELS)


def matrix() -> dict[str, Case]:
    return {**SITE, **API, **ADMIN}


def test_every_url_pattern_has_an_entry_in_the_matrix() -> None:
    keys = {route.key for route in all_routes()}
    missing = sorted(keys - matrix().keys())
    stale = sorted(matrix().keys() - keys)
    assert not missing, f"URL patterns without an entry in the permission matrix: {missing}"
    assert not stale, f"entries for URL patterns that no longer exist: {stale}"


def _path(key: str, case: Case, world: World, role: str) -> str:
    if case.path is not None:
        return case.path(world, role)
    return reverse(key, kwargs=case.kwargs(world, role))


# The booking's own guest, its volunteer, the coordinators of its office and administrators.
MAY_SEE_A_SENIORS_PHONE_AND_NOTE = {"guest", "volunteer", "coordinator_a", "administrator"}
# Rows a GET may write: the session of the signed-in person and the audit log of who read what.
GET_MAY_WRITE = {"sessions.session", "helpdesk.auditlogentry"}


def _database_state() -> dict[str, list[tuple[Any, ...]]]:
    state: dict[str, list[tuple[Any, ...]]] = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in GET_MAY_WRITE:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "last_login"]
        state[label] = list(model._base_manager.order_by("pk").values_list(*fields))
    return state


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_each_role_as_the_matrix_says_and_no_get_changes_data(db: Any, role: str) -> None:
    world = build_world()
    client = client_for(world, role)
    before = _database_state()
    actual: dict[str, int] = {}
    secrets = [world.booking.phone.encode(), world.booking.note.encode()]
    showing_secrets: list[str] = []
    for key, case in matrix().items():
        response = client.get(_path(key, case, world, role))
        actual[key] = response.status_code
        body = b"" if response.streaming else response.content
        if any(secret in body for secret in secrets):
            showing_secrets.append(key)
    wrong = {
        key: (case.statuses[role], actual[key]) for key, case in matrix().items() if actual[key] != case.statuses[role]
    }
    assert not wrong, f"{role}: (expected, actual)\n" + "\n".join(f"{key}: {pair}" for key, pair in wrong.items())
    if role == "coordinator_a":
        assert "helpdesk:staff-booking-cancel" in showing_secrets  # the search for the phone number does find it
    if role not in MAY_SEE_A_SENIORS_PHONE_AND_NOTE:
        assert not showing_secrets, f"{role} sees the senior's phone number or note on {showing_secrets}"
    after = _database_state()
    changed = [label for label in before if before[label] != after[label]]
    assert not changed, f"a GET changed data in {changed}"
