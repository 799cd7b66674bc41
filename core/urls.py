from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("seite/<slug:slug>/", views.site_page, name="page"),
    path("healthz", views.healthz, name="healthz"),
]
