"""The one shared world of the tests: a person in every role and an object of every kind.

Use it through the ``world`` fixture (tests/conftest.py) or ``build_world()``; sign a role in with
``client_for(world, role)``; write an access table as ``access(403, anonymous=302, coordinator_a=200)``
(every role, the default unless named). Role names are the same everywhere in the tests (access tables, parametrised
tests, ``world.people``):

People (``world.people[name]``; ``None`` for nobody signed in)

- ``anonymous``      nobody signed in.
- ``guest``          nobody signed in, but holding the booking's personal link (``world.booking.token``).
- ``citizen``        a signed-in person without any role.
- ``volunteer``      volunteer of office A; serves ``slot``, ``free_slot`` and ``open_hour`` (so the
                     ``booking`` is theirs), has the ``availability`` and the ``absence``.
- ``coordinator_a``  coordinator of office A (the office with the objects).
- ``coordinator_b``  coordinator of office B (an office without objects: shows roles do not leak).
- ``moderator_x``    moderator of project X (the project with the objects).
- ``moderator_y``    moderator of project Y (a project without objects).
- ``administrator``  superuser with a TOTP device.

``ROLES`` lists these: the roles every access table answers for (``SIGNED_IN_ROLES`` those with an account,
``STAFF_ROLES`` those who must use two-factor authentication). A few more people, for the questions that
need them (``OTHER_PEOPLE``; ``PEOPLE`` is both):

- ``author``         a citizen who wrote the ``idea`` and the ``comment`` and gave the ``support``.
- ``booker``         a citizen who booked the ``booking`` with their account.
- ``colleague``      a second volunteer of office A, not on the booking's slot, invited to take it over
                     (``substitute_invite``).
- ``volunteer_b``    a volunteer of office B.

Objects: project X (collecting ideas) with an ``idea``, a ``comment``, a ``report`` and a ``support``;
project Y, empty. Office A with a ``topic``, a workshop schedule, a one-to-one ``slot`` holding the
``booking`` (with a note), a ``free_slot``, an ``open_hour``, a ``waitlist_entry``, a reminder in the
outbox (``outbox_message``) and an audit entry of coordinator A viewing the booking; office B, empty.
Site-wide: an imprint page, a worker heartbeat and a group.

Tests that need special data make it next to the world with the small factories in tests/factories.py,
tests/helpdesk/factories.py and tests/participation/factories.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser, Group
from django.test import Client
from django.utils import timezone

from accounts.models import User
from core.models import WorkerHeartbeat
from helpdesk.models import (
    Absence,
    AuditLogEntry,
    Availability,
    Booking,
    Office,
    Slot,
    SlotKind,
    SubstituteInvite,
    SubstituteRequest,
    Topic,
    Volunteer,
    WaitlistEntry,
)
from notifications.models import Channel, OutboxMessage
from participation.models import Comment, Idea, Phase, Project, Report, Support
from portal.models import SitePage
from tests.factories import (
    BookingFactory,
    OfficeFactory,
    ProjectFactory,
    SlotFactory,
    UserFactory,
    coordinator_of,
    give_totp,
    moderator_of,
)
from tests.helpdesk.factories import TopicFactory, WorkshopScheduleFactory, helper_at
from tests.participation.factories import CommentFactory, IdeaFactory, ReportFactory, SupportFactory

ROLES = (
    "anonymous",
    "citizen",
    "guest",
    "volunteer",
    "coordinator_a",
    "coordinator_b",
    "moderator_x",
    "moderator_y",
    "administrator",
)
SIGNED_IN_ROLES = tuple(role for role in ROLES if role not in {"anonymous", "guest"})
# Staff roles must use two-factor authentication (accounts.permissions.has_staff_role).
STAFF_ROLES = ("coordinator_a", "coordinator_b", "moderator_x", "moderator_y", "administrator")
OTHER_PEOPLE = ("author", "booker", "colleague", "volunteer_b")
PEOPLE = (*ROLES, *OTHER_PEOPLE)


def access(default: int, *, people: tuple[str, ...] = ROLES, **overrides: int) -> dict[str, int]:
    """An access table: the expected status for each of ``people`` (the roles unless told), ``default``
    for those not named."""
    unknown = set(overrides) - set(people)
    assert not unknown, f"not in this table: {unknown}"
    return {role: overrides.get(role, default) for role in people}


# A token nobody was given: what someone guessing a link would type.
FORGED_TOKEN = "forged-token-0123456789abcdefghijkl"


@dataclass
class World:
    project_x: Project
    project_y: Project
    idea: Idea
    comment: Comment
    report: Report
    support: Support
    office_a: Office
    office_b: Office
    topic: Topic
    slot: Slot
    free_slot: Slot
    booking: Booking
    waitlist_entry: WaitlistEntry
    availability: Availability
    absence: Absence
    outbox_message: OutboxMessage
    calendar_token: str
    open_hour: Slot
    substitute_invite: SubstituteInvite
    people: dict[str, User | None]

    def user(self, role: str) -> User | AnonymousUser:
        """The role's person as a request would carry it: an anonymous user for nobody signed in."""
        person = self.people[role]
        return AnonymousUser() if person is None else person

    def person(self, role: str) -> User:
        """The role's account; for roles that have one."""
        person = self.people[role]
        assert person is not None, f"{role} has no account"
        return person


