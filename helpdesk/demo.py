"""Demo data of the helpdesk half: Kaiserslautern's three district offices."""

from __future__ import annotations

from accounts.models import Role, User
from accounts.services import membership_grant
from helpdesk.models import Office

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


def seed(users: dict[str, User]) -> None:
    offices: dict[str, Office] = {}
    for slug, name, address, phone in OFFICES:
        offices[slug], _ = Office.objects.get_or_create(
            slug=slug, defaults={"name": name, "address": address, "phone": phone}
        )
    membership_grant(
        user=users["koordination.gruebentaelchen@demo.kl"], role=Role.COORDINATOR, office=offices["gruebentaelchen"]
    )
    membership_grant(
        user=users["koordination.innenstadt@demo.kl"], role=Role.COORDINATOR, office=offices["innenstadt-west"]
    )
    for office in offices.values():
        membership_grant(user=users["ehrenamt@demo.kl"], role=Role.VOLUNTEER, office=office)
