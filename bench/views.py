"""An empty page served through the site's whole stack (settings, middleware, server).

Next to the bare ceiling app (``bench/ceiling.py``) it shows what the site's middleware
costs on every request; the runner also probes it to see that a server has drained.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def empty(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
