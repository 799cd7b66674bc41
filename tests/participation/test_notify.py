"""Who is told what in Mitwirkung: one message per person and event, in the way each person chose."""

from __future__ import annotations

import pytest
from django.core import mail

from notifications.delivery import messages_sweep
from notifications.models import DigestItem, Frequency, OutboxMessage, Status
from notifications.preferences import preferences_set
from participation import authoring, duplicates, following, notify, services
from participation.models import Idea, IdeaFollower, ProjectFollower
from tests.factories import UserFactory, moderator_of
from tests.participation.factories import CommentFactory, IdeaFactory

pytestmark = pytest.mark.django_db


def _send_all() -> list[mail.EmailMessage]:
    before = len(mail.outbox)
    messages_sweep(time_budget=30)
    return list(mail.outbox[before:])


def _to(person, emails):
    return [email for email in emails if email.to == [person.email]]


def test_the_author_is_told_of_a_comment_with_the_idea_the_quote_and_an_unsubscribe_header(project):
    author = UserFactory.create(display_name="Brigitte Bürgerin")
    idea = IdeaFactory.create(project=project, author=author, title="Mehr Bänke im Schatten")
    commenter = UserFactory.create(display_name="Karl Kommentar")
    services.comment_create(idea=idea, author=commenter, text="Bitte mit Rückenlehne & Armlehnen!")
    sent = _send_all()
    [email] = _to(author, sent)
    assert email.subject == "Neuer Kommentar zu Ihrer Idee „Mehr Bänke im Schatten“"
    assert "Guten Tag Brigitte Bürgerin," in email.body
    assert "Karl Kommentar hat Ihre Idee „Mehr Bänke im Schatten“" in email.body
    assert "„Bitte mit Rückenlehne & Armlehnen!“" in email.body
    assert f"{idea.get_absolute_url()}#comment-" in email.body
    assert email.extra_headers["List-Unsubscribe"].startswith("<http://")
    assert "/benachrichtigungen/abmelden/" in email.extra_headers["List-Unsubscribe"]
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/benachrichtigungen/einstellungen/" in email.body
    assert not _to(commenter, sent), "nobody is told of their own comment"


def test_a_reply_tells_the_commenter_and_the_author_once_each(project):
    author, first, second = UserFactory.create_batch(3)
    idea = IdeaFactory.create(project=project, author=author, title="Trinkbrunnen")
    parent = services.comment_create(idea=idea, author=first, text="Gute Idee.")
    _send_all()
    services.comment_create(idea=idea, author=second, text="Finde ich auch.", parent=parent)
    sent = _send_all()
    [to_first] = _to(first, sent)
    [to_author] = _to(author, sent)
    assert to_first.subject == "Antwort auf Ihren Kommentar zu „Trinkbrunnen“"
    assert "„Gute Idee.“" in to_first.body and "„Finde ich auch.“" in to_first.body
    assert to_author.subject == "Neuer Kommentar zu Ihrer Idee „Trinkbrunnen“"
    assert len(sent) == 2


def test_an_author_replying_in_her_own_thread_gets_one_reply_message_not_two(project):
    author, other = UserFactory.create_batch(2)
    idea = IdeaFactory.create(project=project, author=author)
    parent = CommentFactory.create(idea=idea, author=author, text="Mein Gedanke dazu.")
    services.comment_create(idea=idea, author=other, text="Ja, genau.", parent=parent)
    sent = _send_all()
    assert [email.subject for email in sent] == [f"Antwort auf Ihren Kommentar zu „{idea.title}“"]


def test_commenters_follow_the_idea_and_hear_of_its_new_status(project):
    idea = IdeaFactory.create(project=project)
    commenter = UserFactory.create()
    services.comment_create(idea=idea, author=commenter, text="Dafür!")
    assert IdeaFollower.objects.get(idea=idea, user=commenter).following
    _send_all()
    services.idea_moderate(idea=idea, moderator=moderator_of(project), status=Idea.Status.UNDER_REVIEW)
    [email] = _to(commenter, _send_all())
    assert email.subject == f"Neuer Status „in Prüfung“: {idea.title}"
    assert "der Sie folgen" in email.body


def test_a_person_who_stopped_following_is_not_signed_up_again_by_commenting(project):
    idea = IdeaFactory.create(project=project)
    person = UserFactory.create()
    following.idea_unfollow(idea=idea, user=person)
    services.comment_create(idea=idea, author=person, text="Noch ein Gedanke.")
    assert not IdeaFollower.objects.get(idea=idea, user=person).following
    services.idea_moderate(idea=idea, moderator=moderator_of(project), status=Idea.Status.ACCEPTED)
    assert not _to(person, _send_all())


def test_one_moderator_save_of_status_and_answer_is_one_message_per_person(project):
    author, follower, project_follower = UserFactory.create_batch(3)
    idea = IdeaFactory.create(project=project, author=author, title="Blühwiese")
    following.idea_follow(idea=idea, user=follower)
    following.idea_follow(idea=idea, user=author)
    ProjectFollower.objects.create(project=project, user=project_follower, notify=True)
    ProjectFollower.objects.create(project=project, user=follower, notify=True)
    moderator = moderator_of(project)
    ProjectFollower.objects.create(project=project, user=moderator, notify=True)
    services.idea_moderate(
        idea=idea, moderator=moderator, status=Idea.Status.ACCEPTED, feedback="Wir legen die Wiese 2027 an."
    )
    sent = _send_all()
    assert sorted(email.to[0] for email in sent) == sorted([author.email, follower.email, project_follower.email])
    [to_author] = _to(author, sent)
    assert to_author.subject == "Neuer Status „angenommen“: Blühwiese"
    assert "Ihre Idee „Blühwiese“" in to_author.body
    assert "Wir legen die Wiese 2027 an." in to_author.body


