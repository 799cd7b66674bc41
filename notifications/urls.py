from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:pk>/erneut-senden/", views.resend, name="resend"),
    path("anrufliste/", views.call_list_start, name="call-list-start"),
    path("anrufliste/<slug:office>/", views.call_list, name="call-list"),
    path("<int:pk>/angerufen/", views.mark_called, name="mark-called"),
]
