"""Seed the large benchmark data set on PostgreSQL: ``python -m bench.seed [--reseed]``.

Each part checks for its own marker row first, so running it again does nothing
(``--reseed`` drops the database instead). Big tables are written with PostgreSQL's
COPY, which is an order of magnitude faster than row-by-row saves.

Models are imported inside the functions: this module is imported before ``django.setup()``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

if TYPE_CHECKING:
    from accounts.models import User
    from helpdesk.models import Office, Slot

PROJECT_SLUG = "bench-platz"
CITIZEN_EMAIL = "bench-citizen@example.org"
# Only for the throwaway benchmark database; the runner signs in with it through the real login form.
BENCH_PASSWORD = "bench-password-not-secret-42"  # noqa: S105
IDEAS = 10_000
SUPPORTS = 100_000
COMMENTS = 50_000
HOT_IDEA_COMMENTS = 100
SUPPORTERS = 2_000  # 50 supports each: 100,000 distinct (person, idea) pairs
# The signed-in citizens of the mixed load, each signing in through the login form.
READERS = 40
READER_PREFIX = "bench-reader"
HOT_IDEA_TITLE = "Schatten und Bänke am Pfalztheater (100 Kommentare)"
# Around the Pfalztheater, inside the project area.
AREA = [[49.4457, 7.7675], [49.4457, 7.7705], [49.4438, 7.7705], [49.4438, 7.7675]]


def _copy(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    count = 0
    with connection.cursor() as cursor:
        raw: Any = cursor.connection  # psycopg 3 connection
        with raw.cursor() as pg_cursor, pg_cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def _log(message: str, started: float) -> None:
    print(f"  {message} ({time.monotonic() - started:.1f} s)", flush=True)


def users(prefix: str, count: int, *, password: str | None = None) -> list[User]:
    """Many people at once, with verified addresses; without a password they cannot sign in.

    The password is hashed once and shared: hashing it per person would take minutes.
    """
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    from accounts.models import User

    existing = list(User.objects.filter(email__startswith=f"{prefix}-").order_by("pk"))
    if len(existing) >= count:
        return existing[:count]
    hashed = make_password(password)
    User.objects.bulk_create(
        [
            User(email=f"{prefix}-{n:05d}@example.org", display_name=f"Person {prefix} {n}", password=hashed)
            for n in range(len(existing), count)
        ],
        batch_size=2000,
    )
    created = list(User.objects.filter(email__startswith=f"{prefix}-").order_by("pk"))
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in created[len(existing) :]],
        batch_size=2000,
    )
    return created


def signed_in_user(email: str, *, display_name: str) -> User:
    """A person the runner signs in as through the real login form (verified e-mail, known password)."""
    from allauth.account.models import EmailAddress

    from accounts.models import User

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, BENCH_PASSWORD, display_name=display_name)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def readers() -> list[User]:
    """The citizens of the mixed load (added to data sets seeded before they existed)."""
    return users(READER_PREFIX, READERS, password=BENCH_PASSWORD)


def participation(rng: random.Random) -> None:
    from participation import stamps
    from participation.models import Category, Comment, Idea, Phase, Project

    readers()
    if Project.objects.filter(slug=PROJECT_SLUG).exists():
        print("participation: already seeded", flush=True)
        return
    started = time.monotonic()
    today = timezone.localdate()
    with transaction.atomic():
        project = Project.objects.create(
            title="Bench: Platz vor dem Pfalztheater",
            slug=PROJECT_SLUG,
            summary="Benchmark-Projekt mit 10.000 Ideen.",
            visibility=Project.Visibility.PUBLIC,
            area=AREA,
            centre_lat=49.4447,
            centre_lon=7.7689,
            moderation=Project.Moderation.POST,
        )
        # Rating runs for a year from today, so the data set stays usable on later days.
        Phase.objects.create(
            project=project,
            kind=Phase.Kind.COLLECTION,
            starts_on=today - dt.timedelta(days=90),
            ends_on=today - dt.timedelta(days=1),
        )
        Phase.objects.create(
            project=project, kind=Phase.Kind.RATING, starts_on=today, ends_on=today + dt.timedelta(days=365)
        )
        categories = [
            Category.objects.create(project=project, name=name, position=n)
            for n, name in enumerate(["Grün", "Sitzen", "Spielen", "Verkehr", "Licht", "Kultur"])
        ]
        signed_in_user(CITIZEN_EMAIL, display_name="Bench Bürgerin")
        people = users("bench-citizen", SUPPORTERS)
        _log(f"{len(people)} people", started)

        now = timezone.now()
        statuses = [Idea.Status.PUBLISHED] * 8 + [Idea.Status.UNDER_REVIEW, Idea.Status.ACCEPTED]
        sources = list(Idea.Source.values)
        ideas = []
        for n in range(IDEAS):
            lat = rng.uniform(AREA[2][0], AREA[0][0])
            lon = rng.uniform(AREA[0][1], AREA[1][1])
            ideas.append(
                Idea(
                    project=project,
                    title=f"Idee {n}: {rng.choice(['Bäume', 'Bänke', 'Brunnen', 'Spielplatz', 'Licht'])} am Platz",
                    description="Mehr Schatten, Sitzplätze und Wasser auf dem Platz vor dem Theater. " * 3,
                    category=categories[n % len(categories)],
                    location_lat=round(lat, 6),
                    location_lon=round(lon, 6),
                    author=people[n % len(people)],
                    source=sources[n % len(sources)] if n % 10 == 0 else Idea.Source.ONLINE,
                    status=statuses[n % len(statuses)],
                    created_at=now - dt.timedelta(minutes=n * 13),
                )
            )
        # The hot idea is the newest one, on the first page of the list.
        ideas[0].title = HOT_IDEA_TITLE
        Idea.objects.bulk_create(ideas, batch_size=2000)
        idea_ids = list(Idea.objects.filter(project=project).order_by("pk").values_list("pk", flat=True))
        hot_id = Idea.objects.get(project=project, title=HOT_IDEA_TITLE).pk
        _log(f"{len(idea_ids)} ideas", started)

        def supports() -> Iterable[Sequence[Any]]:
            per_person = SUPPORTS // len(people)
            for person in people:
                for idea_id in rng.sample(idea_ids, per_person):
                    yield (idea_id, person.pk, now)

        count = _copy("participation_support", ["idea_id", "user_id", "created_at"], supports())
        _log(f"{count} supports", started)

        def comments() -> Iterable[Sequence[Any]]:
            for n in range(HOT_IDEA_COMMENTS):
                yield (hot_id, None, people[n].pk, f"Kommentar {n} zur beliebten Idee.", now, False, False, "", False)
            others = [pk for pk in idea_ids if pk != hot_id]
            for n in range(COMMENTS - HOT_IDEA_COMMENTS):
                author = people[rng.randrange(len(people))].pk
                yield (rng.choice(others), None, author, f"Kommentar {n}.", now, False, False, "", False)

        columns = [
            "idea_id",
            "parent_id",
            "author_id",
            "text",
            "created_at",
            "is_deleted",
            "is_hidden",
            "hidden_reason",
            "hidden_by_reports",
        ]
        count = _copy("participation_comment", columns, comments())
        # Every third comment on the hot idea answers the one before it: a realistic thread.
        hot = list(Comment.objects.filter(idea_id=hot_id).order_by("pk").values_list("pk", flat=True))
        for index in range(1, len(hot), 3):
            Comment.objects.filter(pk=hot[index]).update(parent_id=hot[index - 1])
        _log(f"{count} comments", started)
        # The bulk load wrote around the services: count supports, comments and public ideas once.
        stamps.counts_refresh(project=Project.objects.get(slug=PROJECT_SLUG))
        _log("counts stored", started)


OFFICE_SLUGS = ["bench-gruebentaelchen", "bench-innenstadt-west", "bench-baennjerrueck"]
COORDINATOR_EMAIL = "bench-coordinator@example.org"
VOLUNTEERS_PER_OFFICE = 20
ON_DUTY_PER_DAY = 4  # volunteers per office and weekday, each with eight hourly slots
BOOKINGS = 20_000
WORKSHOP_CAPACITY = 10


def helpdesk(rng: random.Random) -> None:
    """Three offices, 60 volunteers, slots from half a year ago to half a year ahead, 20,000 bookings."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from helpdesk.models import Booking, BookingStatus, Channel, Device, Office, Slot, Topic, Volunteer
    from helpdesk.models import normalise_phone as normalise

    if Office.objects.filter(slug=OFFICE_SLUGS[0]).exists():
        print("helpdesk: already seeded", flush=True)
        return
    started = time.monotonic()
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    with transaction.atomic():
        offices = [
            Office.objects.create(name=f"Bench {name}", slug=slug, reminder_offsets_hours=[24])
            for name, slug in zip(["Grübentälchen", "Innenstadt West", "Bännjerrück"], OFFICE_SLUGS, strict=True)
        ]
        topics = [
            Topic.objects.get_or_create(slug=f"bench-{slug}", defaults={"name": name, "position": n})[0]
            for n, (slug, name) in enumerate(
                [("whatsapp", "WhatsApp"), ("banking", "Online-Banking"), ("photos", "Fotos"), ("apps", "Apps")]
            )
        ]
        coordinator = signed_in_user(COORDINATOR_EMAIL, display_name="Bench Koordinatorin")
        TOTP.activate(coordinator, generate_totp_secret())
        people = users("bench-volunteer", VOLUNTEERS_PER_OFFICE * len(offices))
        devices = Volunteer.encode_devices([Device.ANDROID, Device.IPHONE])
        profiles = Volunteer.objects.bulk_create([Volunteer(user=u, devices=devices) for u in people])
        Volunteer.topics.through.objects.bulk_create(
            [Volunteer.topics.through(volunteer_id=p.pk, topic_id=t.pk) for p in profiles for t in topics]
        )
        staff: dict[int, list[User]] = {}
        for index, office in enumerate(offices):
            staff[office.pk] = _team(people, index)
            _grant_roles(office=office, coordinators=[coordinator] if index == 0 else [], volunteers=staff[office.pk])
        _log(f"{len(offices)} offices, {len(people)} volunteers", started)

        slots: list[Slot] = []
        slot_volunteer: list[int | None] = []
        first = today - dt.timedelta(days=182)
        for offset in range(365):
            day = first + dt.timedelta(days=offset)
            if day.weekday() >= 5:
                continue
            for office in offices:
                team = staff[office.pk]
                for seat in range(ON_DUTY_PER_DAY):
                    volunteer = team[(offset * ON_DUTY_PER_DAY + seat) % len(team)]
                    for hour in range(9, 17):
                        starts = dt.datetime.combine(day, dt.time(hour), tzinfo=tz)
                        slots.append(Slot(office=office, starts_at=starts, ends_at=starts + dt.timedelta(minutes=60)))
                        slot_volunteer.append(volunteer.pk)
                if day.weekday() in (1, 3):
                    starts = dt.datetime.combine(day, dt.time(14, 30), tzinfo=tz)
                    slots.append(workshop(office, starts, title="Smartphone-Treff", capacity=WORKSHOP_CAPACITY))
                    slot_volunteer.append(None)
        # Decide the bookings first, so each slot is written once with its booked count.
        places = [(i, n) for i, slot in enumerate(slots) for n in range(slot.capacity)]
        chosen = rng.sample(places, BOOKINGS)
        for index, _place in chosen:
            slots[index].booked_count += 1
        Slot.objects.bulk_create(slots, batch_size=2000)
        Slot.volunteers.through.objects.bulk_create(
            [
                Slot.volunteers.through(slot_id=slot.pk, user_id=volunteer_id)
                for slot, volunteer_id in zip(slots, slot_volunteer, strict=True)
                if volunteer_id is not None
            ],
            batch_size=5000,
        )
        _log(f"{len(slots)} slots", started)

        now = timezone.now()
        bookings = []
        channels = [Channel.ONLINE, Channel.ONLINE, Channel.PHONE, Channel.WALK_IN]
        for number, (index, _place) in enumerate(chosen):
            phone = f"0631 {number:07d}"
            bookings.append(
                Booking(
                    slot=slots[index],
                    name=f"Seniorin {number}",
                    phone=phone,
                    phone_normalised=normalise(phone),
                    topic=topics[number % len(topics)],
                    device=Device.ANDROID if number % 2 else Device.IPHONE,
                    channel=channels[number % len(channels)],
                    consent_at=now,
                    status=BookingStatus.ACTIVE,
                )
            )
        Booking.objects.bulk_create(bookings, batch_size=2000)
        _log(f"{len(bookings)} bookings", started)


