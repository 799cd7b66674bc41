from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from helpdesk import selectors


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "helpdesk/start.html", {"offices": selectors.offices()})
