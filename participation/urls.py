from django.urls import path

from participation import views

app_name = "participation"

urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("<slug:slug>/", views.project_detail, name="project-detail"),
]
