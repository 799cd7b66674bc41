from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from notifications.models import OutboxMessage
from participation import geo, services
from participation.models import Comment, Idea, Phase, Project, ProjectFollower, Report, Support
from tests.factories import ProjectFactory, UserFactory, moderator_of
from tests.participation.factories import AREA, INSIDE, OUTSIDE, CommentFactory, IdeaFactory, ReportFactory

pytestmark = pytest.mark.django_db


def _project(kind: str | None, **kwargs: object) -> Project:
    return ProjectFactory.create(phase=kind, area=AREA, **kwargs)


def test_point_in_the_square_is_inside_and_a_point_far_away_is_outside():
    assert geo.point_in_polygon(*INSIDE, AREA)
    assert not geo.point_in_polygon(*OUTSIDE, AREA)
    assert not geo.point_in_polygon(49.4447, 7.7600, AREA)
    assert not geo.point_in_polygon(49.4447, 7.7689, [])


def test_citizen_submits_an_idea_while_ideas_are_collected():
    project = _project(Phase.Kind.COLLECTION)
    idea = services.idea_submit(project=project, author=UserFactory.create(), title=" Bäume ", description="Schatten")
    assert idea.title == "Bäume"
    assert idea.source == Idea.Source.ONLINE


@pytest.mark.parametrize("kind", [Phase.Kind.INFORMATION, Phase.Kind.RATING, Phase.Kind.EVALUATION, None])
def test_citizen_cannot_submit_outside_the_collection_phase(kind):
    project = _project(kind)
    with pytest.raises(PermissionDenied):
        services.idea_submit(project=project, author=UserFactory.create(), title="Bäume", description="Schatten")


def test_moderator_may_submit_in_any_phase():
    project = _project(Phase.Kind.EVALUATION)
    idea = services.idea_submit(project=project, author=moderator_of(project), title="Bäume", description="x")
    assert idea.pk


def test_pre_moderated_idea_waits_for_approval_and_post_moderated_idea_is_published_at_once():
    pre = _project(Phase.Kind.COLLECTION, moderation=Project.Moderation.PRE)
    post = _project(Phase.Kind.COLLECTION, moderation=Project.Moderation.POST)
    author = UserFactory.create()
    assert services.idea_submit(project=pre, author=author, title="a", description="b").status == "submitted"
    assert services.idea_submit(project=post, author=author, title="a", description="b").status == "published"


def test_location_inside_the_area_is_kept():
    project = _project(Phase.Kind.COLLECTION)
    idea = services.idea_submit(
        project=project,
        author=UserFactory.create(),
        title="a",
        description="b",
        location_lat=INSIDE[0],
        location_lon=INSIDE[1],
    )
    assert idea.has_location


def test_location_outside_the_area_is_refused_with_a_clear_error():
    project = _project(Phase.Kind.COLLECTION)
    with pytest.raises(ValidationError) as error:
        services.idea_submit(
            project=project,
            author=UserFactory.create(),
            title="a",
            description="b",
            location_lat=OUTSIDE[0],
            location_lon=OUTSIDE[1],
        )
    assert "außerhalb des Projektgebiets" in str(error.value.message_dict["location_lat"])
    assert not Idea.objects.exists()


def test_half_a_location_is_refused():
    project = _project(Phase.Kind.COLLECTION)
    with pytest.raises(ValidationError):
        services.idea_submit(
            project=project, author=UserFactory.create(), title="a", description="b", location_lat=49.4
        )


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (3000, 2000), "green")
    exif = Image.Exif()
    exif[0x010F] = "Kamerahersteller"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_picture_is_re_encoded_shrunk_and_stripped_of_metadata():
    project = _project(Phase.Kind.COLLECTION)
    upload = SimpleUploadedFile("foto.png", _jpeg_with_exif(), content_type="image/png")
    idea = services.idea_submit(project=project, author=UserFactory.create(), title="a", description="b", image=upload)
    with Image.open(idea.image.path) as stored:
        assert stored.format == "JPEG"
        assert max(stored.size) <= 1600
        assert not stored.getexif()
    assert str(idea.image.name).endswith(".jpg")


