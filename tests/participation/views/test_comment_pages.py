"""An idea's comments come 20 threads a page with plain links, and one shared reply form opens where asked."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.models import Comment, Idea, Phase
from tests.factories import ProjectFactory, UserFactory, moderator_of
from tests.participation.factories import CommentFactory, IdeaFactory

pytestmark = pytest.mark.django_db


def _idea_with_threads(count: int) -> Idea:
    idea = IdeaFactory.create(project=ProjectFactory.create(phase=Phase.Kind.RATING))
    start = timezone.now() - dt.timedelta(days=1)
    for number in range(1, count + 1):
        top = CommentFactory.create(idea=idea, text=f"Faden {number}", created_at=start + dt.timedelta(minutes=number))
        if number % 2:
            CommentFactory.create(
                idea=idea, parent=top, text=f"Antwort auf {number}", created_at=start + dt.timedelta(hours=5)
            )
    return idea


def test_the_first_page_shows_twenty_threads_with_their_replies_and_a_link_onwards(client: Any) -> None:
    idea = _idea_with_threads(23)
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "Faden 20<" in html and "Faden 21<" not in html
    assert "Antwort auf 19" in html and "Antwort auf 21" not in html
    assert 'href="?page=2#comments"' in html
    assert "Frühere Kommentare" not in html


def test_the_next_page_goes_on_where_the_first_ended(client: Any) -> None:
    idea = _idea_with_threads(23)
    html = client.get(idea.get_absolute_url(), {"page": 2}).content.decode()
    assert "Faden 21<" in html and "Faden 23<" in html and "Antwort auf 23" in html
    assert "Faden 20<" not in html
    assert 'href="?page=1#comments"' in html


def test_a_page_past_the_end_offers_the_way_back(client: Any) -> None:
    idea = _idea_with_threads(3)
    html = client.get(idea.get_absolute_url(), {"page": 9}).content.decode()
    assert "Faden" not in html and f'href="{idea.get_absolute_url()}#comments"' in html


def test_the_comment_count_counts_only_visible_comments(client: Any) -> None:
    idea = _idea_with_threads(2)
    CommentFactory.create(idea=idea, is_hidden=True, hidden_reason="Werbung")
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "Kommentare (3)" in html


def test_there_is_one_reply_form_and_only_where_a_reply_was_asked_for(signed_in: Any) -> None:
    idea = _idea_with_threads(5)
    client = signed_in(UserFactory.create())
    html = client.get(idea.get_absolute_url()).content.decode()
    assert html.count('name="parent"') == 0
    target = Comment.objects.get(text="Faden 3")
    assert f'href="?page=1&amp;reply_to={target.pk}"' in html
    html = client.get(idea.get_absolute_url(), {"reply_to": target.pk}).content.decode()
    assert html.count('name="parent"') == 1 and f'name="parent" value="{target.pk}"' in html
    # The form stands right below the thread it answers.
    assert html.index("Faden 3<") < html.index('id="reply"') < html.index("Faden 4<")


def test_replies_and_anonymous_visitors_get_no_reply_link(client: Any) -> None:
    idea = _idea_with_threads(1)
    assert "reply_to=" not in client.get(idea.get_absolute_url()).content.decode()


def test_a_reply_goes_to_the_page_of_its_thread(signed_in: Any) -> None:
    idea = _idea_with_threads(23)
    parent = Comment.objects.get(text="Faden 22")
    url = reverse("participation:comment-create", args=[idea.project.slug, idea.pk])
    response = signed_in(UserFactory.create()).post(url, {"text": "Ich auch", "parent": parent.pk})
    reply = Comment.objects.get(text="Ich auch")
    assert response.status_code == 302
    assert response["Location"] == f"{idea.get_absolute_url()}?page=2#comment-{reply.pk}"


def test_an_empty_reply_comes_back_below_its_thread_with_the_error(signed_in: Any) -> None:
    idea = _idea_with_threads(3)
    parent = Comment.objects.get(text="Faden 2")
    url = reverse("participation:comment-create", args=[idea.project.slug, idea.pk])
    response = signed_in(UserFactory.create()).post(url, {"text": "  ", "parent": parent.pk})
    html = response.content.decode()
    assert response.status_code == 400
    assert f'name="parent" value="{parent.pk}"' in html and 'aria-describedby="reply-errors"' in html
    assert html.index("Faden 2<") < html.index('id="reply"') < html.index("Faden 3<")


def test_a_new_comment_sent_with_htmx_shows_on_its_page(signed_in: Any) -> None:
    idea = _idea_with_threads(21)
    url = reverse("participation:comment-create", args=[idea.project.slug, idea.pk])
    response = signed_in(UserFactory.create()).post(url, {"text": "Der Neueste"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="comments"' in html and "Der Neueste" in html and "Faden 21<" in html and "<html" not in html


def test_people_see_the_actions_they_may_take_on_each_comment(signed_in: Any, client: Any) -> None:
    idea = _idea_with_threads(1)
    author = UserFactory.create()
    own = CommentFactory.create(idea=idea, author=author, text="Meiner")
    other = Comment.objects.get(text="Faden 1")
    slug = idea.project.slug

    def links(html: str, comment: Comment) -> set[str]:
        kinds = {"edit": "comment-edit", "delete": "comment-delete", "report": "comment-report", "hide": "comment-hide"}
        return {
            kind for kind, name in kinds.items() if reverse(f"participation:{name}", args=[slug, comment.pk]) in html
        }

    html = signed_in(author).get(idea.get_absolute_url()).content.decode()
    assert links(html, own) == {"edit", "delete"} and links(html, other) == {"report"}
    client.logout()
    html = signed_in(moderator_of(idea.project)).get(idea.get_absolute_url()).content.decode()
    assert links(html, own) == {"report", "hide"} and links(html, other) == {"report", "hide"}
    client.logout()
    html = client.get(idea.get_absolute_url()).content.decode()
    assert links(html, own) == set() and links(html, other) == set()
