from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from participation.models import Comment, Idea, Phase, ProjectFollower, Support
from tests.factories import ProjectFactory, UserFactory, moderator_of
from tests.participation.factories import (
    AREA,
    INSIDE,
    OUTSIDE,
    CategoryFactory,
    CommentFactory,
    IdeaFactory,
    SupportFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_project_page_shows_the_timeline_and_what_one_can_do_now(client, project):
    response = client.get(reverse("participation:project-detail", args=[project.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-current="step"' in html
    assert "Sign in to submit an idea" in html or "Melden Sie sich an" in html


def test_signed_in_citizen_sees_the_submit_button_while_collecting(signed_in, project):
    response = signed_in(UserFactory.create()).get(reverse("participation:project-detail", args=[project.slug]))
    assert reverse("participation:idea-create", args=[project.slug]) in response.content.decode()


def test_idea_list_filters_by_category_status_and_source(client, project):
    category = project.categories.get()
    wanted = IdeaFactory.create(project=project, category=category, source=Idea.Source.POSTCARD, title="Trinkbrunnen")
    IdeaFactory.create(project=project, title="Fahrradbügel")
    url = reverse("participation:idea-list", args=[project.slug])
    response = client.get(url, {"category": category.pk, "source": "postcard", "status": "published"})
    assert [idea.pk for idea in response.context["ideas"]] == [wanted.pk]


def test_idea_list_searches_title_and_description(client, project):
    IdeaFactory.create(project=project, title="Trinkbrunnen", description="Wasser für alle")
    IdeaFactory.create(project=project, title="Fahrradbügel", description="Mehr Platz für Räder")
    response = client.get(reverse("participation:idea-list", args=[project.slug]), {"q": "wasser"})
    assert [idea.title for idea in response.context["ideas"]] == ["Trinkbrunnen"]


def test_idea_list_sorts_by_supports_and_by_comments(client, project):
    quiet = IdeaFactory.create(project=project, title="Leise")
    loved = IdeaFactory.create(project=project, title="Beliebt")
    talked = IdeaFactory.create(project=project, title="Umstritten")
    SupportFactory.create_batch(2, idea=loved)
    CommentFactory.create_batch(3, idea=talked)
    url = reverse("participation:idea-list", args=[project.slug])
    assert client.get(url, {"sort": "supported"}).context["ideas"][0].pk == loved.pk
    assert client.get(url, {"sort": "discussed"}).context["ideas"][0].pk == talked.pk
    assert client.get(url, {"sort": "newest"}).context["ideas"][0].pk == talked.pk
    assert quiet.pk in [idea.pk for idea in client.get(url).context["ideas"]]


def test_idea_list_paginates_with_real_links(client, project):
    IdeaFactory.create_batch(25, project=project)
    url = reverse("participation:idea-list", args=[project.slug])
    response = client.get(url, {"sort": "newest"})
    html = response.content.decode()
    assert "sort=newest&amp;page=2" in html
    assert len(client.get(url, {"sort": "newest", "page": 2}).context["ideas"]) == 5


def test_idea_list_htmx_request_gets_only_the_results_partial(client, project):
    IdeaFactory.create(project=project, title="Trinkbrunnen")
    response = client.get(reverse("participation:idea-list", args=[project.slug]), **HTMX)
    html = response.content.decode()
    assert 'id="results"' in html and "Trinkbrunnen" in html
    assert "<html" not in html


def test_unpublished_ideas_are_not_listed_for_citizens(client, project):
    IdeaFactory.create(project=project, status=Idea.Status.SUBMITTED, title="Wartet")
    IdeaFactory.create(project=project, is_hidden=True, title="Versteckt")
    response = client.get(reverse("participation:idea-list", args=[project.slug]))
    assert response.context["ideas"] == []


def test_submitting_without_javascript_redirects_to_the_new_idea(signed_in, project):
    client = signed_in(UserFactory.create())
    response = client.post(
        reverse("participation:idea-create", args=[project.slug]),
        {"title": "Schatten", "description": "Bäume pflanzen", "location_lat": INSIDE[0], "location_lon": INSIDE[1]},
    )
    idea = Idea.objects.get()
    assert response.status_code == 302 and response["Location"] == idea.get_absolute_url()
    assert idea.status == Idea.Status.SUBMITTED


def test_submitting_with_htmx_answers_with_a_client_redirect(signed_in, project):
    client = signed_in(UserFactory.create())
    response = client.post(
        reverse("participation:idea-create", args=[project.slug]),
        {"title": "Schatten", "description": "Bäume pflanzen"},
        **HTMX,
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == Idea.objects.get().get_absolute_url()


def test_a_place_outside_the_area_shows_the_error_at_the_field(signed_in, project):
    client = signed_in(UserFactory.create())
    data = {"title": "Weit weg", "description": "x", "location_lat": OUTSIDE[0], "location_lon": OUTSIDE[1]}
    url = reverse("participation:idea-create", args=[project.slug])
    response = client.post(url, data)
    assert response.status_code == 400
    assert "location_lat" in response.context["form"].errors
    htmx_response = client.post(url, data, **HTMX)
    assert 'id="idea-form"' in htmx_response.content.decode()
    assert "<html" not in htmx_response.content.decode()
    assert not Idea.objects.exists()


def test_a_fake_picture_shows_the_error_at_the_picture_field(signed_in, project):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = signed_in(UserFactory.create())
    response = client.post(
        reverse("participation:idea-create", args=[project.slug]),
        {"title": "Bild", "description": "x", "image": SimpleUploadedFile("a.jpg", b"nope", "image/jpeg")},
    )
    assert "image" in response.context["form"].errors


def test_idea_form_has_a_map_picker_with_the_configured_tiles(signed_in, project, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    response = signed_in(UserFactory.create()).get(reverse("participation:idea-create", args=[project.slug]))
    html = response.content.decode()
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in html
    assert "vendor/leaflet/leaflet.js" in html


def test_similar_ideas_appear_while_typing_the_title(client, project):
    IdeaFactory.create(project=project, title="Mehr Schattenbäume")
    IdeaFactory.create(project=project, title="Fahrradbügel")
    response = client.get(reverse("participation:idea-similar", args=[project.slug]), {"title": "schattenbäume bitte"})
    html = response.content.decode()
    assert "Mehr Schattenbäume" in html and "Fahrradbügel" not in html


def _rating_idea() -> Idea:
    return IdeaFactory.create(project=ProjectFactory.create(phase=Phase.Kind.RATING))


def test_support_toggle_with_htmx_returns_the_support_partial(signed_in):
    idea = _rating_idea()
    user = UserFactory.create()
    url = reverse("participation:idea-support", args=[idea.project.slug, idea.pk])
    response = signed_in(user).post(url, **HTMX)
    html = response.content.decode()
    assert 'id="support"' in html and "<html" not in html
    assert Support.objects.filter(idea=idea, user=user).exists()


def test_support_toggle_without_javascript_redirects_back(signed_in):
    idea = _rating_idea()
    client = signed_in(UserFactory.create())
    url = reverse("participation:idea-support", args=[idea.project.slug, idea.pk])
    assert client.post(url)["Location"] == f"{idea.get_absolute_url()}#support"
    client.post(url)
    assert not Support.objects.exists()


def test_support_counts_are_hidden_during_rating_when_the_project_says_so(client):
    project = ProjectFactory.create(phase=Phase.Kind.RATING, show_supports_during_rating=False)
    idea = IdeaFactory.create(project=project)
    SupportFactory.create(idea=idea)
    response = client.get(idea.get_absolute_url())
    assert "1 person supports" not in response.content.decode()
    assert "unterstützt" not in response.content.decode()


def test_comment_with_htmx_returns_the_comments_partial(signed_in, project):
    idea = IdeaFactory.create(project=project)
    url = reverse("participation:comment-create", args=[project.slug, idea.pk])
    response = signed_in(UserFactory.create()).post(url, {"text": "Sehr gut"}, **HTMX)
    html = response.content.decode()
    assert 'id="comments"' in html and "Sehr gut" in html and "<html" not in html


def test_comment_without_javascript_redirects_to_the_comment(signed_in, project):
    idea = IdeaFactory.create(project=project)
    url = reverse("participation:comment-create", args=[project.slug, idea.pk])
    response = signed_in(UserFactory.create()).post(url, {"text": "Sehr gut"})
    assert response["Location"] == f"{idea.get_absolute_url()}?page=1#comment-{Comment.objects.get().pk}"


def test_empty_comment_shows_an_error(signed_in, project):
    idea = IdeaFactory.create(project=project)
    url = reverse("participation:comment-create", args=[project.slug, idea.pk])
    response = signed_in(UserFactory.create()).post(url, {"text": ""})
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_reply_is_shown_under_its_comment(signed_in, project):
    idea = IdeaFactory.create(project=project)
    parent = CommentFactory.create(idea=idea)
    url = reverse("participation:comment-create", args=[project.slug, idea.pk])
    signed_in(UserFactory.create()).post(url, {"text": "Antwort", "parent": parent.pk})
    assert Comment.objects.get(text="Antwort").parent == parent


def test_hidden_comment_shows_the_moderation_reason(client, project):
    idea = IdeaFactory.create(project=project)
    CommentFactory.create(idea=idea, text="Böse Worte", is_hidden=True, hidden_reason="Beleidigung")
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "Böse Worte" not in html and "Beleidigung" in html


def test_hidden_idea_shows_its_place_with_the_reason(client, project):
    idea = IdeaFactory.create(project=project, is_hidden=True, hidden_reason="Werbung")
    response = client.get(idea.get_absolute_url())
    assert response.status_code == 410 and "Werbung" in response.content.decode()


def test_author_edits_and_deletes_a_comment(signed_in, project):
    comment = CommentFactory.create(idea=IdeaFactory.create(project=project))
    client = signed_in(comment.author)
    client.post(reverse("participation:comment-edit", args=[project.slug, comment.pk]), {"text": "Geändert"})
    comment.refresh_from_db()
    assert comment.text == "Geändert" and comment.edited_at
    client.post(reverse("participation:comment-delete", args=[project.slug, comment.pk]))
    comment.refresh_from_db()
    assert comment.is_deleted


def test_moderator_hides_a_comment_through_the_form(signed_in, project):
    comment = CommentFactory.create(idea=IdeaFactory.create(project=project))
    client = signed_in(moderator_of(project))
    client.post(reverse("participation:comment-hide", args=[project.slug, comment.pk]), {"reason": "Spam"})
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Spam"


def test_reporting_an_idea_files_a_report(signed_in, project):
    idea = IdeaFactory.create(project=project)
    client = signed_in(UserFactory.create())
    response = client.post(reverse("participation:idea-report", args=[project.slug, idea.pk]), {"reason": "Spam"})
    assert response["Location"] == idea.get_absolute_url()
    assert idea.reports.get().reason == "Spam"


def test_following_a_project_with_and_without_emails(signed_in, project):
    user = UserFactory.create()
    client = signed_in(user)
    url = reverse("participation:project-follow", args=[project.slug])
    client.post(url, {"notify": "on"})
    assert ProjectFollower.objects.get(user=user).notify
    client.post(url, {"action": "unfollow"})
    assert not ProjectFollower.objects.exists()


def test_moderation_queue_lists_waiting_ideas_and_open_reports(signed_in, project):
    waiting = IdeaFactory.create(project=project, status=Idea.Status.SUBMITTED, title="Wartet")
    reported = IdeaFactory.create(project=project, title="Gemeldet")
    reported.reports.create(reporter=UserFactory.create(), reason="Spam")
    IdeaFactory.create(project=ProjectFactory.create(), status=Idea.Status.SUBMITTED, title="Fremdes Projekt")
    response = signed_in(moderator_of(project)).get(reverse("participation:moderation"))
    assert response.context["ideas"] == [waiting]
    assert [r.idea for r in response.context["reports"]] == [reported]
    assert "Fremdes Projekt" not in response.content.decode()


def test_moderator_approves_from_the_queue(signed_in, project):
    idea = IdeaFactory.create(project=project, status=Idea.Status.SUBMITTED)
    client = signed_in(moderator_of(project))
    response = client.post(
        reverse("participation:idea-moderate", args=[project.slug, idea.pk]),
        {"action": "approve", "next": reverse("participation:moderation")},
    )
    assert response["Location"] == reverse("participation:moderation")
    idea.refresh_from_db()
    assert idea.status == Idea.Status.PUBLISHED


def test_moderation_redirect_ignores_foreign_targets(signed_in, project):
    idea = IdeaFactory.create(project=project, status=Idea.Status.SUBMITTED)
    client = signed_in(moderator_of(project))
    response = client.post(
        reverse("participation:idea-moderate", args=[project.slug, idea.pk]),
        {"action": "reject", "next": "https://evil.example.org/"},
    )
    assert response["Location"] == reverse("participation:moderation")


def test_moderator_sets_status_feedback_and_notes(signed_in, project):
    idea = IdeaFactory.create(project=project)
    client = signed_in(moderator_of(project))
    client.post(
        reverse("participation:idea-moderate", args=[project.slug, idea.pk]),
        {"status": "accepted", "feedback": "Wird umgesetzt.", "moderator_notes": "Kosten klären", "category": ""},
    )
    idea.refresh_from_db()
    assert (idea.status, idea.feedback, idea.moderator_notes) == ("accepted", "Wird umgesetzt.", "Kosten klären")
    assert "Kosten klären" not in signed_in(UserFactory.create()).get(idea.get_absolute_url()).content.decode()


def test_moderator_hides_an_idea_with_a_reason(signed_in, project):
    idea = IdeaFactory.create(project=project)
    client = signed_in(moderator_of(project))
    client.post(
        reverse("participation:idea-moderate", args=[project.slug, idea.pk]), {"action": "hide", "reason": "Werbung"}
    )
    idea.refresh_from_db()
    assert idea.is_hidden and idea.hidden_reason == "Werbung"


def test_paper_entry_saves_and_stays_open_for_the_next_card(signed_in, project):
    moderator = moderator_of(project)
    client = signed_in(moderator)
    url = reverse("participation:paper-entry", args=[project.slug])
    response = client.post(
        url,
        {
            "source": "postcard",
            "submitted_on": "2026-11-02",
            "submitter_name": "Frau Becker",
            "title": "Trinkbrunnen",
            "description": "Bitte einen Brunnen.",
        },
    )
    assert response["Location"] == f"{url}?source=postcard&submitted_on=2026-11-02"
    idea = Idea.objects.get()
    assert (idea.source, idea.author, idea.entered_by) == ("postcard", None, moderator)
    next_card = client.get(response["Location"])
    assert next_card.context["form"].initial["source"] == "postcard"
    assert "Trinkbrunnen" in next_card.content.decode()


def test_paper_entry_prefills_the_date_in_a_form_the_date_picker_understands(signed_in, project):
    client = signed_in(moderator_of(project))
    url = reverse("participation:paper-entry", args=[project.slug])
    content = client.get(f"{url}?source=postcard&submitted_on=2026-11-02").content.decode()
    # <input type="date"> shows nothing for "02.11.2026"; it needs ISO.
    assert 'value="2026-11-02"' in content


def test_paper_entry_refuses_online_as_source(signed_in, project):
    client = signed_in(moderator_of(project))
    response = client.post(
        reverse("participation:paper-entry", args=[project.slug]),
        {"source": "online", "submitted_on": "2026-11-02", "title": "a", "description": "b"},
    )
    assert response.status_code == 200 and "source" in response.context["form"].errors


def test_map_page_lists_located_ideas_and_geojson_has_points(client, project):
    located = IdeaFactory.create(project=project, location_lat=INSIDE[0], location_lon=INSIDE[1], title="Hier")
    IdeaFactory.create(project=project, title="Nirgends")
    page = client.get(reverse("participation:idea-map", args=[project.slug]))
    assert page.context["places"] == [(located.get_absolute_url(), "Hier", "")]
    data = client.get(reverse("participation:idea-geojson", args=[project.slug])).json()
    assert data["type"] == "FeatureCollection"
    assert data["features"][0]["geometry"]["coordinates"] == [INSIDE[1], INSIDE[0]]
    assert data["features"][0]["properties"]["url"] == located.get_absolute_url()


def test_results_page_has_charts_with_table_alternatives_and_feedback(client, project):
    category = project.categories.get()
    IdeaFactory.create(project=project, category=category, source="postcard", feedback="Machen wir.")
    IdeaFactory.create(project=project, category=category)
    response = client.get(reverse("participation:results", args=[project.slug]))
    html = response.content.decode()
    assert html.count("<svg") == 3
    assert html.count("<table") >= 3 and "<caption>" in html
    assert "Machen wir." in html


def test_idea_export_as_csv_has_counts_and_neutralises_formulas(signed_in, project):
    idea = IdeaFactory.create(project=project, title="=HYPERLINK(1)", location_lat=INSIDE[0], location_lon=INSIDE[1])
    SupportFactory.create(idea=idea)
    CommentFactory.create(idea=idea)
    response = signed_in(moderator_of(project)).get(
        reverse("participation:export", args=[project.slug, "ideen", "csv"])
    )
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][1] == "'=HYPERLINK(1)"
    assert rows[1][9:11] == ["1", "1"]
    assert rows[1][11] == str(INSIDE[0])


def test_comment_export_as_xlsx_is_a_real_workbook(signed_in, project):
    comment = CommentFactory.create(idea=IdeaFactory.create(project=project), text="Gute Idee")
    response = signed_in(moderator_of(project)).get(
        reverse("participation:export", args=[project.slug, "kommentare", "xlsx"])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for cell in sheet[2]]
    assert comment.pk in values and "Gute Idee" in values


def test_export_covers_only_the_own_project(signed_in, project):
    IdeaFactory.create(project=ProjectFactory.create(), title="Fremd")
    response = signed_in(moderator_of(project)).get(
        reverse("participation:export", args=[project.slug, "ideen", "csv"])
    )
    assert "Fremd" not in response.content.decode("utf-8-sig")


def test_category_factory_uses_the_project_area(project):
    assert project.area == AREA
    assert CategoryFactory.create(project=project).project == project


def test_title_field_asks_for_similar_ideas_while_typing(signed_in, project):
    response = signed_in(UserFactory.create()).get(reverse("participation:idea-create", args=[project.slug]))
    similar_url = reverse("participation:idea-similar", args=[project.slug])
    assert f'hx-get="{similar_url}"' in response.content.decode()


def test_similar_ideas_do_not_reveal_unpublished_ideas(client, project):
    IdeaFactory.create(project=project, title="Geheime Schattenbäume", status=Idea.Status.SUBMITTED)
    response = client.get(reverse("participation:idea-similar", args=[project.slug]), {"title": "Schattenbäume"})
    assert "Geheime" not in response.content.decode()


def test_paper_entry_starts_at_the_name_field_for_the_next_card(signed_in, project):
    client = signed_in(moderator_of(project))
    response = client.get(reverse("participation:paper-entry", args=[project.slug]), {"source": "postcard"})
    assert response.context["form"].fields["submitter_name"].widget.attrs.get("autofocus")


def test_idea_hidden_after_reports_says_so_until_a_moderator_decides(client, project):
    idea = IdeaFactory.create(project=project, hidden_by_reports=True)
    response = client.get(idea.get_absolute_url())
    assert response.status_code == 410
    assert response.context["idea"] == idea
