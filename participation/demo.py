"""Demo data of the participation half: the Pfalztheater square."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import User
from participation import services, stamps
from participation.models import Category, Comment, Idea, IdeaFollower, Phase, Project, ProjectFollower, Support

# A ring around the square in front of the Pfalztheater, [latitude, longitude].
AREA = [
    [49.44560, 7.76745],
    [49.44565, 7.77040],
    [49.44395, 7.77055],
    [49.44380, 7.76760],
]
CENTRE = (49.4447, 7.7689)

CATEGORIES = ["Grün und Schatten", "Kultur und Veranstaltungen", "Wege und Verkehr", "Spiel und Sport"]

# (title, description, category index, source, place text, offset of the point from the centre or None)
IDEAS: list[tuple[str, str, int, str, str, tuple[float, float] | None]] = [
    (
        "Große Schattenbäume am Theatereingang",
        "Im Sommer ist der Platz eine Hitzeinsel. Drei oder vier große Bäume vor dem Eingang würden Schatten "
        "spenden und den Platz einladender machen.",
        0,
        "online",
        "vor dem Haupteingang",
        (0.0003, -0.0002),
    ),
    (
        "Trinkwasserbrunnen",
        "Ein öffentlicher Trinkbrunnen wäre an heißen Tagen für alle eine große Hilfe, besonders für ältere "
        "Menschen und Kinder.",
        0,
        "postcard",
        "in der Platzmitte",
        (0.0, 0.0),
    ),
    (
        "Bänke mit Rückenlehne und Armlehnen",
        "Für ältere Menschen sind Bänke ohne Lehne schwer zu nutzen. Bitte Bänke mit Rücken- und Armlehnen "
        "aufstellen, gern im Schatten.",
        0,
        "workshop",
        "entlang der Westseite",
        (0.0001, -0.0010),
    ),
    (
        "Blühwiese statt Rasen",
        "Eine Blühwiese mit heimischen Pflanzen sieht schön aus und hilft Bienen und Schmetterlingen.",
        0,
        "online",
        "Grünfläche im Süden",
        (-0.0004, 0.0003),
    ),
    (
        "Wasserspiel für heiße Tage",
        "Bodenfontänen, durch die Kinder laufen können, kühlen den Platz und machen ihn lebendig.",
        0,
        "workshop",
        "",
        (-0.0001, 0.0006),
    ),
    (
        "Sonnensegel über der Sitzfläche",
        "Bis die Bäume groß sind, könnten Sonnensegel Schatten über den Sitzplätzen spenden.",
        0,
        "email",
        "",
        None,
    ),
    (
        "Kleine Freilichtbühne",
        "Eine feste kleine Bühne auf dem Platz für Lesungen, Schulkonzerte und Theater im Sommer.",
        1,
        "online",
        "Ostseite, vor der Treppe",
        (0.0002, 0.0010),
    ),
    (
        "Theater-Vorschau auf einer Leinwand",
        "Im Sommer Ausschnitte aus aktuellen Stücken auf einer Leinwand zeigen, damit Neugierige den Weg ins "
        "Theater finden.",
        1,
        "postcard",
        "",
        None,
    ),
    (
        "Wochenmarkt am Samstag",
        "Ein kleiner Markt mit regionalen Produkten würde den Platz auch tagsüber beleben.",
        1,
        "phone",
        "ganzer Platz",
        None,
    ),
    (
        "Open-Air-Kino im August",
        "Einmal im Jahr ein Open-Air-Kino mit Liegestühlen – das wäre ein schönes Fest für die ganze Stadt.",
        1,
        "online",
        "",
        (-0.0002, -0.0004),
    ),
    (
        "Platz für Straßenmusik",
        "Eine markierte Stelle mit Stromanschluss, an der Straßenmusik erlaubt ist.",
        1,
        "workshop",
        "am Rand zur Fruchthallstraße",
        (0.0005, 0.0001),
    ),
    (
        "Tafeln zur Geschichte des Pfalztheaters",
        "Informationstafeln zur Geschichte des Theaters und des Platzes, auch in Leichter Sprache.",
        1,
        "postcard",
        "",
        None,
    ),
    (
        "Weihnachtliche Beleuchtung",
        "Lichterketten in den Bäumen machen den Platz im Winter freundlicher und sicherer.",
        1,
        "email",
        "",
        None,
    ),
    (
        "Sichere Querung zur Fruchthalle",
        "Ein Zebrastreifen oder eine Ampel, damit man sicher zur Fruchthalle kommt.",
        2,
        "online",
        "Übergang Richtung Fruchthalle",
        (0.0006, 0.0004),
    ),
    (
        "Mehr Fahrradbügel",
        "Vor dem Theater fehlen Abstellplätze für Fahrräder. Bitte überdachte Fahrradbügel aufstellen.",
        2,
        "online",
        "neben dem Seiteneingang",
        (0.0002, -0.0009),
    ),
    (
        "Barrierefreie Wege ohne Kopfsteinpflaster",
        "Mit Rollator oder Rollstuhl ist das Pflaster kaum zu befahren. Bitte glatte, breite Wege anlegen.",
        2,
        "workshop",
        "Weg vom Bus zum Eingang",
        (-0.0003, -0.0006),
    ),
    (
        "Bessere Beleuchtung am Abend",
        "Nach der Vorstellung ist es auf dem Platz sehr dunkel. Mehr Laternen würden helfen.",
        2,
        "postcard",
        "",
        None,
    ),
    (
        "Leitsystem für Blinde",
        "Ein Bodenleitsystem von der Bushaltestelle zum Theatereingang.",
        2,
        "phone",
        "",
        None,
    ),
    (
        "Taxi-Stand näher am Eingang",
        "Nach der Vorstellung ist der Weg zum Taxi weit. Ein Halteplatz direkt am Platz wäre gut.",
        2,
        "postcard",
        "",
        None,
    ),
    (
        "Parkplätze nicht weiter reduzieren",
        "Viele Besucherinnen und Besucher kommen mit dem Auto aus dem Umland. Bitte genug Parkplätze erhalten.",
        2,
        "email",
        "",
        None,
    ),
    (
        "Schachtisch unter Bäumen",
        "Ein paar Tische mit Schachbrett, an denen man sich zum Spielen treffen kann.",
        3,
        "online",
        "",
        (-0.0001, -0.0002),
    ),
    (
        "Boule-Bahn",
        "Eine Boule-Bahn bringt Jung und Alt zusammen und braucht wenig Platz.",
        3,
        "workshop",
        "Südwestecke",
        (-0.0005, -0.0008),
    ),
    (
        "Spielgeräte zum Thema Theater",
        "Ein Spielplatz mit Bühnen- und Kulissenmotiven, passend zum Theater.",
        3,
        "online",
        "",
        (-0.0003, 0.0008),
    ),
    (
        "Tischtennisplatte",
        "Eine wetterfeste Tischtennisplatte für Jugendliche.",
        3,
        "postcard",
        "",
        None,
    ),
    (
        "Bewegungsgeräte für Seniorinnen und Senioren",
        "Einfache Geräte für Gleichgewicht und Beweglichkeit, wie man sie aus Parks kennt.",
        3,
        "workshop",
        "",
        (0.0001, 0.0004),
    ),
    (
        "Freie Fläche für Tanz und Sport",
        "Eine ebene Fläche ohne Möbel, auf der Tanzgruppen und Sportvereine üben können.",
        3,
        "online",
        "",
        None,
    ),
    (
        "Öffentliche Toilette",
        "Eine saubere, barrierefreie Toilette fehlt in der ganzen Umgebung.",
        2,
        "phone",
        "",
        None,
    ),
    (
        "Hochbeete zum gemeinsamen Gärtnern",
        "Hochbeete, die von Nachbarinnen, Nachbarn und Schulen gepflegt werden.",
        0,
        "online",
        "",
        (-0.0006, 0.0001),
    ),
    (
        "Überdachter Wartebereich",
        "Ein Dach, unter dem man vor der Vorstellung bei Regen warten kann.",
        2,
        "postcard",
        "vor dem Haupteingang",
        None,
    ),
    (
        "Kunst von Schulen auf dem Platz",
        "Wechselnde Ausstellungen von Schulklassen auf Stellwänden.",
        1,
        "workshop",
        "",
        None,
    ),
    (
        "Mülleimer mit Trennung",
        "Mehr Mülleimer, auch für Pfandflaschen, damit der Platz sauber bleibt.",
        0,
        "email",
        "",
        None,
    ),
    (
        "Sitzstufen am Theater",
        "Breite Sitzstufen an der Treppe laden zum Verweilen ein.",
        1,
        "online",
        "Treppe vor dem Theater",
        (0.0004, -0.0001),
    ),
]

SUBMITTERS = ["Frau Becker", "Herr Schneider", "Familie Yilmaz", "", "Frau Krämer", "Herr Wagner"]

COMMENTS = [
    "Gute Idee, das wünsche ich mir schon lange.",
    "Ich fände das auch schön, aber wer kümmert sich um die Pflege?",
    "Bitte auch an Menschen mit Rollator denken.",
    "Das würde den Platz wirklich lebendiger machen.",
    "Ich bin skeptisch, ob dafür genug Platz ist.",
]

REPLIES = [
    "Die Stadt könnte Patenschaften vergeben, wie bei den Baumscheiben.",
    "Da stimme ich zu.",
]

STATUSES = [
    Idea.Status.PUBLISHED,
    Idea.Status.PUBLISHED,
    Idea.Status.UNDER_REVIEW,
    Idea.Status.PUBLISHED,
    Idea.Status.ACCEPTED,
]


def seed(users: dict[str, User]) -> None:
    project, _ = Project.objects.get_or_create(
        slug="platz-vor-dem-pfalztheater",
        defaults={
            "title": "Platz vor dem Pfalztheater",
            "summary": "Wie soll der Platz vor dem Pfalztheater künftig aussehen? Sammeln Sie mit uns Ideen.",
            "visibility": Project.Visibility.PUBLIC,
        },
    )
    services.moderator_add(project=project, user=users["moderation@demo.kl"])
    if not project.description:
        project.description = (
            "Der Platz vor dem Pfalztheater soll neu gestaltet werden. Die Stadt Kaiserslautern möchte wissen, "
            "was Ihnen wichtig ist: mehr Grün und Schatten, Raum für Kultur, sichere Wege oder Orte zum Spielen.\n\n"
            "Ideen können Sie online abgeben, auf Postkarten im Rathaus und in der Tourist-Information oder bei "
            "unserer Veranstaltung vor Ort. Alle Ideen werden vor der Veröffentlichung von der Moderation geprüft."
        )
        project.contact = "Stadtverwaltung Kaiserslautern, Referat Stadtentwicklung\nTelefon 0631 365-0"
        project.area = AREA
        project.centre_lat, project.centre_lon = CENTRE
        project.moderation = Project.Moderation.PRE
        project.show_supports_during_rating = True
        project.report_threshold = 3
        project.save()
    _seed_phases(project)
    categories = [
        Category.objects.get_or_create(project=project, name=name, defaults={"position": index})[0]
        for index, name in enumerate(CATEGORIES)
    ]
    if not project.ideas.exists():
        _seed_ideas(project, categories, users)
    _seed_journeys(project, categories, users)


def _seed_phases(project: Project) -> None:
    if project.phases.exists():
        return
    today = timezone.localdate()
    # Idea collection is over; the square is in the rating phase today.
    plan = [
        (Phase.Kind.INFORMATION, -70, -57, "Auftaktveranstaltung und Informationen zum Platz."),
        (Phase.Kind.COLLECTION, -56, -15, "Ideen online, auf Postkarten und beim Ortstermin sammeln."),
        (Phase.Kind.RATING, -14, 20, "Ideen unterstützen und kommentieren."),
        (Phase.Kind.EVALUATION, 21, 60, "Die Verwaltung prüft die Ideen und antwortet."),
        (Phase.Kind.RESULT, 61, 120, "Ergebnisse und Entscheidung über den Entwurf."),
    ]
    for kind, start, end, description in plan:
        Phase.objects.create(
            project=project,
            kind=kind,
            starts_on=today + dt.timedelta(days=start),
            ends_on=today + dt.timedelta(days=end),
            description=description,
        )


def _seed_ideas(project: Project, categories: list[Category], users: dict[str, User]) -> None:
    citizens = [users["buergerin@demo.kl"], users["senior@demo.kl"], users["ehrenamt@demo.kl"]]
    moderator = users["moderation@demo.kl"]
    now = timezone.now()
    ideas: list[Idea] = []
    for index, (title, description, category, source, place, offset) in enumerate(IDEAS):
        created = now - dt.timedelta(days=55 - index, hours=index % 7)
        online = source == Idea.Source.ONLINE
        idea = Idea.objects.create(
            project=project,
            title=title,
            description=description,
            category=categories[category],
            source=source,
            author=citizens[index % len(citizens)] if online else None,
            entered_by=None if online else moderator,
            submitter_name="" if online else SUBMITTERS[index % len(SUBMITTERS)],
            submitted_on=None if online else created.date(),
            location_text=place,
            location_lat=CENTRE[0] + offset[0] if offset else None,
            location_lon=CENTRE[1] + offset[1] if offset else None,
            status=STATUSES[index % len(STATUSES)],
            created_at=created,
        )
        if idea.status == Idea.Status.ACCEPTED:
            idea.feedback = (
                "Vielen Dank für diesen Vorschlag. Die Verwaltung nimmt ihn in den Entwurf für den Platz auf und "
                "prüft die Kosten im nächsten Haushalt."
            )
            idea.feedback_at = now - dt.timedelta(days=3)
            idea.save(update_fields=["feedback", "feedback_at"])
        ideas.append(idea)
    # Two fresh online ideas wait for the moderator.
    Idea.objects.create(
        project=project,
        title="Kiosk mit Café",
        description="Ein kleines Café mit Außenplätzen würde den Platz tagsüber beleben.",
        category=categories[1],
        author=citizens[0],
        status=Idea.Status.SUBMITTED,
    )
    Idea.objects.create(
        project=project,
        title="Hundewiese",
        description="Eine eingezäunte Fläche, auf der Hunde frei laufen können.",
        category=categories[3],
        author=citizens[1],
        status=Idea.Status.SUBMITTED,
    )
    people = [*citizens, moderator]
    for index, idea in enumerate(ideas):
        for step in range(index % 4):
            Comment.objects.create(
                idea=idea,
                author=people[(index + step) % len(people)],
                text=COMMENTS[(index + step) % len(COMMENTS)],
                created_at=idea.created_at + dt.timedelta(days=1, hours=step),
            )
        first = idea.comments.order_by("created_at").first()
        if first is not None and index % 3 == 0:
            Comment.objects.create(
                idea=idea,
                parent=first,
                author=people[(index + 2) % len(people)],
                text=REPLIES[index % len(REPLIES)],
                created_at=first.created_at + dt.timedelta(hours=5),
            )
        for supporter in people[: (index * 7) % (len(people) + 1)]:
            Support.objects.get_or_create(idea=idea, user=supporter)
    ProjectFollower.objects.get_or_create(project=project, user=users["senior@demo.kl"], defaults={"notify": True})
    # The demo writes its past around the services (dates in the past, any phase): count once at the end.
    stamps.counts_refresh(project=project)


def _kiosk_picture() -> ContentFile[bytes]:
    """A drawing of a kiosk with a striped awning, as a citizen's photo would show one (made here, no file)."""
    image = Image.new("RGB", (800, 600), (186, 221, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 430, 800, 600), fill=(170, 170, 160))
    draw.rectangle((250, 230, 550, 450), fill=(245, 240, 225), outline=(90, 70, 50), width=6)
    for stripe in range(6):
        colour = (200, 40, 40) if stripe % 2 == 0 else (250, 250, 250)
        draw.rectangle((230 + stripe * 57, 180, 287 + stripe * 57, 240), fill=colour)
    draw.rectangle((330, 300, 470, 450), fill=(120, 80, 50))
    for x in (120, 640):
        draw.ellipse((x - 40, 380, x + 40, 420), fill=(110, 80, 60))
        draw.rectangle((x - 5, 420, x + 5, 470), fill=(90, 90, 90))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="kiosk-mit-cafe.png")


