from django.urls import include, path

from bench import views

urlpatterns = [
    path("bench/ceiling", views.ceiling, name="bench-ceiling"),
    path("", include("config.urls")),
]