def build_world() -> World:
    project_x = ProjectFactory.create(phase=Phase.Kind.COLLECTION)
    project_y = ProjectFactory.create(phase=Phase.Kind.COLLECTION)
    author = UserFactory.create()
    idea = IdeaFactory.create(project=project_x, author=author)
    comment = CommentFactory.create(idea=idea, author=author)
    report = ReportFactory.create(idea=idea)
    support = SupportFactory.create(idea=idea, user=author)
    office_a = OfficeFactory.create()
    office_b = OfficeFactory.create()
    topic = TopicFactory.create()
    volunteer = helper_at(office_a, topics=[topic])
    slot = SlotFactory.create(office=office_a)
    slot.volunteers.add(volunteer)
    free_slot = SlotFactory.create(office=office_a, starts_at=slot.starts_at + dt.timedelta(hours=2))
    free_slot.volunteers.add(volunteer)
    booker = UserFactory.create()
    booking = BookingFactory.create(slot=slot, topic=topic, user=booker, note="Hört schlecht, bitte laut sprechen.")
    waitlist_entry = WaitlistEntry.objects.create(
        office=office_a, topic=topic, day=timezone.localdate() + dt.timedelta(days=3), name="Erna Beispiel"
    )
    availability = Availability.objects.create(
        volunteer=volunteer, office=office_a, weekday=1, start_time=dt.time(9), end_time=dt.time(11)
    )
    today = timezone.localdate()
    absence = Absence.objects.create(
        volunteer=volunteer, starts_on=today + dt.timedelta(days=20), ends_on=today + dt.timedelta(days=21)
    )
    WorkshopScheduleFactory.create(office=office_a)
    open_hour = SlotFactory.create(
        office=office_a, kind=SlotKind.OPEN_HOUR, capacity=20, starts_at=slot.starts_at + dt.timedelta(hours=4)
    )
    open_hour.volunteers.add(volunteer)
    # A colleague of office A asked to take over a booking (the request is made without the service:
    # the world's booking keeps its volunteer).
    colleague = helper_at(office_a, topics=[topic])
    substitute_invite = SubstituteInvite.objects.create(
        request=SubstituteRequest.objects.create(
            booking=booking, slot=slot, absent_volunteer=volunteer, deadline=slot.starts_at - dt.timedelta(hours=1)
        ),
        volunteer=colleague,
    )
    outbox_message = OutboxMessage.objects.create(
        kind="helpdesk.reminder",
        key=f"matrix-{booking.pk}",
        channel=Channel.CALL,
        recipient_name=booking.name,
        recipient_phone=booking.phone,
        scope=f"office:{office_a.pk}",
        due_at=timezone.now(),
    )
    SitePage.objects.create(slug="impressum", title_de="Impressum", title_en="Legal notice", body_de="…", body_en="…")
    WorkerHeartbeat.objects.create(hostname="worker@matrix", seen_at=timezone.now())
    Group.objects.create(name="Matrix")
    administrator = UserFactory.create(is_staff=True, is_superuser=True)
    people: dict[str, User | None] = {
        "anonymous": None,
        "guest": None,
        "citizen": UserFactory.create(),
        "volunteer": volunteer,
        "coordinator_a": coordinator_of(office_a),
        "coordinator_b": coordinator_of(office_b),
        "moderator_x": moderator_of(project_x),
        "moderator_y": moderator_of(project_y),
        "administrator": administrator,
        "author": author,
        "booker": booker,
        "colleague": colleague,
        "volunteer_b": helper_at(office_b, topics=[topic]),
    }
    give_totp(administrator)  # an Authenticator row for the admin pages, too
    AuditLogEntry.objects.create(
        user=people["coordinator_a"],
        user_label="coordinator",
        action=AuditLogEntry.Action.BOOKING_VIEWED,
        booking=booking,
    )
    return World(
        project_x=project_x,
        project_y=project_y,
        idea=idea,
        comment=comment,
        report=report,
        support=support,
        office_a=office_a,
        office_b=office_b,
        topic=topic,
        slot=slot,
        free_slot=free_slot,
        booking=booking,
        waitlist_entry=waitlist_entry,
        availability=availability,
        absence=absence,
        outbox_message=outbox_message,
        calendar_token=Volunteer.objects.get(user=volunteer).calendar_token,
        open_hour=open_hour,
        substitute_invite=substitute_invite,
        people=people,
    )


def client_for(world: World, role: str, **client_kwargs: Any) -> Client:
    """A client signed in as the role's person; staff get a TOTP device so the MFA gate lets them pass."""
    from accounts.permissions import has_staff_role

    client = Client(**client_kwargs)
    user = world.people[role]
    if user is not None:
        if has_staff_role(user) and not Authenticator.objects.filter(user=user).exists():
            give_totp(user)
        client.force_login(user)
    return client
