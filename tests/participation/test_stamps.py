"""The services keep the stored counts and move the change stamps child to parent, in the same transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.privacy import delete_account
from participation import services, stamps
from participation.models import Comment, Idea, Phase, Project, Report, Support
from tests.factories import ProjectFactory, UserFactory, moderator_of
from tests.participation.factories import CommentFactory, IdeaFactory, SupportFactory

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - dt.timedelta(days=3)


def _fresh(idea: Idea) -> Idea:
    return Idea.objects.get(pk=idea.pk)


def _project(idea: Idea) -> Project:
    return Project.objects.get(pk=idea.project_id)


def _age(idea: Idea) -> None:
    """Put the stamps of an idea, its comments and its project in the past, to see them move."""
    Idea.objects.filter(pk=idea.pk).update(updated_at=LONG_AGO)
    Comment.objects.filter(idea=idea).update(changed_at=LONG_AGO)
    Project.objects.filter(pk=idea.project_id).update(content_changed_at=LONG_AGO)


def _rating_idea() -> Idea:
    return IdeaFactory.create(project=ProjectFactory.create(phase=Phase.Kind.RATING))


def test_a_support_counts_on_the_idea_and_moves_the_idea_and_project_stamps():
    idea = _rating_idea()
    _age(idea)
    services.support_add(idea=idea, user=UserFactory.create())
    assert _fresh(idea).support_count == 1
    assert _fresh(idea).updated_at > LONG_AGO and _project(idea).content_changed_at > LONG_AGO


def test_supporting_twice_counts_once_and_withdrawing_counts_down():
    idea = _rating_idea()
    person = UserFactory.create()
    services.support_add(idea=idea, user=person)
    services.support_add(idea=idea, user=person)
    assert _fresh(idea).support_count == 1
    services.support_remove(idea=idea, user=person)
    services.support_remove(idea=idea, user=person)
    assert _fresh(idea).support_count == 0 and not Support.objects.exists()


def test_a_comment_counts_when_visible_and_moves_the_stamps():
    idea = _rating_idea()
    _age(idea)
    comment = services.comment_create(idea=idea, author=UserFactory.create(), text="Gut")
    services.comment_create(idea=idea, author=UserFactory.create(), text="Antwort", parent=comment)
    assert _fresh(idea).comment_count == 2
    assert _fresh(idea).updated_at > LONG_AGO and _project(idea).content_changed_at > LONG_AGO


def test_editing_moves_the_comment_stamp_but_keeps_the_count():
    idea = _rating_idea()
    author = UserFactory.create()
    comment = services.comment_create(idea=idea, author=author, text="Gut")
    _age(idea)
    services.comment_edit(comment=comment, user=author, text="Sehr gut")
    stored = Comment.objects.get(pk=comment.pk)
    assert stored.changed_at > LONG_AGO and stored.text == "Sehr gut"
    assert _fresh(idea).comment_count == 1 and _fresh(idea).updated_at > LONG_AGO


def test_deleting_and_hiding_take_a_comment_out_of_the_count_once():
    idea = _rating_idea()
    author = UserFactory.create()
    moderator = moderator_of(idea.project)
    gone = services.comment_create(idea=idea, author=author, text="weg")
    rude = services.comment_create(idea=idea, author=author, text="böse")
    services.comment_create(idea=idea, author=author, text="bleibt")
    services.comment_delete(comment=gone, user=author)
    services.comment_hide(comment=rude, moderator=moderator, reason="Beleidigung")
    # Hiding a deleted comment changes nothing that counts.
    services.comment_hide(comment=Comment.objects.get(pk=gone.pk), moderator=moderator, reason="auch")
    assert _fresh(idea).comment_count == 1


def test_reports_hold_a_comment_out_of_the_count_until_a_moderator_dismisses_them():
    idea = _rating_idea()
    idea.project.report_threshold = 1
    idea.project.save()
    comment = services.comment_create(idea=idea, author=UserFactory.create(), text="strittig")
    report = services.report_create(reporter=UserFactory.create(), reason="falsch", comment=comment)
    assert _fresh(idea).comment_count == 0
    assert Comment.objects.get(pk=comment.pk).hidden_by_reports
    services.report_decide(report=report, moderator=moderator_of(idea.project), uphold=False)
    assert _fresh(idea).comment_count == 1


def test_the_project_counts_its_public_ideas_through_approval_hiding_and_reports():
    project = ProjectFactory.create(phase=Phase.Kind.COLLECTION, moderation=Project.Moderation.PRE, report_threshold=1)
    moderator = moderator_of(project)
    idea = services.idea_submit(project=project, author=UserFactory.create(), title="Bänke", description="x")
    assert Project.objects.get(pk=project.pk).public_idea_count == 0
    services.idea_approve(idea=idea, moderator=moderator)
    assert Project.objects.get(pk=project.pk).public_idea_count == 1
    services.idea_hide(idea=idea, moderator=moderator, reason="Werbung")
    assert Project.objects.get(pk=project.pk).public_idea_count == 0
    services.idea_unhide(idea=idea, moderator=moderator)
    assert Project.objects.get(pk=project.pk).public_idea_count == 1
    services.report_create(reporter=UserFactory.create(), reason="falsch", idea=Idea.objects.get(pk=idea.pk))
    assert Project.objects.get(pk=project.pk).public_idea_count == 0
    report = Report.objects.get(idea=idea)
    services.report_decide(report=report, moderator=moderator, uphold=False)
    assert Project.objects.get(pk=project.pk).public_idea_count == 1
    services.idea_enter_from_paper(
        project=project, entered_by=moderator, source="postcard", title="Karte", description="Brunnen"
    )
    assert Project.objects.get(pk=project.pk).public_idea_count == 2


def test_moderating_the_text_of_an_idea_moves_its_stamp():
    idea = _rating_idea()
    _age(idea)
    services.idea_moderate(idea=idea, moderator=moderator_of(idea.project), feedback="Wird geprüft.")
    assert _fresh(idea).updated_at > LONG_AGO and _project(idea).content_changed_at > LONG_AGO


def test_deleting_an_account_takes_its_supports_out_of_the_counts_and_moves_the_stamps():
    idea = _rating_idea()
    person = UserFactory.create()
    services.support_add(idea=idea, user=person)
    services.support_add(idea=idea, user=UserFactory.create())
    comment = services.comment_create(idea=idea, author=person, text="Von mir")
    _age(idea)
    delete_account(person)
    assert _fresh(idea).support_count == 1 and _fresh(idea).comment_count == 1
    assert Comment.objects.get(pk=comment.pk).changed_at > LONG_AGO
    assert _fresh(idea).updated_at > LONG_AGO and _project(idea).content_changed_at > LONG_AGO


def test_a_failed_write_leaves_counts_and_stamps_as_they_were():
    idea = _rating_idea()
    _age(idea)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.comment_create(idea=idea, author=UserFactory.create(), text="Gut")
        raise RuntimeError("the request failed after the comment")
    assert _fresh(idea).comment_count == 0 and _fresh(idea).updated_at == LONG_AGO


def test_counts_written_around_the_services_are_repaired_by_a_recount():
    idea = _rating_idea()
    SupportFactory.create(idea=idea)
    CommentFactory.create(idea=idea)
    Idea.objects.filter(pk=idea.pk).update(support_count=7, comment_count=0)
    Project.objects.filter(pk=idea.project_id).update(public_idea_count=0)
    stamps.counts_refresh(project=idea.project)
    assert (_fresh(idea).support_count, _fresh(idea).comment_count) == (1, 1)
    assert _project(idea).public_idea_count == 1
