from allauth.account.decorators import secure_admin_login
from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

# The Django admin signs in through allauth, so MFA and rate limits apply there too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = settings.SITE_NAME

urlpatterns = [
    path("", include("portal.urls")),
    path("", include("core.urls")),
    # Choosing the language only sets the language cookie and redirects to a page of this site: a forged form
    # could do no more than switch a visitor's language, so it needs no CSRF token (and anonymous pages stay
    # free of per-person tokens and cookies, which lets them be cached; see core/http_cache.py).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("konto/", include("allauth.urls")),
    path("profil/", include("accounts.urls")),
    path("benachrichtigungen/", include("notifications.urls")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("config.api_urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
# Each half of the site can be installed without the other.
if apps.is_installed("participation"):
    urlpatterns.append(path("mitwirkung/", include("participation.urls")))
if apps.is_installed("helpdesk"):
    urlpatterns.append(path("hilfe/", include("helpdesk.urls")))
