"""The coordinators' conflicts page: appointments that need a decision, and assigning a volunteer."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from helpdesk import audit, selectors, services
from helpdesk.models import Office, OfficeStaff, Slot, StaffRole, SubstituteRequest, SubstituteStatus
from helpdesk.services.substitutes import candidates
from helpdesk.staff_forms import AssignForm
from helpdesk.views.common import office_for_staff


def _assignable(office: Office, slot: Slot) -> list[User]:
    """Who fits and is free first: for a booking, those who know its topic and device; else every volunteer."""
    bookings = getattr(slot, "active_bookings", [])
    active = [b for b in bookings if b.is_active]
    if active:
        return candidates(booking=active[0], slot=slot)
    return [user for user, _profile in selectors.office_volunteers(office=office)]


def conflict_rows(office: Office) -> list[dict[str, object]]:
    """Future slots flagged for the coordinator, with their substitute search and whom to assign.

    A slot nobody is booked on and nobody helps at any more needs no decision: it is left out.
    """
    now = timezone.now()
    slots = list(selectors.plan_slots(office=office, start=now, end=now + dt.timedelta(days=365)).filter(conflict=True))
    searches: dict[int, SubstituteRequest] = {}
    for search in (
        SubstituteRequest.objects.filter(slot__in=slots, status__in=[SubstituteStatus.OPEN, SubstituteStatus.EXPIRED])
        .select_related("absent_volunteer")
        .prefetch_related("invites__volunteer")
    ):
        searches[search.slot_id] = search
    rows = []
    for slot in slots:
        active = [b for b in slot.active_bookings if b.is_active]  # type: ignore[attr-defined]
        if not active and not slot.volunteers.all():
            continue
        rows.append(
            {
                "slot": slot,
                "bookings": active,
                "search": searches.get(slot.pk),
                "people": _assignable(office, slot),
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def office_conflicts(request: HttpRequest, slug: str) -> HttpResponse:
    office = office_for_staff(request, slug)
    if request.method == "POST":
        Slot.objects.filter(office=office, pk=request.POST.get("slot", "0") or "0").update(
            conflict=False, conflict_note=""
        )
        messages.success(request, _("Marked as resolved."))
        return redirect("helpdesk:office-conflicts", slug=office.slug)
    audit.record(request, action=audit.Action.CONFLICTS_VIEWED, office=office)
    return render(request, "helpdesk/office_conflicts.html", {"office": office, "rows": conflict_rows(office)})


@login_required
@require_POST
def conflict_assign(request: HttpRequest, slug: str, slot_id: int) -> HttpResponse:
    office = office_for_staff(request, slug)
    slot = get_object_or_404(Slot, pk=slot_id, office=office)
    staff = OfficeStaff.objects.filter(office=office, role=StaffRole.VOLUNTEER).values("user_id")
    volunteers = User.objects.filter(pk__in=staff)
    form = AssignForm(request.POST, volunteers=volunteers)
    if not form.is_valid():
        messages.error(request, _("Please choose a volunteer of this office."))
        return redirect("helpdesk:office-conflicts", slug=office.slug)
    try:
        services.substitute_assign(slot=slot, volunteer=form.cleaned_data["volunteer"])
    except services.SubstituteError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("%(name)s helps at this appointment now; the person is told.") % {"name": form.cleaned_data["volunteer"]},
        )
    return redirect("helpdesk:office-conflicts", slug=office.slug)