def workshop(office: Office, starts: dt.datetime, *, title: str, capacity: int) -> Slot:
    """A group workshop of 90 minutes (not saved)."""
    from helpdesk.models import Slot, SlotKind

    return Slot(
        office=office,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=90),
        kind=SlotKind.WORKSHOP,
        title=title,
        capacity=capacity,
    )


def _team(volunteers: Sequence[User], office_index: int) -> list[User]:
    return list(volunteers[office_index * VOLUNTEERS_PER_OFFICE : (office_index + 1) * VOLUNTEERS_PER_OFFICE])


def _grant_roles(*, office: Office, coordinators: Sequence[User], volunteers: Sequence[User]) -> None:
    """Every role the bench data holds is given here, and only here."""
    from helpdesk.models import OfficeStaff, StaffRole

    OfficeStaff.objects.bulk_create(
        [OfficeStaff(user=u, role=StaffRole.COORDINATOR, office=office) for u in coordinators]
        + [OfficeStaff(user=u, role=StaffRole.VOLUNTEER, office=office) for u in volunteers]
    )


def volunteer_ids(office_slug: str) -> list[int]:
    """The volunteers of a bench office, by the same rule the seed used to assign them."""
    from accounts.models import User

    people = list(User.objects.filter(email__startswith="bench-volunteer-").order_by("pk"))
    return [user.pk for user in _team(people, OFFICE_SLUGS.index(office_slug))]


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def seed(parts: Sequence[str] = ("participation", "helpdesk")) -> None:
    rng = random.Random(8)  # noqa: S311 - repeatable data, not security
    if "participation" in parts:
        participation(rng)
    if "helpdesk" in parts:
        helpdesk(rng)
    analyze()


def prepare(parts: Sequence[str]) -> None:
    """Migrate and seed (after ``django.setup()``); the runner calls this too."""
    from django.core.management import call_command

    from bench.env import log

    log("migrating")
    call_command("migrate", verbosity=0, interactive=False)
    log(f"seeding ({', '.join(parts)})")
    started = time.monotonic()
    seed(parts)
    log(f"seeded in {time.monotonic() - started:.0f} s")


def main(argv: list[str] | None = None) -> int:
    from bench import env

    parser = argparse.ArgumentParser(prog="python -m bench.seed", description=__doc__.splitlines()[0])
    parser.add_argument("--reseed", action="store_true", help="drop and recreate the bench database first")
    parser.add_argument("--parts", default="participation,helpdesk", help="comma-separated: participation, helpdesk")
    args = parser.parse_args(argv)
    settings = env.bench_environment()
    env.ensure_database(settings["DATABASE_URL"], recreate=args.reseed)
    env.setup_django(settings)
    prepare([part for part in args.parts.split(",") if part])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
