from __future__ import annotations

import datetime as dt
import functools
import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt
from django.contrib.auth.hashers import make_password
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from helpdesk.models import Booking, Office, OfficeStaff, Slot, StaffRole
from participation.models import Project, ProjectModerator

PASSWORD = "a-long-test-password-42"


@functools.cache
def _password_hash() -> str:
    return make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name", locale="de_DE")
    # Hashing once per run: the real hasher is slow on purpose, and tests create many people.
    password = factory.LazyFunction(lambda: _password_hash())

    @factory.post_generation
    def verified(obj: User, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)
        if create:
            obj.save()


class ProjectFactory(factory.django.DjangoModelFactory[Project]):
    """A public project; ``ProjectFactory(phase="collection")`` adds a phase running today."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Projekt {n}")
    slug = factory.Sequence(lambda n: f"projekt-{n}")
    visibility = Project.Visibility.PUBLIC

    @factory.post_generation
    def phase(obj: Project, create: bool, extracted: str | None, **kwargs: object) -> None:
        if create and extracted:
            from participation.models import Phase

            today = timezone.localdate()
            Phase.objects.create(
                project=obj,
                kind=extracted,
                starts_on=today - dt.timedelta(days=7),
                ends_on=today + dt.timedelta(days=7),
            )


class OfficeFactory(factory.django.DjangoModelFactory[Office]):
    class Meta:
        model = Office

    name = factory.Sequence(lambda n: f"Stadtteilbüro {n}")
    slug = factory.Sequence(lambda n: f"buero-{n}")


class SlotFactory(factory.django.DjangoModelFactory[Slot]):
    class Meta:
        model = Slot

    office = factory.SubFactory(OfficeFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=2))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))


class BookingFactory(factory.django.DjangoModelFactory[Booking]):
    class Meta:
        model = Booking

    slot = factory.SubFactory(SlotFactory)
    name = factory.Faker("name", locale="de_DE")
    phone = factory.Sequence(lambda n: f"0631 {100000 + n}")
    consent_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class: type[Booking], *args: object, **kwargs: object) -> Booking:
        booking: Booking = super()._create(model_class, *args, **kwargs)
        # Keep the slot's counter of booked places true, as booking_create does. A test that
        # puts more factory bookings into a slot than it has places gets a bigger slot
        # instead of an IntegrityError (the booking rules are tested through the service).
        if booking.status == "active":
            taken = F("booked_count") + F("held_count")
            Slot.objects.filter(pk=booking.slot_id, capacity__lte=taken).update(capacity=taken + 1)
            Slot.objects.filter(pk=booking.slot_id).update(booked_count=F("booked_count") + 1)
            booking.slot.refresh_from_db(fields=["booked_count", "capacity"])
        return booking


def moderator_of(project: Project, **kwargs: object) -> User:
    user = UserFactory.create(**kwargs)
    ProjectModerator.objects.create(user=user, project=project)
    return user


def coordinator_of(office: Office, **kwargs: object) -> User:
    user = UserFactory.create(**kwargs)
    OfficeStaff.objects.create(user=user, role=StaffRole.COORDINATOR, office=office)
    return user


def volunteer_at(office: Office, **kwargs: object) -> User:
    user = UserFactory.create(**kwargs)
    OfficeStaff.objects.create(user=user, role=StaffRole.VOLUNTEER, office=office)
    return user


def give_totp(user: User) -> str:
    """A TOTP device for a staff person, so the MFA gate lets them pass; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_totp_code(user: User) -> str:
    """The code the person's authenticator app would show right now."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))
