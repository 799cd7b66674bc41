"""Texts of the footer pages. Created once; later edits in the admin are kept."""

from __future__ import annotations

from portal.models import SitePage

# Contact data of the city are demo data, marked as such; replace them before going live.
ACCESSIBILITY_DE = """Die Stadtverwaltung Kaiserslautern möchte, dass alle Menschen diese Website nutzen können. \
Diese Erklärung gilt für die Seiten „Mitwirkung“ und „Digitale Hilfe“.

## Rechtsgrundlage

Als öffentliche Stelle in Rheinland-Pfalz gelten für uns § 10 des Landesinklusionsgesetzes (Landesgesetz zur \
Gleichstellung, Inklusion und Teilhabe von Menschen mit Behinderungen) und die Barrierefreie-Informationstechnik-\
Verordnung Rheinland-Pfalz (BITV RP). Sie verweisen auf die europäische Norm EN 301 549 und damit auf die \
Web Content Accessibility Guidelines (WCAG) 2.1 in der Stufe AA.

## Stand der Vereinbarkeit

Diese Website ist mit den Anforderungen teilweise vereinbar. Die folgenden Inhalte sind nicht oder nicht ganz \
barrierefrei.

## Nicht barrierefreie Inhalte

- Karten: Die Karten der Ideen zeigen Kartenbilder von OpenStreetMap. Sie sind für Bildschirmleser ausgeblendet. \
Dieselben Angaben (Ort in Worten, Liste der Ideen) stehen immer auch als Text auf der Seite, und Orte lassen sich \
ohne Karte als Zahlen eingeben.
- Bilder zu Ideen: Fotos, die Bürgerinnen und Bürger mit ihren Ideen senden, haben keine eigene Beschreibung. \
Der Text der Idee beschreibt, worum es geht.
- Leichte Sprache: Es gibt Seiten in Leichter Sprache zur Mitwirkung und zur Digitalen Hilfe. Die übrigen Seiten \
sind in Alltagssprache geschrieben.
- Gebärdensprache: Es gibt noch keine Videos in Deutscher Gebärdensprache.
- Beiträge von Bürgerinnen und Bürgern (Ideen, Kommentare) prüfen wir nicht auf verständliche Sprache.

## Erstellung dieser Erklärung

Diese Erklärung wurde am 1. Dezember 2026 erstellt und zuletzt am 1. Dezember 2026 geprüft. Grundlage ist eine \
Selbstbewertung: Bei jeder Änderung prüfen automatische Tests alle Seiten mit dem Prüfwerkzeug axe-core im \
Browser Chromium, bei 360 und 1280 Pixeln Breite. Dazu kommen Prüfungen von Hand mit Tastatur, Bildschirmleser, \
200 % Vergrößerung und ohne JavaScript.

## Barrieren melden: Kontakt

Ist Ihnen eine Barriere aufgefallen? Oder brauchen Sie Inhalte dieser Website in einer anderen Form? Dann \
schreiben Sie uns oder rufen Sie an. Wir antworten innerhalb von zwei Wochen.

- Stadtverwaltung Kaiserslautern, Referat Digitalisierung – „herzlich digital“ (Demo-Angaben)
- Ansprechperson: Koordinierungsstelle Barrierefreiheit (Demo)
- Anschrift: Willy-Brandt-Platz 1, 67657 Kaiserslautern (Demo)
- E-Mail: barrierefreiheit@kaiserslautern.example
- Telefon: 0631 365-0 (Demo)

Sie können auch in Ihrem Stadtteilbüro Bescheid sagen; die Mitarbeitenden geben Ihre Meldung an uns weiter.

## Durchsetzungsverfahren

Haben Sie uns eine Barriere gemeldet und nach einem Monat keine oder keine zufriedenstellende Antwort erhalten? \
Dann können Sie sich an die Durchsetzungsstelle für digitale Barrierefreiheit wenden. Sie ist bei der oder dem \
Landesbeauftragten für die Belange von Menschen mit Behinderungen in Rheinland-Pfalz angesiedelt. Sie prüft, ob \
unsere Website die Vorschriften erfüllt, und fordert uns auf, Mängel zu beheben. Das Verfahren ist für Sie \
kostenlos; Sie brauchen keine Anwältin und keinen Anwalt.

- Durchsetzungsstelle bei der oder dem Landesbeauftragten für die Belange von Menschen mit Behinderungen \
Rheinland-Pfalz, Mainz
- E-Mail: durchsetzungsstelle@mastd.rlp.de
- Telefon: 06131 16-5342

Behebt eine öffentliche Stelle Mängel trotz Aufforderung nicht, können anerkannte Verbände nach § 13 des \
Landesinklusionsgesetzes klagen (Verbandsklage).
"""

