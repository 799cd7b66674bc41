"""Demo data of the helpdesk half: Kaiserslautern's three district offices.

Running it again adds nothing twice: everything is found by a natural key first.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from helpdesk import demo_history, services
from helpdesk.models import (
    Availability,
    Booking,
    BookingStatus,
    Channel,
    Office,
    Slot,
    SlotKind,
    StaffRole,
    Topic,
    Volunteer,
    WaitlistEntry,
    WorkshopSchedule,
)

OFFICES = [
    ("gruebentaelchen", "Stadtteilbüro Grübentälchen", "Kantstraße 59\n67663 Kaiserslautern", "0631 365-4411"),
    (
        "innenstadt-west",
        "Stadtteilbüro Innenstadt West",
        "Pirmasenser Straße 19\n67655 Kaiserslautern",
        "0631 365-4422",
    ),
    ("baennjerrueck", "Stadtteilbüro Bännjerrück", "Karl-Peters-Straße 67\n67657 Kaiserslautern", "0631 365-4433"),
]

OFFICE_DETAILS = {
    "gruebentaelchen": {
        "opening_hours": "Mo–Do 9–16 Uhr\nFr 9–12 Uhr",
        "accessibility_notes": "Stufenloser Zugang über die Rampe am Seiteneingang, barrierefreies WC.",
        "contact_person": "Karin Koordinatorin",
        "loan_devices": {"android": 3, "iphone": 2},
        "reminder_offsets_hours": [24, 2],
    },
    "innenstadt-west": {
        "opening_hours": "Di–Fr 10–17 Uhr",
        "accessibility_notes": "Aufzug vorhanden, Eingang ebenerdig.",
        "contact_person": "Kemal Koordinator",
        "loan_devices": {"android": 2, "iphone": 2},
        "reminder_offsets_hours": [24],
    },
    "baennjerrueck": {
        "opening_hours": "Mo, Mi 9–15 Uhr",
        "accessibility_notes": "Eine Stufe am Eingang, Klingel für Hilfe. Parkplätze direkt vor dem Haus.",
        "contact_person": "Team Bännjerrück",
        "loan_devices": {"android": 2, "iphone": 1},
        "reminder_offsets_hours": [24],
    },
}

# (weekday, start, end, office slug, title); Mon 10-12 Bännjerrück, Tue 10-12 Innenstadt West, Thu 13-15 Grübentälchen.
WORKSHOPS = [
    (0, 10, 12, "baennjerrueck", "Smartphone-Treff"),
    (1, 10, 12, "innenstadt-west", "Smartphone-Treff"),
    (3, 13, 15, "gruebentaelchen", "Tablet-Treff"),
]

TOPICS = [
    ("smartphone-grundlagen", "Smartphone-Grundlagen"),
    ("whatsapp-videoanrufe", "WhatsApp und Videoanrufe"),
    ("fotos", "Fotos"),
    ("online-banking-sicherheit", "Online-Banking und Sicherheit"),
    ("e-mail", "E-Mail"),
    ("stadt-apps", "Apps der Stadt"),
]

# (e-mail, name, office slugs, topic slugs, devices, [(weekday, start, end, office slug)])
VOLUNTEERS = [
    (
        "ehrenamt@demo.kl",
        "",
        ["gruebentaelchen"],
        ["smartphone-grundlagen", "whatsapp-videoanrufe", "fotos"],
        ["android", "iphone"],
        [(0, 9, 12, "gruebentaelchen")],
    ),
    (
        "helga.hilfreich@demo.kl",
        "Helga Hilfreich",
        ["gruebentaelchen"],
        ["smartphone-grundlagen", "e-mail"],
        ["android"],
        [(1, 14, 16, "gruebentaelchen")],
    ),
    (
        "jens.jung@demo.kl",
        "Jens Jung",
        ["gruebentaelchen"],
        ["online-banking-sicherheit", "stadt-apps"],
        ["iphone", "windows"],
        [(2, 10, 12, "gruebentaelchen")],
    ),
    (
        "mehmet.mobil@demo.kl",
        "Mehmet Mobil",
        ["gruebentaelchen", "innenstadt-west"],
        ["whatsapp-videoanrufe"],
        ["android", "iphone"],
        [(3, 9, 12, "gruebentaelchen"), (4, 10, 12, "innenstadt-west")],
    ),
    (
        "anna.app@demo.kl",
        "Anna App",
        ["innenstadt-west"],
        ["stadt-apps", "smartphone-grundlagen"],
        ["android"],
        [(2, 14, 17, "innenstadt-west")],
    ),
    (
        "bernd.banking@demo.kl",
        "Bernd Banking",
        ["innenstadt-west"],
        ["online-banking-sicherheit", "e-mail"],
        ["windows", "mac", "android"],
        [(3, 10, 12, "innenstadt-west")],
    ),
    (
        "clara.kamera@demo.kl",
        "Clara Kamera",
        ["innenstadt-west"],
        ["fotos", "whatsapp-videoanrufe"],
        ["iphone"],
        [(0, 14, 16, "innenstadt-west")],
    ),
    (
        "dieter.daten@demo.kl",
        "Dieter Daten",
        ["baennjerrueck"],
        ["online-banking-sicherheit"],
        ["android", "windows"],
        [(2, 9, 11, "baennjerrueck")],
    ),
    (
        "elif.email@demo.kl",
        "Elif E-Mail",
        ["baennjerrueck"],
        ["e-mail", "smartphone-grundlagen"],
        ["android", "iphone"],
        [(0, 13, 15, "baennjerrueck")],
    ),
    ("frank.foto@demo.kl", "Frank Foto", ["baennjerrueck"], ["fotos"], ["android"], [(4, 9, 11, "baennjerrueck")]),
    (
        "gisela.geduld@demo.kl",
        "Gisela Geduld",
        ["baennjerrueck", "gruebentaelchen"],
        ["smartphone-grundlagen", "whatsapp-videoanrufe"],
        ["android", "iphone"],
        [(1, 9, 11, "baennjerrueck"), (4, 9, 12, "gruebentaelchen")],
    ),
    (
        "tobias.tablet@demo.kl",
        "Tobias Tablet",
        ["innenstadt-west", "baennjerrueck"],
        ["smartphone-grundlagen", "fotos"],
        ["iphone", "android"],
        [(1, 14, 16, "innenstadt-west"), (2, 14, 16, "baennjerrueck")],
    ),
]

# (name, phone, e-mail): most guests have no e-mail, some only a landline.
GUESTS = [
    ("Hildegard Becker", "0631 52417", ""),
    ("Werner Schmitt", "0171 2345678", ""),
    ("Ingrid Wagner", "0631 71123", "ingrid.wagner@example.org"),
    ("Günter Hoffmann", "0631 60877", ""),
    ("Ursula Klein", "0152 9876543", ""),
]


def _user(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, display_name=name)
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def seed(users: dict[str, User]) -> None:
    offices: dict[str, Office] = {}
    for slug, name, address, phone in OFFICES:
        offices[slug], _ = Office.objects.get_or_create(
            slug=slug, defaults={"name": name, "address": address, "phone": phone, **OFFICE_DETAILS[slug]}
        )
    services.office_staff_add(
        user=users["koordination.gruebentaelchen@demo.kl"],
        role=StaffRole.COORDINATOR,
        office=offices["gruebentaelchen"],
    )
    services.office_staff_add(
        user=users["koordination.innenstadt@demo.kl"], role=StaffRole.COORDINATOR, office=offices["innenstadt-west"]
    )
    for office in offices.values():
        services.office_staff_add(user=users["ehrenamt@demo.kl"], role=StaffRole.VOLUNTEER, office=office)

    topics: dict[str, Topic] = {}
    for position, (slug, name) in enumerate(TOPICS):
        topics[slug], _ = Topic.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})

    helpers: dict[str, User] = {}
    for email, name, office_slugs, topic_slugs, devices, times in VOLUNTEERS:
        user = users.get(email) or _user(email, name)
        helpers[email] = user
        for slug in office_slugs:
            services.office_staff_add(user=user, role=StaffRole.VOLUNTEER, office=offices[slug])
        _profile, created = Volunteer.objects.get_or_create(user=user)
        if created:
            services.volunteer_profile_update(user=user, topics=[topics[t] for t in topic_slugs], devices=devices)
        for weekday, start, end, slug in times:
            Availability.objects.get_or_create(
                volunteer=user,
                office=offices[slug],
                weekday=weekday,
                start_time=dt.time(start),
                defaults={"end_time": dt.time(end)},
            )

    for weekday, start, end, slug, title in WORKSHOPS:
        schedule, created = WorkshopSchedule.objects.get_or_create(
            office=offices[slug],
            weekday=weekday,
            start_time=dt.time(start),
            defaults={"end_time": dt.time(end), "title": title, "capacity": 8},
        )
        if created:
            schedule.topics.set([topics["smartphone-grundlagen"], topics["whatsapp-videoanrufe"], topics["fotos"]])
            crew = [helpers[e] for e, _n, slugs, *_rest in VOLUNTEERS if slug in slugs][:2]
            schedule.volunteers.set(crew)
    WorkshopSchedule.objects.get_or_create(
        office=offices["innenstadt-west"],
        weekday=4,
        start_time=dt.time(14),
        defaults={"end_time": dt.time(16), "title": "Offene Sprechstunde", "kind": SlotKind.OPEN_HOUR, "capacity": 20},
    )

    for office in offices.values():
        services.slots_generate(office=office, weeks=4)

    if not Booking.objects.filter(slot__office__in=offices.values()).exists():
        _bookings(offices, topics, users)
    demo_history.seed(offices, topics)


def _bookings(offices: dict[str, Office], topics: dict[str, Topic], users: dict[str, User]) -> None:
    soon = timezone.now() + dt.timedelta(hours=6)
    topic_list = list(topics.values())
    for index, office in enumerate(offices.values()):
        one_to_ones = list(
            Slot.objects.filter(office=office, kind=SlotKind.ONE_TO_ONE, starts_at__gt=soon).order_by("starts_at")[:6:2]
        )
        for number, slot in enumerate(one_to_ones):
            name, phone, email = GUESTS[(index + number) % len(GUESTS)]
            try:
                services.booking_create(
                    slot=slot,
                    name=name,
                    phone=phone,
                    email=email,
                    topic=topic_list[(index + number) % len(topic_list)],
                    device="android" if number % 2 else "iphone",
                    channel=Channel.PHONE if not email else Channel.ONLINE,
                    note="Bringt das eigene Handy mit." if number == 0 else "",
                    consent=True,
                    override=True,
                )
            except services.BookingError:
                continue
        workshop = Slot.objects.filter(office=office, kind=SlotKind.WORKSHOP, starts_at__gt=soon).first()
        if workshop is not None:
            for name, phone, email in GUESTS[3:]:
                try:
                    services.booking_create(
                        slot=workshop, name=name, phone=phone, email=email, consent=True, needs_loan_device=True
                    )
                except services.BookingError:
                    continue
    senior = users.get("senior@demo.kl")
    first = Slot.objects.filter(office=offices["gruebentaelchen"], kind=SlotKind.WORKSHOP, starts_at__gt=soon).first()
    if senior is not None and first is not None:
        with contextlib.suppress(services.BookingError):
            services.booking_create(slot=first, user=senior, phone="0631 33445", consent=True)
    busiest = (
        Booking.objects.filter(status=BookingStatus.ACTIVE, slot__office=offices["gruebentaelchen"])
        .select_related("slot")
        .order_by("slot__starts_at")
        .first()
    )
    if busiest is not None and not WaitlistEntry.objects.exists():
        services.waitlist_join(
            office=offices["gruebentaelchen"],
            day=timezone.localtime(busiest.slot.starts_at).date(),
            name="Margarete Lang",
            phone="0631 44556",
            topic=topics["whatsapp-videoanrufe"],
            consent=True,
        )
