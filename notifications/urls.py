from django.urls import path

from notifications import preference_views, views

app_name = "notifications"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:pk>/erneut-senden/", views.resend, name="resend"),
    path("einstellungen/", preference_views.notification_settings, name="settings"),
    path("abmelden/<str:token>/", preference_views.unsubscribe_link, name="unsubscribe"),
]
