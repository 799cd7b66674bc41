"""The coordinators' waitlist of an office: who waits for which day, calls, notes, offering a freed place."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import params
from core.redirects import redirect_next
from helpdesk import audit, selectors, services
from helpdesk.models import Office, WaitlistEntry
from helpdesk.views.common import office_for_staff
from helpdesk.waitlist_forms import WaitlistCallForm, WaitlistNoteForm, WaitlistOfferForm, WaitlistRemoveForm

FORMS: dict[str, type[forms.Form]] = {"call": WaitlistCallForm, "note": WaitlistNoteForm, "remove": WaitlistRemoveForm}
ACTIONS = tuple(FORMS)


def _entry(office: Office, pk: int) -> WaitlistEntry:
    entry = selectors.waitlist_entry_of(office=office, pk=pk)
    if entry is None:
        raise Http404
    return entry


@login_required
@require_safe
def office_waitlist(request: HttpRequest, slug: str) -> HttpResponse:
    office = office_for_staff(request, slug)
    today = timezone.localdate()
    first_day = params.date(request.GET, "ab", default=today, earliest=today - dt.timedelta(days=365))
    days = selectors.office_waitlist(office=office, first_day=first_day)
    audit.record(request, action=audit.Action.WAITLIST_VIEWED, office=office, detail=first_day.isoformat())
    context = {
        "office": office,
        "first_day": first_day,
        "days": days,
        "call_form": WaitlistCallForm(),
        "note_form": WaitlistNoteForm(),
        "remove_form": WaitlistRemoveForm(),
        "now": timezone.now(),
    }
    return render(request, "helpdesk/office_waitlist.html", context)


@login_required
@require_POST
def waitlist_entry_action(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A call, a note or removing someone; back to the waitlist with a message."""
    office = office_for_staff(request, slug)
    entry = _entry(office, pk)
    action = params.choice(request.POST, "action", ACTIONS)
    back = reverse("helpdesk:office-waitlist", args=[office.slug])
    form_class: type[forms.Form] = FORMS[action]
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, f"{entry.name}: {' '.join(str(error) for error in errors)}")
        return redirect_next(request, back)
    try:
        if action == "remove":
            services.waitlist_remove(entry=entry, by=request.user, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
            messages.success(request, _("%(name)s was removed from the waitlist.") % {"name": entry.name})
        else:
            services.waitlist_note(
                entry=entry,
                by=request.user,  # type: ignore[arg-type]
                text=form.cleaned_data["text"],
                called=action == "call",
            )
            done = _("The call to %(name)s was noted.") if action == "call" else _("The note about %(name)s was saved.")
            messages.success(request, done % {"name": entry.name})
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect_next(request, back)


@login_required
@require_http_methods(["GET", "POST"])
def waitlist_offer_place(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Offer one of the office's free times that fit to this person, or book it at once after a call."""
    office = office_for_staff(request, slug)
    entry = _entry(office, pk)
    audit.record(request, action=audit.Action.WAITLIST_VIEWED, office=office, detail=f"entry {entry.pk}")
    # The coordinator knows the volunteers: on request every free time, not only those whose helpers list the topic.
    every_time = params.choice(request.GET, "alle", ["1"], default="") == "1"
    slots = selectors.waitlist_free_times(entry=entry, only_fitting=not every_time)
    phone_only = services.reached_only_by_phone(entry)
    form = WaitlistOfferForm(request.POST if request.method == "POST" else None, slots=slots, phone_only=phone_only)
    if request.method == "POST" and form.is_valid():
        slot = form.cleaned_data["slot"]
        try:
            if form.cleaned_data["how"] == WaitlistOfferForm.BOOK:
                services.waitlist_book_by_phone(entry=entry, slot=slot, by=request.user)  # type: ignore[arg-type]
                booked = _("%(name)s is booked. The confirmation is on its way.")
                messages.success(request, booked % {"name": entry.name})
            else:
                offered = services.waitlist_offer_place(entry=entry, slot=slot, by=request.user)  # type: ignore[arg-type]
                until = timezone.localtime(offered.offer_expires_at) if offered.offer_expires_at else None
                messages.success(
                    request,
                    _("The place was offered to %(name)s until %(until)s.")
                    % {"name": entry.name, "until": f"{until:%d.%m.%Y %H:%M}" if until else "–"},
                )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            return redirect("helpdesk:office-waitlist", slug=office.slug)
    context = {
        "office": office,
        "entry": entry,
        "form": form,
        "slots": slots,
        "phone_only": phone_only,
        "every_time": every_time,
    }
    return render(request, "helpdesk/waitlist_offer_place.html", context)
