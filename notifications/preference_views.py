"""A person's notification settings, and the unsubscribe link of every e-mail about a topic."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from notifications import preferences, unsubscribe
from notifications.forms import PreferencesForm


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        preferences.preferences_set(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:settings")
    status = 400 if form.errors else 200
    return render(request, "notifications/settings.html", {"form": form}, status=status)


def _topic_label(topic: str) -> str:
    if topic == preferences.DIGEST:
        return _("Daily summary")
    registered = preferences.get(topic)
    return str(registered.label) if registered is not None else ""


# Mail programs send the one-click POST (RFC 8058) without a CSRF token or cookies; the
# signed token in the address is what authorises it, and all it can do is stop e-mails.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_link(request: HttpRequest, token: str) -> HttpResponse:
    subscription = unsubscribe.read_token(token)
    if subscription is None or not _topic_label(subscription.topic):
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
    context = {"label": _topic_label(subscription.topic), "done": False, "token": token}
    if request.method == "POST":
        preferences.unsubscribe(user=subscription.user, topic=subscription.topic)
        context["done"] = True
    return render(request, "notifications/unsubscribe.html", context)
