"""Seed the large benchmark data set on PostgreSQL.

Each part checks for its own marker row first, so running it again does nothing
(``--reseed`` in the runner drops the database instead). Big tables are written with
PostgreSQL's COPY, which is an order of magnitude faster than row-by-row saves.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterable, Sequence
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from participation.models import Category, Comment, Idea, Phase, Project

PROJECT_SLUG = "bench-platz"
CITIZEN_EMAIL = "bench-citizen@example.org"
# Only for the throwaway benchmark database; the runner signs in with it through the real login form.
BENCH_PASSWORD = "bench-password-not-secret-42"  # noqa: S105
IDEAS = 10_000
SUPPORTS = 100_000
COMMENTS = 50_000
HOT_IDEA_COMMENTS = 100
SUPPORTERS = 2_000  # 50 supports each: 100,000 distinct (person, idea) pairs
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


def users(prefix: str, count: int) -> list[User]:
    """Many people at once; they never sign in, so one shared unusable password is enough."""
    existing = list(User.objects.filter(email__startswith=f"{prefix}-").order_by("pk"))
    if len(existing) >= count:
        return existing[:count]
    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(email=f"{prefix}-{n:05d}@example.org", display_name=f"Person {prefix} {n}", password=unusable)
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
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, BENCH_PASSWORD, display_name=display_name)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def participation(rng: random.Random) -> None:
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


OFFICE_SLUGS = ["bench-gruebentaelchen", "bench-innenstadt-west", "bench-baennjerrueck"]
COORDINATOR_EMAIL = "bench-coordinator@example.org"
VOLUNTEERS_PER_OFFICE = 20
ON_DUTY_PER_DAY = 4  # volunteers per office and weekday, each with eight hourly slots
BOOKINGS = 20_000
WORKSHOP_CAPACITY = 10


def helpdesk(rng: random.Random) -> None:
    """Three offices, 60 volunteers, slots from half a year ago to half a year ahead, 20,000 bookings."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from helpdesk.models import (
        Booking,
        BookingStatus,
        Channel,
        Device,
        Office,
        OfficeStaff,
        Slot,
        SlotKind,
        StaffRole,
        Topic,
        Volunteer,
    )
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
        OfficeStaff.objects.create(user=coordinator, role=StaffRole.COORDINATOR, office=offices[0])
        TOTP.activate(coordinator, generate_totp_secret())
        people = users("bench-volunteer", VOLUNTEERS_PER_OFFICE * len(offices))
        devices = Volunteer.encode_devices([Device.ANDROID, Device.IPHONE])
        profiles = Volunteer.objects.bulk_create([Volunteer(user=u, devices=devices) for u in people])
        Volunteer.topics.through.objects.bulk_create(
            [Volunteer.topics.through(volunteer_id=p.pk, topic_id=t.pk) for p in profiles for t in topics]
        )
        staff: dict[int, list[User]] = {}
        for index, office in enumerate(offices):
            staff[office.pk] = people[index * VOLUNTEERS_PER_OFFICE : (index + 1) * VOLUNTEERS_PER_OFFICE]
            OfficeStaff.objects.bulk_create(
                [OfficeStaff(user=u, role=StaffRole.VOLUNTEER, office=office) for u in staff[office.pk]]
            )
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
                    slots.append(
                        Slot(
                            office=office,
                            starts_at=starts,
                            ends_at=starts + dt.timedelta(minutes=90),
                            kind=SlotKind.WORKSHOP,
                            title="Smartphone-Treff",
                            capacity=WORKSHOP_CAPACITY,
                        )
                    )
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


if __name__ == "__main__":
    import django

    django.setup()
    seed()
