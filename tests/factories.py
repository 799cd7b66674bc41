from __future__ import annotations

import datetime as dt

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Membership, Role, User
from helpdesk.models import Booking, Office, Slot
from participation.models import Project

PASSWORD = "a-long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name", locale="de_DE")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj: User, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)
        if create:
            obj.save()


class ProjectFactory(factory.django.DjangoModelFactory[Project]):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Projekt {n}")
    slug = factory.Sequence(lambda n: f"projekt-{n}")
    visibility = Project.Visibility.PUBLIC


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


def moderator_of(project: Project, **kwargs: object) -> User:
    user = UserFactory.create(**kwargs)
    Membership.objects.create(user=user, role=Role.MODERATOR, project=project)
    return user


def coordinator_of(office: Office, **kwargs: object) -> User:
    user = UserFactory.create(**kwargs)
    Membership.objects.create(user=user, role=Role.COORDINATOR, office=office)
    return user


def volunteer_at(office: Office, **kwargs: object) -> User:
    user = UserFactory.create(**kwargs)
    Membership.objects.create(user=user, role=Role.VOLUNTEER, office=office)
    return user
