"""An open consultation hour: the volunteers on duty and the coordinators write down who dropped in."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import User
from core import params
from helpdesk import audit, permissions, services
from helpdesk.models import Slot, SlotKind, WalkInVisit
from helpdesk.services.walk_ins import LATE_RECORDING
from helpdesk.staff_forms import WalkInForm


@login_required
@require_http_methods(["GET", "POST"])
def open_hour(request: HttpRequest, slot_id: int) -> HttpResponse:
    slot = get_object_or_404(
        Slot.objects.select_related("office").prefetch_related("volunteers"), pk=slot_id, kind=SlotKind.OPEN_HOUR
    )
    if not permissions.can_record_visitors(request.user, slot):
        raise PermissionDenied
    action = params.choice(request.POST, "action", ["add", "delete"], default=None)
    form = WalkInForm(request.POST if action == "add" else None)
    if action == "delete":
        visit = get_object_or_404(WalkInVisit, pk=params.object_id(request.POST, "visit"), slot=slot)
        services.walk_in_delete(visit=visit)
        messages.success(request, _("The entry has been removed."))
        return redirect("helpdesk:open-hour", slot_id=slot.pk)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.walk_in_record(
                slot=slot,
                count=data["count"],
                topic=data["topic"],
                device=data["device"],
                first_name=data["first_name"],
                by=cast(User, request.user),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, _("Saved. You can write down the next visitor."))
            return redirect("helpdesk:open-hour", slot_id=slot.pk)
    now = timezone.now()
    visits = list(WalkInVisit.objects.filter(slot=slot).select_related("topic", "recorded_by"))
    audit.record(request, action=audit.Action.OPEN_HOUR_VIEWED, office=slot.office, detail=str(slot.pk))
    context = {
        "slot": slot,
        "office": slot.office,
        "form": form,
        "visits": visits,
        "visitors": sum(visit.count for visit in visits),
        "can_record": slot.starts_at <= now <= slot.ends_at + LATE_RECORDING,
        "manager": permissions.can_manage_office(request.user, slot.office),
    }
    return render(request, "helpdesk/open_hour.html", context)
