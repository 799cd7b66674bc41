from __future__ import annotations

import pytest

from accounts import demo as accounts_demo
from participation import demo, permissions
from participation.geo import point_in_polygon
from participation.models import Comment, Project, Support

pytestmark = pytest.mark.django_db


def test_demo_seed_creates_a_living_project_and_can_run_twice():
    users = accounts_demo.seed_users()
    demo.seed(users)
    demo.seed(users)
    project = Project.objects.get(slug="platz-vor-dem-pfalztheater")
    assert project.ideas.count() >= 30
    assert len(set(project.ideas.values_list("source", flat=True))) >= 4
    assert Comment.objects.filter(idea__project=project).exists()
    assert Support.objects.filter(idea__project=project).exists()
    assert permissions.phase_kind(project) in {"collection", "rating"}
    assert set(project.categories.values_list("name", flat=True)) == {
        "Grün und Schatten",
        "Kultur und Veranstaltungen",
        "Wege und Verkehr",
        "Spiel und Sport",
    }
    for idea in project.ideas.filter(location_lat__isnull=False):
        assert idea.location_lat is not None and idea.location_lon is not None
        assert point_in_polygon(idea.location_lat, idea.location_lon, project.area)
    assert permissions.can_moderate(users["moderation@demo.kl"], project)


def test_the_demo_starts_the_journeys_of_brigitte_buergerin_and_the_moderator():
    from participation import review
    from participation.models import Idea, IdeaFollower

    users = accounts_demo.seed_users()
    demo.seed(users)
    demo.seed(users)
    brigitte = users["buergerin@demo.kl"]
    mine = Idea.objects.filter(author=brigitte)
    assert mine.count() >= 5
    assert mine.exclude(feedback="").exists(), "one of her ideas has an official answer"
    waiting = mine.get(title="Kiosk mit Café")
    assert waiting.status == Idea.Status.SUBMITTED and waiting.image and waiting.has_location
    assert permissions.can_edit_idea(brigitte, waiting) and permissions.can_withdraw_idea(brigitte, waiting)
    assert IdeaFollower.objects.filter(user=brigitte, idea=waiting).exists()
    fountain = Idea.objects.get(title="Trinkbrunnen vor dem Theater")
    assert "Trinkwasserbrunnen" in [match.idea.title for match in review.similar_ideas(fountain)]
    assert Idea.objects.filter(title="Trinkbrunnen vor dem Theater").count() == 1


def test_the_demo_ideas_show_their_real_numbers_of_supports_and_comments():
    demo.seed(accounts_demo.seed_users())
    for idea in Project.objects.get(slug="platz-vor-dem-pfalztheater").ideas.all():
        assert idea.support_count == idea.supports.count()
        assert idea.comment_count == idea.comments.filter(is_deleted=False, is_hidden=False).count()
