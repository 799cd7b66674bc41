"""Reads by fixed SQL answer exactly what the ORM answered (participation.selectors)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from participation import selectors
from participation.filters import IdeaListQuery
from participation.models import Idea, IdeaEdit, IdeaFollower, Phase, Project
from tests.factories import UserFactory
from tests.participation.factories import CategoryFactory, IdeaFactory, PhaseFactory, SupportFactory
from tests.world import World

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "citizen", "author", "moderator_x", "moderator_y", "administrator")


def _mixed_ideas(world: World) -> None:
    project = world.project_x
    green, blue = CategoryFactory.create(project=project, name="Grün"), CategoryFactory.create(project=project)
    author = world.person("author")
    now = timezone.now()
    for n, (status, hidden, reported) in enumerate(
        [
            (Idea.Status.PUBLISHED, False, False),
            (Idea.Status.SUBMITTED, False, False),  # the author's waiting idea
            (Idea.Status.SUBMITTED, True, False),
            (Idea.Status.WITHDRAWN, False, False),
            (Idea.Status.PUBLISHED, True, False),
            (Idea.Status.PUBLISHED, False, True),
            (Idea.Status.PUBLISHED, False, False),
        ]
    ):
        IdeaFactory.create(
            project=project,
            author=author if n % 2 else UserFactory.create(),
            status=status,
            is_hidden=hidden,
            hidden_by_reports=reported,
            category=green if n % 3 else blue,
            created_at=now - dt.timedelta(hours=n % 3),  # ties broken by id
            support_count=n % 2,
            comment_count=n % 3,
            source=Idea.Source.POSTCARD if n == 6 else Idea.Source.ONLINE,
        )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "choice",
    [{}, {"sort": "supported"}, {"sort": "discussed"}, {"status": "submitted"}, {"source": "postcard"}, {"cat": 1}],
)
def test_the_listed_ideas_are_the_orm_s_for_every_person_filter_and_order(
    world: World, role: str, choice: dict[str, Any]
) -> None:
    _mixed_ideas(world)
    project, user = world.project_x, world.user(role)
    categories = selectors.categories_of(project)
    assert [c.pk for c in categories] == [c.pk for c in project.categories.all()]
    category = categories[0].pk if choice.pop("cat", None) else None
    query = IdeaListQuery(category=category, **choice)
    expected = list(query.apply(selectors.ideas_for(user, project)))
    listed = selectors.ListedIdeas(user, project, category=category, **choice)
    assert [i.pk for i in listed[0:100]] == [i.pk for i in expected]
    assert [i.pk for i in listed[2:4]] == [i.pk for i in expected[2:4]]
    assert [i.title for i in listed[0:100]] == [i.title for i in expected]


@pytest.mark.parametrize("role", ROLES)
def test_the_idea_read_by_fixed_sql_is_visible_to_the_same_people(world: World, role: str) -> None:
    _mixed_ideas(world)
    project, user = world.project_x, world.user(role)
    visible = {i.pk for i in selectors.ideas_for(user, project)}
    for idea in Idea.objects.filter(project=project):
        assert (selectors.idea_for(user, project, idea.pk) is not None) == (idea.pk in visible)
    assert (
        selectors.idea_for(user, world.project_y, world.idea.pk if world.idea.project_id != project.pk else 0) is None
    )


def test_the_idea_s_facts_are_read_with_it(world: World) -> None:
    project, citizen = world.project_x, world.person("citizen")
    idea = IdeaFactory.create(project=project, category=CategoryFactory.create(project=project, name="Bänke"))
    twin = IdeaFactory.create(project=project)
    plain = selectors.idea_for(citizen, project, idea.pk)
    assert plain is not None
    assert (plain.has_duplicates, plain.last_edited_at, plain.supported_by_me, plain.followed_by_me) == (  # type: ignore[attr-defined]
        False,
        None,
        False,
        False,
    )
    assert plain.category is not None and plain.category.name == "Bänke"
    assert plain.author is not None and plain.author.pk == idea.author_id
    Idea.objects.filter(pk=twin.pk).update(duplicate_of=idea)
    edited = IdeaEdit.objects.create(idea=idea, editor=idea.author, changes={"title": ["x", "y"]})
    SupportFactory.create(idea=idea, user=citizen)
    IdeaFollower.objects.create(idea=idea, user=citizen, following=True)
    read = selectors.idea_for(citizen, project, idea.pk)
    assert read is not None
    assert (read.has_duplicates, read.supported_by_me, read.followed_by_me) == (True, True, True)  # type: ignore[attr-defined]
    assert read.last_edited_at == edited.created_at  # type: ignore[attr-defined]
    anonymous = selectors.idea_for(world.user("anonymous"), project, idea.pk)
    assert anonymous is not None and not anonymous.supported_by_me  # type: ignore[attr-defined]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("visibility", [Project.Visibility.PUBLIC, Project.Visibility.DRAFT])
def test_the_idea_page_reads_what_project_for_and_idea_for_read(world: World, role: str, visibility: str) -> None:
    _mixed_ideas(world)
    project, user = world.project_x, world.user(role)
    Project.objects.filter(pk=project.pk).update(visibility=visibility)
    PhaseFactory.create(
        project=project, kind=Phase.Kind.RATING, starts_on=dt.date(2030, 1, 1), ends_on=dt.date(2030, 2, 1)
    )
    expected_project = selectors.project_for(user, project.slug)
    for idea in [*Idea.objects.filter(project=project), world.idea]:
        read_project, read_idea = selectors.idea_page(user, project.slug, idea.pk)
        if expected_project is None:
            assert (read_project, read_idea) == (None, None)
            continue
        assert read_project is not None and read_project.pk == expected_project.pk
        assert read_project.content_changed_at == expected_project.content_changed_at
        assert list(read_project.phases.all()) == list(expected_project.phases.all())
        assert [p.kind for p in read_project.phases.all()] == [Phase.Kind.COLLECTION, Phase.Kind.RATING]
        expected_idea = selectors.idea_for(user, expected_project, idea.pk)
        if expected_idea is None:
            assert read_idea is None
            continue
        assert read_idea is not None
        assert read_idea.pk == expected_idea.pk and read_idea.updated_at == expected_idea.updated_at
        assert read_idea.author == expected_idea.author and read_idea.category == expected_idea.category
        if expected_idea.author is not None:
            assert read_idea.author is not None
            assert read_idea.author.display_name == expected_idea.author.display_name
            assert read_idea.author.email == expected_idea.author.email  # deferred: read when asked, as .only() does
        if expected_idea.category is not None:
            assert read_idea.category is not None and read_idea.category.name == expected_idea.category.name
        for fact in ("has_duplicates", "last_edited_at", "supported_by_me", "followed_by_me"):
            assert getattr(read_idea, fact) == getattr(expected_idea, fact)
    assert selectors.idea_page(user, "no-such-project", world.idea.pk) == (None, None)


def test_a_project_without_phases_is_read_with_its_idea(world: World) -> None:
    project = world.project_y
    Phase.objects.filter(project=project).delete()
    idea = IdeaFactory.create(project=project)
    read_project, read_idea = selectors.idea_page(world.user("anonymous"), project.slug, idea.pk)
    assert read_project is not None and list(read_project.phases.all()) == []
    assert read_idea is not None and read_idea.pk == idea.pk


@pytest.mark.parametrize("role", ROLES)
def test_a_project_read_with_its_phases_is_the_same_project(world: World, role: str) -> None:
    project, user = world.project_x, world.user(role)
    PhaseFactory.create(
        project=project, kind=Phase.Kind.RATING, starts_on=dt.date(2030, 1, 1), ends_on=dt.date(2030, 2, 1)
    )
    for visibility in (Project.Visibility.PUBLIC, Project.Visibility.DRAFT):
        Project.objects.filter(pk=project.pk).update(visibility=visibility)
        plain, joined = (
            selectors.project_for(user, project.slug, phases=False),
            selectors.project_for(user, project.slug),
        )
        assert (plain is None) == (joined is None)
        if plain is not None and joined is not None:
            assert (joined.pk, joined.title, joined.area) == (plain.pk, plain.title, plain.area)
            ordered = list(Phase.objects.filter(project=project).order_by("starts_on"))
            assert list(joined.phases.all()) == ordered and len(ordered) == 2


def test_listed_ideas_carry_what_the_cards_read(world: World) -> None:
    _mixed_ideas(world)
    project = world.project_x
    listed = selectors.ListedIdeas(world.user("moderator_x"), project)[0:100]
    assert len(listed) == Idea.objects.filter(project=project).count()
    for row in listed:
        idea = Idea.objects.get(pk=row.pk)
        assert row == tuple(getattr(idea, name) for name in selectors.ListedIdea._fields)


def test_a_listed_idea_from_a_driver_with_text_dates_is_the_same() -> None:
    row = (3, "Bank", "Text", None, "published", "online", 0, 1, None, 4, 2, "2026-03-01 09:30:00")
    assert selectors._listed_idea(row) == (
        3,
        "Bank",
        "Text",
        None,
        "published",
        "online",
        False,
        True,
        None,
        4,
        2,
        dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC),
    )


@pytest.mark.parametrize("phases", [False, True])
def test_categories_read_with_the_project_are_its_categories_in_order(world: World, phases: bool) -> None:
    project, user = world.project_x, world.user("citizen")
    PhaseFactory.create(
        project=project, kind=Phase.Kind.RATING, starts_on=dt.date(2030, 1, 1), ends_on=dt.date(2030, 2, 1)
    )
    for position, name in [(2, "Bäume"), (1, "Wege"), (1, "Bänke")]:
        CategoryFactory.create(project=project, name=name, position=position)
    read = selectors.project_for(user, project.slug, phases=phases, categories=True)
    assert read is not None
    expected = selectors.categories_of(Project.objects.get(pk=project.pk))
    assert [c.name for c in selectors.categories_of(read)] == [c.name for c in expected] == ["Bänke", "Wege", "Bäume"]
    if phases:
        assert list(read.phases.all()) == list(Phase.objects.filter(project=project).order_by("starts_on"))
    bare = selectors.project_for(user, world.project_y.slug, phases=phases, categories=True)
    assert bare is not None and selectors.categories_of(bare) == []
