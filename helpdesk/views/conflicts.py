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
from core import params
from helpdesk import audit, selectors, services
from helpdesk.models import BookingStatus, Office, OfficeStaff, Slot, StaffRole, SubstituteRequest, SubstituteStatus
from helpdesk.services.substitutes import candidates
from helpdesk.staff_forms import AssignForm
from helpdesk.views.common import office_for_staff


def _assignable(office: Office, slot: Slot, everyone: list[User]) -> tuple[list[User], list[User]]:
    """Whom to offer: those who know the booking's topic and device and are free, then the office's others.

    The coordinator knows their people; someone who does not list the topic may still be
    the right one. Whoever is busy or absent then is refused when assigned.
    """
    active = [b for b in getattr(slot, "active_bookings", []) if b.is_active]
    on_slot = {v.pk for v in slot.volunteers.all()}
    fitting = candidates(booking=active[0], slot=slot) if active else []
    chosen = {u.pk for u in fitting} | on_slot
    return fitting, [user for user in everyone if user.pk not in chosen]


def _nobody_helps(slot: Slot) -> bool:
    """Someone is booked and no volunteer is on the slot: "resolved" would leave them alone."""
    return not slot.volunteers.exists() and slot.bookings.filter(status=BookingStatus.ACTIVE).exists()


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
    everyone = [user for user, _profile in selectors.office_volunteers(office=office)]
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
                "people": _assignable(office, slot, everyone),
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def office_conflicts(request: HttpRequest, slug: str) -> HttpResponse:
    office = office_for_staff(request, slug)
    if request.method == "POST":
        slot_id = params.object_id(request.POST, "slot", default=None)
        slot = Slot.objects.filter(office=office, pk=slot_id).first() if slot_id is not None else None
        if slot is not None and _nobody_helps(slot):
            messages.error(
                request, _("Nobody helps at this appointment yet: please assign someone, move or cancel it.")
            )
        elif slot is not None:
            services.slot_conflict_resolve(office=office, slot_id=slot.pk)
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
