"""Texts of the footer pages. Created once; later edits in the admin are kept."""

from __future__ import annotations

from portal.models import SitePage

PAGES = {
    SitePage.Slug.IMPRESSUM: (
        "Impressum",
        "Legal notice",
        "Stadtverwaltung Kaiserslautern\nReferat Digitalisierung – „herzlich digital“\n"
        "Willy-Brandt-Platz 1, 67657 Kaiserslautern\n\nDies ist eine Demo-Installation.",
        "City of Kaiserslautern\nDigitalisation office – \u201eherzlich digital\u201c\n"
        "Willy-Brandt-Platz 1, 67657 Kaiserslautern\n\nThis is a demo installation.",
    ),
    SitePage.Slug.DATENSCHUTZ: (
        "Datenschutz",
        "Privacy",
        "Wir speichern nur, was wir für Ihre Mitwirkung und Ihre Termine brauchen.\n\n"
        "Ihr Konto: E-Mail-Adresse, Anzeigename, auf Wunsch Telefonnummer und Sprache. Gespeichert, bis Sie Ihr "
        "Konto löschen.\n\n"
        "Ideen, Kommentare und Unterstützungen: gespeichert für die Dauer des Projekts und seine Dokumentation. "
        "Löschen Sie Ihr Konto, bleiben Ideen und Kommentare ohne Ihren Namen stehen; "
        "Unterstützungen werden gelöscht.\n\n"
        "Termine im Stadtteilbüro: Name, Telefonnummer, auf Wunsch E-Mail-Adresse, Thema, Gerät und Ihre Notiz. "
        "Sehen können das nur die Koordination Ihres Stadtteilbüros und die Ehrenamtlichen, die Ihnen helfen. Jeder "
        "Zugriff der Koordination wird protokolliert. Ohne Konto gebuchte Termine werden 90 Tage nach dem Termin "
        "anonymisiert; für die Statistik bleibt nur die Anzahl.\n\n"
        "Erinnerungen und Bestätigungen: Empfänger und Versandzeit, solange der Termin gespeichert ist.\n\n"
        "Sie können Ihre Daten jederzeit im Profil herunterladen und Ihr Konto löschen.",
        "We only store what we need for your participation and your appointments.\n\n"
        "Your account: e-mail address, display name, a phone number and language if you give them. Kept until you "
        "delete your account.\n\n"
        "Ideas, comments and supports: kept for the duration of the project and its records. If you delete your "
        "account, ideas and comments stay without your name; supports are deleted.\n\n"
        "Appointments at a district office: name, phone number, an e-mail address if you give one, topic, device "
        "and your note. Only the coordinators of your office and the volunteers helping you can see them. Every "
        "access by coordinators is logged. Appointments booked without an account are anonymised 90 days after "
        "the appointment; statistics keep only the count.\n\n"
        "Reminders and confirmations: recipient and time of sending, as long as the appointment is stored.\n\n"
        "You can download your data and delete your account in your profile at any time.",
    ),
    SitePage.Slug.BARRIEREFREIHEIT: (
        "Erklärung zur Barrierefreiheit",
        "Accessibility statement",
        "Wir möchten, dass alle diese Seiten nutzen können. Die Seiten sollen die Anforderungen der "
        "WCAG 2.1 auf Stufe AA (BITV 2.0) erfüllen.\n\nWenn Ihnen eine Barriere auffällt, schreiben Sie uns "
        "oder rufen Sie Ihr Stadtteilbüro an.",
        "We want everyone to be able to use these pages. They aim to meet WCAG 2.1 level AA (BITV 2.0).\n\n"
        "If you notice a barrier, write to us or call your district office.",
    ),
    SitePage.Slug.LEICHTE_SPRACHE: (
        "Leichte Sprache",
        "Easy language",
        "Haben Sie ein Handy?\nOder ein Tablet?\nHaben Sie eine Frage dazu?\n\n"
        "Dann können Sie Hilfe bekommen.\nDie Hilfe ist kostenlos.\n\n"
        "So geht es:\nSie rufen im Stadtteil-Büro an.\nOder Sie klicken auf: Hilfe buchen.\n\n"
        "Sie bekommen einen Termin.\nEin Helfer erklärt Ihnen alles.\nIn Ruhe.",
        "Do you have a mobile phone?\nOr a tablet?\nDo you have a question about it?\n\n"
        "Then you can get help.\nThe help is free.\n\n"
        "How it works:\nYou call the district office.\nOr you click on: Book help.\n\n"
        "You get an appointment.\nA helper explains everything to you.\nCalmly.",
    ),
}


def seed_pages() -> None:
    for slug, (title_de, title_en, body_de, body_en) in PAGES.items():
        SitePage.objects.get_or_create(
            slug=slug,
            defaults={"title_de": title_de, "title_en": title_en, "body_de": body_de, "body_en": body_en},
        )
