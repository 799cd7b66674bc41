from django.urls import path

from accounts import views, views_audit

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("meine-daten/", views.data_export, name="export"),
    path("loeschen/", views.account_delete, name="delete"),
    path("rollen/", views.roles, name="roles"),
    path("rollen/<int:pk>/entziehen/", views.membership_revoke, name="membership-revoke"),
    path("administratoren/<int:pk>/entziehen/", views.administrator_revoke, name="administrator-revoke"),
    path("protokoll/", views_audit.audit_log, name="audit-log"),
]