def _seed_journeys(project: Project, categories: list[Category], users: dict[str, User]) -> None:
    """What the demo journeys start from; safe to run again on an existing demo.

    Brigitte Bürgerin's waiting idea has a photo and a place (the moderator sees both before
    approving), Siegfried Senior's drinking fountain repeats a postcard (a duplicate to mark),
    and authors and commenters follow their ideas as they would after using the site.
    """
    siegfried = users["senior@demo.kl"]
    kiosk = Idea.objects.filter(project=project, title="Kiosk mit Café").first()
    if kiosk is not None and not kiosk.image:
        kiosk.image.save("kiosk-mit-cafe.png", _kiosk_picture(), save=False)
        kiosk.location_lat, kiosk.location_lon = CENTRE[0] + 0.0003, CENTRE[1] + 0.0007
        kiosk.location_text = "an der Treppe zur Fruchthallstraße"
        kiosk.save(update_fields=["image", "location_lat", "location_lon", "location_text"])
    if not Idea.objects.filter(project=project, title="Trinkbrunnen vor dem Theater").exists():
        Idea.objects.create(
            project=project,
            title="Trinkbrunnen vor dem Theater",
            description="Ein Trinkbrunnen vor dem Theater, damit ältere Menschen und Kinder an heißen Tagen "
            "kostenlos Wasser bekommen.",
            category=categories[0],
            author=siegfried,
            status=Idea.Status.PUBLISHED,
            location_text="vor dem Haupteingang",
            created_at=timezone.now() - dt.timedelta(days=16),
        )
    for idea_id, author_id in Idea.objects.filter(project=project, author__isnull=False).values_list("pk", "author_id"):
        IdeaFollower.objects.get_or_create(idea_id=idea_id, user_id=author_id)
    commented = Comment.objects.filter(idea__project=project, author__isnull=False).values_list("idea_id", "author_id")
    for idea_id, author_id in set(commented):
        IdeaFollower.objects.get_or_create(idea_id=idea_id, user_id=author_id)
    stamps.counts_refresh(project=project)
