"""Texts of the footer pages. Created once; later edits in the admin are kept."""

from __future__ import annotations

from core.models import SitePage

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
        "Wir speichern nur, was wir für Ihre Mitwirkung und Ihre Termine brauchen: Ihr Konto "
        "(E-Mail-Adresse, Name, auf Wunsch Telefonnummer), Ihre Ideen, Kommentare und Unterstützungen "
        "sowie Ihre Buchungen.\n\nSie können Ihre Daten jederzeit im Profil herunterladen und Ihr Konto löschen.",
        "We only store what we need for your participation and your appointments: your account "
        "(e-mail address, name, a phone number if you give one), your ideas, comments and supports, "
        "and your bookings.\n\nYou can download your data and delete your account in your profile at any time.",
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
