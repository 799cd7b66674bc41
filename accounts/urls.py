from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("meine-daten/", views.data_export, name="export"),
    path("loeschen/", views.account_delete, name="delete"),
    path("rollen/", views.roles, name="roles"),
    path("rollen/<slug:role>/<int:pk>/entziehen/", views.role_revoke, name="role-revoke"),
    path("administratoren/<int:pk>/entziehen/", views.administrator_revoke, name="administrator-revoke"),
]
