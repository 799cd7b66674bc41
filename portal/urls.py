from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("seite/<slug:slug>/", views.site_page, name="page"),
]
