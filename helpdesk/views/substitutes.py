"""A volunteer cannot come: asking the others, and the one-click page on which one of them takes over."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts.models import User
from helpdesk import audit, permissions, services
from helpdesk.models import Booking, SubstituteInvite, SubstituteRequest, SubstituteStatus
from helpdesk.services.substitutes import candidates
from helpdesk.staff_forms import SubstituteSearchForm


@login_required
@require_http_methods(["GET", "POST"])
def substitute_search(request: HttpRequest, booking_id: int) -> HttpResponse:
    """The slot's volunteer (or a coordinator for them) says "I cannot come"; the booking stays."""
    booking = get_object_or_404(
        Booking.objects.select_related("slot__office", "topic").prefetch_related("slot__volunteers"), pk=booking_id
    )
    if not permissions.can_act_on_booking(request.user, booking):
        raise PermissionDenied
    user = cast(User, request.user)
    on_slot = list(booking.slot.volunteers.all())
    absent = user if any(v.pk == user.pk for v in on_slot) else (on_slot[0] if on_slot else None)
    form = SubstituteSearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and absent is not None:
        try:
            search = services.substitute_search_start(
                booking=booking, volunteer=absent, reason=form.cleaned_data["reason"]
            )
        except services.SubstituteError as exc:
            messages.error(request, exc.messages[0])
        else:
            asked = search.invites.count()
            if search.status == SubstituteStatus.OPEN:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s other volunteer is asked to take over. The coordinator is told if nobody does.",
                        "%(n)s other volunteers are asked to take over. The coordinator is told if nobody does.",
                        asked,
                    )
                    % {"n": asked},
                )
            else:
                messages.warning(request, _("Nobody else can take this appointment; the coordinator has been told."))
        if permissions.can_manage_office(request.user, booking.slot.office) and absent.pk != user.pk:
            return redirect("helpdesk:office-conflicts", slug=booking.slot.office.slug)
        return redirect("helpdesk:my-appointments")
    audit.record(request, action=audit.Action.BOOKING_VIEWED, booking=booking)
    context = {
        "booking": booking,
        "absent": absent,
        "form": form,
        "candidates": candidates(booking=booking) if booking.is_active else [],
        "open_search": SubstituteRequest.objects.filter(booking=booking, status=SubstituteStatus.OPEN).first(),
    }
    return render(request, "helpdesk/substitute_search.html", context)


@require_http_methods(["GET", "POST"])
def substitute_invite(request: HttpRequest, token: str) -> HttpResponse:
    """The asked volunteer's personal link: what the appointment is, and "I'll take it"."""
    invite = get_object_or_404(
        SubstituteInvite.objects.select_related(
            "volunteer", "request__booking__topic", "request__slot__office", "request__taken_by"
        ),
        token=token,
    )
    search = invite.request
    if request.method == "POST":
        try:
            services.substitute_accept(invite=invite)
        except services.SubstituteError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("Thank you! The appointment is yours now; the person is told."))
        return redirect("helpdesk:substitute-invite", token=token)
    audit.record(request, action=audit.Action.SUBSTITUTE_VIEWED, booking=search.booking, user=invite.volunteer)
    return render(
        request,
        "helpdesk/substitute_invite.html",
        {
            "invite": invite,
            "search": search,
            "booking": search.booking,
            "slot": search.slot,
            "office": search.slot.office,
        },
    )
