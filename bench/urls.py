from django.urls import include, path

from bench import views

urlpatterns = [
    path("bench/empty", views.empty, name="bench-empty"),
    path("", include("config.urls")),
]
