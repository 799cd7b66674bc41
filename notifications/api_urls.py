from django.urls import path

from notifications.api import NotificationSettingsView

urlpatterns = [
    path("notification-settings/", NotificationSettingsView.as_view(), name="api-notification-settings"),
]