ACCESSIBILITY_EN = """The city administration of Kaiserslautern wants everyone to be able to use this website. \
This statement covers the pages “Have your say” and “Digital help”.

## Legal basis

As a public body in Rhineland-Palatinate we are bound by section 10 of the State Inclusion Act \
(Landesinklusionsgesetz) and the State Regulation on Accessible Information Technology (BITV RP). They refer to the \
European standard EN 301 549 and thus to the Web Content Accessibility Guidelines (WCAG) 2.1, level AA.

## Compliance status

This website is partially compliant with these requirements. The following content is not, or not fully, \
accessible.

## Non-accessible content

- Maps: the maps of ideas show map images from OpenStreetMap. They are hidden from screen readers. The same \
information (the place in words, the list of ideas) is always on the page as text, and places can be typed in as \
numbers without the map.
- Pictures of ideas: photos that citizens send with their ideas have no description of their own. The text of the \
idea says what it is about.
- Easy language: there are pages in Leichte Sprache (German) and Easy Read (English) about taking part and about \
digital help. The other pages are written in everyday language.
- Sign language: there are no videos in German Sign Language yet.
- Contributions of citizens (ideas, comments) are not checked for plain language.

## Preparation of this statement

This statement was prepared on 1 December 2026 and last reviewed on 1 December 2026. It is based on a \
self-assessment: with every change, automated tests check all pages with the axe-core tool in the Chromium \
browser at widths of 360 and 1280 pixels, together with manual checks with the keyboard, a screen reader, \
200 % zoom and without JavaScript.

## Report a barrier: contact

Have you found a barrier? Or do you need content of this website in another form? Please write to us or call. \
We answer within two weeks.

- City of Kaiserslautern, digitalisation office – “herzlich digital” (demo data)
- Contact: accessibility coordination (demo)
- Address: Willy-Brandt-Platz 1, 67657 Kaiserslautern (demo)
- E-mail: barrierefreiheit@kaiserslautern.example
- Phone: 0631 365-0 (demo)

You can also tell your district office; the staff pass your report on to us.

## Enforcement procedure

Have you reported a barrier to us and received no answer, or no satisfactory answer, after one month? Then you \
can turn to the enforcement body for digital accessibility. It is attached to the State Commissioner for the \
Concerns of People with Disabilities in Rhineland-Palatinate. It checks whether our website meets the rules and \
asks us to remove shortcomings. The procedure is free of charge for you; you do not need a lawyer.

- Enforcement body (Durchsetzungsstelle) at the State Commissioner for the Concerns of People with Disabilities, \
Rhineland-Palatinate, Mainz
- E-mail: durchsetzungsstelle@mastd.rlp.de
- Phone: +49 6131 16-5342

If a public body does not remove shortcomings when asked to, recognised associations can take legal action under \
section 13 of the State Inclusion Act.
"""

# Earlier default texts: a page still showing one of them was never edited and gets the current text.
OUTDATED = {
    SitePage.Slug.BARRIEREFREIHEIT: (
        "Wir möchten, dass alle diese Seiten nutzen können. Die Seiten sollen die Anforderungen der "
        "WCAG 2.1 auf Stufe AA (BITV 2.0) erfüllen.\n\nWenn Ihnen eine Barriere auffällt, schreiben Sie uns "
        "oder rufen Sie Ihr Stadtteilbüro an."
    ),
}

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
        ACCESSIBILITY_DE,
        ACCESSIBILITY_EN,
    ),
}


def seed_pages() -> None:
    for slug, (title_de, title_en, body_de, body_en) in PAGES.items():
        texts = {"title_de": title_de, "title_en": title_en, "body_de": body_de, "body_en": body_en}
        page, created = SitePage.objects.get_or_create(slug=slug, defaults=texts)
        if not created and page.body_de == OUTDATED.get(slug):
            SitePage.objects.filter(pk=page.pk).update(**texts)
