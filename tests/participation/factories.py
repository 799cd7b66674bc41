from __future__ import annotations

import datetime as dt
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from participation import stamps
from participation.models import Category, Comment, Idea, Phase, Report, Support
from tests.factories import ProjectFactory, UserFactory

# A square of roughly 200 m around the Pfalztheater, [latitude, longitude].
AREA = [[49.4457, 7.7675], [49.4457, 7.7705], [49.4438, 7.7705], [49.4438, 7.7675]]
INSIDE = (49.4447, 7.7689)
OUTSIDE = (49.4500, 7.7800)


class PhaseFactory(factory.django.DjangoModelFactory[Phase]):
    class Meta:
        model = Phase

    project = factory.SubFactory(ProjectFactory)
    kind = Phase.Kind.COLLECTION
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=7))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))


class CategoryFactory(factory.django.DjangoModelFactory[Category]):
    class Meta:
        model = Category

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Kategorie {n}")


class IdeaFactory(factory.django.DjangoModelFactory[Idea]):
    class Meta:
        model = Idea

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Idee {n}")
    description = "Mehr Bäume und Bänke auf dem Platz."
    author = factory.SubFactory(UserFactory)
    status = Idea.Status.PUBLISHED

    @classmethod
    def _create(cls, model_class: type[Idea], *args: object, **kwargs: object) -> Idea:
        # Like the services: the project counts its public ideas and moves its stamp.
        idea = super()._create(model_class, *args, **kwargs)
        stamps.project_touch(project_id=idea.project_id, recount=True)
        return idea


class CommentFactory(factory.django.DjangoModelFactory[Comment]):
    class Meta:
        model = Comment

    idea = factory.SubFactory(IdeaFactory)
    author = factory.SubFactory(UserFactory)
    text = "Gute Idee."

    @classmethod
    def _create(cls, model_class: type[Comment], *args: object, **kwargs: object) -> Comment:
        # Like the services: the idea counts its visible comments and moves its stamp.
        comment = super()._create(model_class, *args, **kwargs)
        stamps.idea_touch(idea=comment.idea, comments=int(comment.is_visible))
        return comment


class SupportFactory(factory.django.DjangoModelFactory[Support]):
    class Meta:
        model = Support

    idea = factory.SubFactory(IdeaFactory)
    user = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class: type[Support], *args: object, **kwargs: object) -> Support:
        # Like the services: the idea counts its supports and moves its stamp.
        support = super()._create(model_class, *args, **kwargs)
        stamps.idea_touch(idea=support.idea, supports=1)
        return support


class ReportFactory(factory.django.DjangoModelFactory[Report]):
    class Meta:
        model = Report

    idea = factory.SubFactory(IdeaFactory)
    reporter = factory.SubFactory(UserFactory)
    reason = "Beleidigend."


def picture(name: str = "bank.png", colour: str = "green") -> SimpleUploadedFile:
    """A small real PNG, as a citizen's phone would send one."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def retitle(idea: Idea, *, title: str) -> None:
    """The author gives her idea a new title through the service (so it leaves an edit in the history)."""
    from participation import authoring

    assert idea.author is not None
    authoring.idea_edit(
        idea=idea,
        user=idea.author,
        title=title,
        description=idea.description,
        category=idea.category,
        location_text=idea.location_text,
        location_lat=idea.location_lat,
        location_lon=idea.location_lon,
    )
