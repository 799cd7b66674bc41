"""Joining the waitlist and answering an offer of a freed place."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import honeypot, ratelimit
from helpdesk import services
from helpdesk.forms import (
    OfferAcceptForm,
    WaitlistForm,
)
from helpdesk.models import (
    Office,
    WaitlistEntry,
    WaitlistStatus,
)
from helpdesk.reminders import channel_for
from notifications.models import Channel


@require_http_methods(["GET", "POST"])
def waitlist_join(request: HttpRequest, slug: str) -> HttpResponse:
    office = get_object_or_404(Office, slug=slug)
    initial: dict[str, Any] = {}
    if request.GET.get("topic"):
        initial["topic"] = request.GET.get("topic")
    if request.GET.get("device"):
        initial["device"] = request.GET.get("device")
    if request.user.is_authenticated:
        initial.update(name=request.user.display_name, email=request.user.email, phone=request.user.phone)
    form = WaitlistForm(request.POST or None, initial=initial)
    if form.is_spam():
        return honeypot.honeypot_response(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Counted before anything is written: per address, and per phone number or e-mail address.
        if refusal := ratelimit.hit(request, "waitlist", contact=data["phone"] or data["email"].strip().lower()):
            return refusal
        try:
            entry = services.waitlist_join(
                office=office,
                day=data["day"],
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                topic=data["topic"],
                device=data["device"],
                user=request.user if request.user.is_authenticated else None,
                consent=data["consent"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            return redirect("helpdesk:waitlist-offer", token=entry.token)
    return render(request, "helpdesk/waitlist_join.html", {"office": office, "form": form})


@require_http_methods(["GET", "POST"])
def waitlist_offer(request: HttpRequest, token: str) -> HttpResponse:
    entry = get_object_or_404(
        WaitlistEntry.objects.select_related("office", "offered_slot__office", "topic", "booking"), token=token
    )
    form = OfferAcceptForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "leave":
        services.waitlist_decline(entry=entry)
        messages.success(request, _("You have left the waitlist."))
        return redirect("helpdesk:waitlist-offer", token=entry.token)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.waitlist_accept(entry=entry, consent=True)
        except services.BookingError as exc:
            form.add_error(None, exc.messages[0])
        else:
            return HttpResponseRedirect(reverse("helpdesk:booking-detail", args=[booking.token]) + "?neu=1")
    offer_open = (
        entry.status == WaitlistStatus.OFFERED
        and entry.offer_expires_at is not None
        and entry.offer_expires_at > timezone.now()
    )
    # How we tell them a place is free, said plainly: the same rule as the offer message's (notify.waitlist_offer).
    told_by = channel_for(email=entry.email, phone=entry.phone) or Channel.CALL
    context = {"entry": entry, "form": form, "offer_open": offer_open, "told_by": told_by}
    return render(request, "helpdesk/waitlist_offer.html", context)