def test_a_status_message_is_skipped_when_the_status_moved_on_before_it_was_sent(project):
    author = UserFactory.create()
    idea = IdeaFactory.create(project=project, author=author)
    moderator = moderator_of(project)
    services.idea_moderate(idea=idea, moderator=moderator, status=Idea.Status.UNDER_REVIEW)
    services.idea_moderate(idea=idea, moderator=moderator, status=Idea.Status.ACCEPTED, feedback="Ja.")
    sent = _send_all()
    assert [email.subject for email in sent] == [f"Neuer Status „angenommen“: {idea.title}"]
    assert OutboxMessage.objects.filter(status=Status.SKIPPED, payload__status="under_review").count() == 1


def test_the_published_message_is_sent_in_the_authors_language(project):
    author = UserFactory.create(preferred_language="en", display_name="Ann")
    idea = IdeaFactory.create(project=project, author=author, status=Idea.Status.SUBMITTED, title="Benches")
    services.idea_approve(idea=idea, moderator=moderator_of(project))
    [email] = _send_all()
    assert email.subject == "Your idea is published: Benches"
    assert email.body.startswith("Dear Ann,\n\nThank you for your idea “Benches”")
    assert idea.get_absolute_url() in email.body
    assert "Stop these e-mails with one click:" in email.body


def test_a_person_who_turned_a_topic_off_gets_nothing_and_a_daily_reader_gets_a_summary_entry(project):
    quiet, daily = UserFactory.create_batch(2)
    preferences_set(user=quiet, choices={notify.IDEA_COMMENTS: Frequency.OFF})
    preferences_set(user=daily, choices={notify.IDEA_COMMENTS: Frequency.DAILY})
    for author in (quiet, daily):
        services.comment_create(
            idea=IdeaFactory.create(project=project, author=author), author=UserFactory.create(), text="Hm."
        )
    assert not _send_all()
    assert DigestItem.objects.filter(user=daily, topic=notify.IDEA_COMMENTS).count() == 1
    assert not DigestItem.objects.filter(user=quiet).exists()


def test_moderators_hear_of_a_waiting_idea_in_their_daily_summary_by_default(project, other_project):
    moderator = moderator_of(project)
    elsewhere = moderator_of(other_project)
    project.moderation = "pre"
    project.save()
    idea = services.idea_submit(project=project, author=UserFactory.create(), title="Kiosk", description="Mit Café.")
    item = DigestItem.objects.get(user=moderator)
    assert (item.kind, item.payload["idea_id"]) == ("moderation_idea_waiting", idea.pk)
    assert not DigestItem.objects.filter(user=elsewhere).exists()


def test_a_moderator_who_wants_it_at_once_gets_a_mail_for_each_report(project):
    moderator = moderator_of(project)
    preferences_set(user=moderator, choices={notify.MODERATION: Frequency.IMMEDIATELY})
    idea = IdeaFactory.create(project=project, title="Parkplätze")
    services.report_create(reporter=UserFactory.create(), reason="Werbung für ein Autohaus", idea=idea)
    [email] = _send_all()
    assert email.to == [moderator.email]
    assert email.subject == f"Neue Meldung im Projekt „{project.title}“"
    assert "„Werbung für ein Autohaus“" in email.body
    assert "/mitwirkung/moderation/" in email.body


def test_the_waiting_idea_message_is_skipped_once_a_moderator_decided(project):
    moderator = moderator_of(project)
    preferences_set(user=moderator, choices={notify.MODERATION: Frequency.IMMEDIATELY})
    project.moderation = "pre"
    project.save()
    idea = services.idea_submit(project=project, author=UserFactory.create(), title="Kiosk", description="Mit Café.")
    services.idea_approve(idea=idea, moderator=moderator_of(project))
    _send_all()
    assert OutboxMessage.objects.get(kind="moderation_idea_waiting").status == Status.SKIPPED


def test_followers_hear_that_the_author_withdrew_the_idea_and_why(project):
    author, follower = UserFactory.create_batch(2)
    idea = IdeaFactory.create(project=project, author=author, title="Boule-Bahn")
    following.idea_follow(idea=idea, user=follower)
    authoring.idea_withdraw(idea=idea, user=author, reason="Gibt es schon im Volkspark.")
    [email] = _send_all()
    assert email.to == [follower.email]
    assert email.subject == "Idee zurückgezogen: Boule-Bahn"
    assert "„Gibt es schon im Volkspark.“" in email.body


def test_the_author_of_a_duplicate_is_told_which_idea_it_joins(project):
    author = UserFactory.create()
    original = IdeaFactory.create(project=project, title="Trinkbrunnen")
    duplicate = IdeaFactory.create(project=project, author=author, title="Wasserspender")
    duplicates.idea_mark_duplicate(idea=duplicate, original=original, moderator=moderator_of(project))
    [email] = _send_all()
    assert email.to == [author.email]
    assert email.subject == "„Wasserspender“ gehört jetzt zur Idee „Trinkbrunnen“"
    assert original.get_absolute_url() in email.body
