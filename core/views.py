from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core import services


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    checks = {
        "database": services.database_is_up(),
        "broker": services.broker_is_up(
            url=settings.CELERY_BROKER_URL, transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS
        ),
    }
    status = 200 if all(checks.values()) else 503
    return JsonResponse({name: "ok" if up else "down" for name, up in checks.items()}, status=status)
