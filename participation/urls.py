from django.urls import path, re_path

from participation import views

app_name = "participation"

urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("moderation/meldungen/<int:pk>/", views.report_decide, name="report-decide"),
    path("<slug:slug>/", views.project_detail, name="project-detail"),
    path("<slug:slug>/folgen/", views.project_follow, name="project-follow"),
    path("<slug:slug>/ideen/", views.idea_list, name="idea-list"),
    path("<slug:slug>/ideen/neu/", views.idea_create, name="idea-create"),
    path("<slug:slug>/ideen/aehnliche/", views.idea_similar, name="idea-similar"),
    path("<slug:slug>/ideen/<int:pk>/", views.idea_detail, name="idea-detail"),
    path("<slug:slug>/ideen/<int:pk>/unterstuetzen/", views.idea_support, name="idea-support"),
    path("<slug:slug>/ideen/<int:pk>/kommentieren/", views.comment_create, name="comment-create"),
    path("<slug:slug>/ideen/<int:pk>/melden/", views.idea_report, name="idea-report"),
    path("<slug:slug>/ideen/<int:pk>/moderieren/", views.idea_moderate, name="idea-moderate"),
    path("<slug:slug>/kommentare/<int:pk>/bearbeiten/", views.comment_edit, name="comment-edit"),
    path("<slug:slug>/kommentare/<int:pk>/loeschen/", views.comment_delete, name="comment-delete"),
    path("<slug:slug>/kommentare/<int:pk>/melden/", views.comment_report, name="comment-report"),
    path("<slug:slug>/kommentare/<int:pk>/ausblenden/", views.comment_hide, name="comment-hide"),
    path("<slug:slug>/papier/", views.paper_entry, name="paper-entry"),
    path("<slug:slug>/karte/", views.idea_map, name="idea-map"),
    path("<slug:slug>/karte/ideen.geojson", views.idea_geojson, name="idea-geojson"),
    path("<slug:slug>/ergebnisse/", views.project_results, name="results"),
    re_path(r"^(?P<slug>[-\w]+)/export/(?P<what>ideen|kommentare)\.(?P<fmt>csv|xlsx)$", views.export, name="export"),
]
