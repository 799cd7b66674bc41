from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("seite/<slug:slug>/", views.site_page, name="page"),
    path("leichte-sprache/", views.easy_read, name="easy"),
    path("leichte-sprache/<slug:topic>/", views.easy_read_topic, name="easy-topic"),
]
