from django.urls import path, re_path

from participation.views import comments, export, ideas, maps, mine, moderation, projects, reports

app_name = "participation"

urlpatterns = [
    path("", projects.project_list, name="project-list"),
    path("meine-ideen/", mine.my_ideas_page, name="my-ideas"),
    path("moderation/", moderation.moderation_queue, name="moderation"),
    path("moderation/meldungen/<int:pk>/", moderation.report_decide, name="report-decide"),
    path("<slug:slug>/", projects.project_detail, name="project-detail"),
    path("<slug:slug>/folgen/", projects.project_follow, name="project-follow"),
    path("<slug:slug>/ideen/", ideas.idea_list, name="idea-list"),
    path("<slug:slug>/ideen/neu/", ideas.idea_create, name="idea-create"),
    path("<slug:slug>/ideen/aehnliche/", ideas.idea_similar, name="idea-similar"),
    path("<slug:slug>/ideen/<int:pk>/", ideas.idea_detail, name="idea-detail"),
    path("<slug:slug>/ideen/<int:pk>/unterstuetzen/", ideas.idea_support, name="idea-support"),
    path("<slug:slug>/ideen/<int:pk>/kommentieren/", comments.comment_create, name="comment-create"),
    path("<slug:slug>/ideen/<int:pk>/melden/", reports.idea_report, name="idea-report"),
    path("<slug:slug>/ideen/<int:pk>/moderieren/", moderation.idea_moderate, name="idea-moderate"),
    path("<slug:slug>/ideen/<int:pk>/bearbeiten/", mine.idea_edit, name="idea-edit"),
    path("<slug:slug>/ideen/<int:pk>/zurueckziehen/", mine.idea_withdraw, name="idea-withdraw"),
    path("<slug:slug>/ideen/<int:pk>/folgen/", mine.idea_follow, name="idea-follow"),
    path("<slug:slug>/kommentare/<int:pk>/bearbeiten/", comments.comment_edit, name="comment-edit"),
    path("<slug:slug>/kommentare/<int:pk>/loeschen/", comments.comment_delete, name="comment-delete"),
    path("<slug:slug>/kommentare/<int:pk>/melden/", reports.comment_report, name="comment-report"),
    path("<slug:slug>/kommentare/<int:pk>/ausblenden/", comments.comment_hide, name="comment-hide"),
    path("<slug:slug>/papier/", ideas.paper_entry, name="paper-entry"),
    path("<slug:slug>/karte/", maps.idea_map, name="idea-map"),
    path("<slug:slug>/karte/ideen.geojson", maps.idea_geojson, name="idea-geojson"),
    path("<slug:slug>/ergebnisse/", projects.project_results, name="results"),
    re_path(r"^(?P<slug>[-\w]+)/export/(?P<what>ideen|kommentare)\.(?P<fmt>csv|xlsx)$", export.export, name="export"),
]