def test_a_file_that_only_pretends_to_be_a_picture_is_refused():
    project = _project(Phase.Kind.COLLECTION)
    upload = SimpleUploadedFile("foto.jpg", b"<html>not a picture</html>", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        services.idea_submit(project=project, author=UserFactory.create(), title="a", description="b", image=upload)


def test_a_too_large_picture_is_refused():
    project = _project(Phase.Kind.COLLECTION)
    upload = SimpleUploadedFile("foto.jpg", _jpeg_with_exif(), content_type="image/jpeg")
    with pytest.raises(ValidationError):
        services.idea_submit(
            project=project,
            author=UserFactory.create(),
            title="a",
            description="b",
            image=upload,
            image_size=9 * 1024**2,
        )


def test_moderator_enters_a_postcard_without_creating_an_account():
    project = _project(Phase.Kind.RATING)
    moderator = moderator_of(project)
    users_before = type(moderator).objects.count()
    idea = services.idea_enter_from_paper(
        project=project,
        entered_by=moderator,
        source=Idea.Source.POSTCARD,
        submitter_name="Frau Becker",
        submitted_on=dt.date(2026, 10, 1),
        title="Trinkbrunnen",
        description="Bitte einen Trinkbrunnen.",
    )
    assert idea.author is None
    assert idea.status == Idea.Status.PUBLISHED
    assert idea.submitter_name == "Frau Becker"
    assert type(moderator).objects.count() == users_before


def test_citizen_cannot_enter_paper_ideas():
    project = _project(Phase.Kind.COLLECTION)
    with pytest.raises(PermissionDenied):
        services.idea_enter_from_paper(
            project=project, entered_by=UserFactory.create(), source="postcard", title="a", description="b"
        )


def test_support_only_while_rating():
    collecting = IdeaFactory.create(project=_project(Phase.Kind.COLLECTION))
    rating = IdeaFactory.create(project=_project(Phase.Kind.RATING))
    user = UserFactory.create()
    with pytest.raises(PermissionDenied):
        services.support_add(idea=collecting, user=user)
    services.support_add(idea=rating, user=user)
    assert Support.objects.filter(idea=rating, user=user).count() == 1


def test_supporting_twice_keeps_one_support():
    idea = IdeaFactory.create(project=_project(Phase.Kind.RATING))
    user = UserFactory.create()
    services.support_add(idea=idea, user=user)
    services.support_add(idea=idea, user=user)
    assert Support.objects.filter(idea=idea, user=user).count() == 1


def test_database_refuses_a_second_support_of_the_same_person():
    idea = IdeaFactory.create(project=_project(Phase.Kind.RATING))
    user = UserFactory.create()
    Support.objects.create(idea=idea, user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.create(idea=idea, user=user)


def test_toggling_support_adds_and_withdraws_it():
    idea = IdeaFactory.create(project=_project(Phase.Kind.RATING))
    user = UserFactory.create()
    assert services.support_toggle(idea=idea, user=user) is True
    assert services.support_toggle(idea=idea, user=user) is False
    assert not Support.objects.exists()


def test_unpublished_idea_cannot_be_supported():
    idea = IdeaFactory.create(project=_project(Phase.Kind.RATING), status=Idea.Status.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.support_add(idea=idea, user=UserFactory.create())


@pytest.mark.parametrize(
    ("kind", "allowed"),
    [
        (Phase.Kind.INFORMATION, False),
        (Phase.Kind.COLLECTION, True),
        (Phase.Kind.RATING, True),
        (Phase.Kind.EVALUATION, False),
        (Phase.Kind.RESULT, False),
    ],
)
def test_comments_are_allowed_while_collecting_and_rating(kind, allowed):
    idea = IdeaFactory.create(project=_project(kind))
    if allowed:
        assert services.comment_create(idea=idea, author=UserFactory.create(), text="Gut").pk
    else:
        with pytest.raises(PermissionDenied):
            services.comment_create(idea=idea, author=UserFactory.create(), text="Gut")


def test_moderator_may_comment_and_support_in_any_phase():
    project = _project(Phase.Kind.EVALUATION)
    idea = IdeaFactory.create(project=project)
    moderator = moderator_of(project)
    services.comment_create(idea=idea, author=moderator, text="Antwort der Moderation")
    services.support_add(idea=idea, user=moderator)


def test_replies_go_one_level_deep_only():
    idea = IdeaFactory.create(project=_project(Phase.Kind.COLLECTION))
    comment = services.comment_create(idea=idea, author=UserFactory.create(), text="a")
    reply = services.comment_create(idea=idea, author=UserFactory.create(), text="b", parent=comment)
    with pytest.raises(PermissionDenied):
        services.comment_create(idea=idea, author=UserFactory.create(), text="c", parent=reply)


def test_author_edits_a_comment_within_a_day_but_not_later():
    idea = IdeaFactory.create(project=_project(Phase.Kind.COLLECTION))
    author = UserFactory.create()
    comment = CommentFactory.create(idea=idea, author=author)
    services.comment_edit(comment=comment, user=author, text="Neu")
    assert comment.edited_at is not None
    comment.created_at = timezone.now() - dt.timedelta(days=2)
    comment.save()
    with pytest.raises(PermissionDenied):
        services.comment_edit(comment=comment, user=author, text="Zu spät")


def test_other_people_cannot_edit_or_delete_a_comment():
    comment = CommentFactory.create(idea=IdeaFactory.create(project=_project(Phase.Kind.COLLECTION)))
    with pytest.raises(PermissionDenied):
        services.comment_edit(comment=comment, user=UserFactory.create(), text="x")
    with pytest.raises(PermissionDenied):
        services.comment_delete(comment=comment, user=UserFactory.create())


def test_deleting_a_comment_removes_its_text_but_keeps_the_replies():
    idea = IdeaFactory.create(project=_project(Phase.Kind.COLLECTION))
    author = UserFactory.create()
    comment = CommentFactory.create(idea=idea, author=author)
    reply = CommentFactory.create(idea=idea, parent=comment)
    services.comment_delete(comment=comment, user=author)
    comment.refresh_from_db()
    assert comment.is_deleted and comment.text == ""
    assert Comment.objects.filter(pk=reply.pk).exists()


def test_moderator_hides_a_comment_with_a_reason():
    project = _project(Phase.Kind.COLLECTION)
    comment = CommentFactory.create(idea=IdeaFactory.create(project=project))
    services.comment_hide(comment=comment, moderator=moderator_of(project), reason="Beleidigung")
    assert comment.is_hidden and comment.hidden_reason == "Beleidigung"


def test_moderator_of_another_project_cannot_hide():
    project = _project(Phase.Kind.COLLECTION)
    comment = CommentFactory.create(idea=IdeaFactory.create(project=project))
    with pytest.raises(PermissionDenied):
        services.comment_hide(comment=comment, moderator=moderator_of(ProjectFactory.create()), reason="x")


def test_idea_is_hidden_after_the_threshold_of_reports_until_a_moderator_decides():
    project = _project(Phase.Kind.COLLECTION, report_threshold=2)
    idea = IdeaFactory.create(project=project)
    services.report_create(reporter=UserFactory.create(), idea=idea, reason="Werbung")
    idea.refresh_from_db()
    assert not idea.hidden_by_reports
    report = services.report_create(reporter=UserFactory.create(), idea=idea, reason="Werbung")
    idea.refresh_from_db()
    assert idea.hidden_by_reports and not idea.is_public
    services.report_decide(report=report, moderator=moderator_of(project), uphold=False)
    idea.refresh_from_db()
    assert idea.is_public
    assert not Report.objects.filter(status=Report.Status.OPEN).exists()


def test_upheld_report_hides_the_comment_with_the_reason():
    project = _project(Phase.Kind.COLLECTION)
    comment = CommentFactory.create(idea=IdeaFactory.create(project=project))
    report = services.report_create(reporter=UserFactory.create(), comment=comment, reason="Beleidigung")
    services.report_decide(report=report, moderator=moderator_of(project), uphold=True, reason="Beleidigend")
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Beleidigend"
    report.refresh_from_db()
    assert report.status == Report.Status.UPHELD


def test_the_same_person_reporting_twice_counts_once():
    project = _project(Phase.Kind.COLLECTION, report_threshold=2)
    idea = IdeaFactory.create(project=project)
    reporter = UserFactory.create()
    services.report_create(reporter=reporter, idea=idea, reason="a")
    services.report_create(reporter=reporter, idea=idea, reason="b")
    idea.refresh_from_db()
    assert not idea.hidden_by_reports
    assert Report.objects.count() == 1


def test_authors_cannot_report_their_own_idea():
    author = UserFactory.create()
    idea = IdeaFactory.create(project=_project(Phase.Kind.COLLECTION), author=author)
    with pytest.raises(PermissionDenied):
        services.report_create(reporter=author, idea=idea, reason="x")


def test_approving_tells_the_author_in_their_language_and_opted_in_followers(django_capture_on_commit_callbacks):
    project = _project(Phase.Kind.COLLECTION)
    author = UserFactory.create(preferred_language="en")
    follower = UserFactory.create()
    quiet = UserFactory.create()
    ProjectFollower.objects.create(project=project, user=follower, notify=True)
    ProjectFollower.objects.create(project=project, user=quiet, notify=False)
    idea = IdeaFactory.create(project=project, author=author, status=Idea.Status.SUBMITTED)
    services.idea_approve(idea=idea, moderator=moderator_of(project))
    messages = {m.recipient_email: m for m in OutboxMessage.objects.all()}
    assert set(messages) == {author.email, follower.email}
    assert messages[author.email].kind == "idea_published"
    assert messages[author.email].language == "en"
    assert messages[author.email].key.startswith(f"idea:{idea.pk}:decided:")


def test_a_save_of_status_and_official_answer_schedules_one_message_and_an_unchanged_save_none():
    project = _project(Phase.Kind.EVALUATION)
    idea = IdeaFactory.create(project=project)
    moderator = moderator_of(project)
    services.idea_moderate(idea=idea, moderator=moderator, status=Idea.Status.ACCEPTED, feedback="Wird umgesetzt.")
    services.idea_moderate(idea=idea, moderator=moderator, status=Idea.Status.ACCEPTED, feedback="Wird umgesetzt.")
    [message] = OutboxMessage.objects.all()
    assert (message.kind, message.payload["status"], message.payload["answered"]) == (
        "idea_status_changed",
        "accepted",
        True,
    )
    idea.refresh_from_db()
    assert idea.feedback_at is not None


def test_paper_ideas_have_no_author_to_tell():
    project = _project(Phase.Kind.EVALUATION)
    idea = IdeaFactory.create(project=project, author=None, source=Idea.Source.POSTCARD)
    services.idea_moderate(idea=idea, moderator=moderator_of(project), status=Idea.Status.REJECTED)
    assert not OutboxMessage.objects.exists()


def test_citizen_cannot_moderate():
    idea = IdeaFactory.create(project=_project(Phase.Kind.COLLECTION))
    with pytest.raises(PermissionDenied):
        services.idea_moderate(idea=idea, moderator=UserFactory.create(), status=Idea.Status.ACCEPTED)


def test_hiding_needs_a_reason_and_unhiding_shows_the_idea_again():
    project = _project(Phase.Kind.COLLECTION)
    idea = IdeaFactory.create(project=project)
    moderator = moderator_of(project)
    with pytest.raises(ValidationError):
        services.idea_hide(idea=idea, moderator=moderator, reason=" ")
    services.idea_hide(idea=idea, moderator=moderator, reason="Personenbezogene Daten")
    assert not idea.is_public
    services.idea_unhide(idea=idea, moderator=moderator)
    assert idea.is_public


def test_report_without_a_target_is_a_programming_error():
    with pytest.raises(ValueError, match="exactly one"):
        services.report_create(reporter=UserFactory.create(), reason="x")


def test_report_factory_targets_one_idea():
    report = ReportFactory.create()
    assert report.idea is not None and report.comment is None
