"""Volunteer hours: the volunteer's own list and confirmation, and the same for their office's coordinators."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.models import User
from core import exports, params
from helpdesk import hours, hours_pdf, permissions, selectors
from helpdesk.models import Office, OfficeStaff, StaffRole
from helpdesk.staff_forms import PeriodForm, period_form
from helpdesk.views.common import office_for_staff


def _own(request: HttpRequest) -> User:
    if not permissions.may_use_volunteer_area(request.user):
        raise PermissionDenied
    return cast(User, request.user)


def _volunteer_of(office: Office, user_id: int) -> User:
    staff = OfficeStaff.objects.filter(office=office, user_id=user_id, role=StaffRole.VOLUNTEER).select_related("user")
    found = staff.first()
    if found is None:
        raise Http404
    return found.user


def _office_ids_for(request: HttpRequest) -> frozenset[int] | None:
    """A coordinator sees a volunteer's hours at the offices they coordinate; administrators at all."""
    return permissions.coordinated_office_ids(request.user)


def _query(period: hours.Period) -> str:
    return f"von={period.first_day.isoformat()}&bis={period.last_day.isoformat()}"


def _presets(today: dt.date) -> list[tuple[str, str]]:
    """One click to the periods an Ehrenamtskarte application asks about."""
    last_year = hours.Period(dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31))
    twelve_months = hours.Period(today - dt.timedelta(days=364), today)
    return [
        (_("This year"), _query(hours.Period.this_year(today))),
        (_("Last year"), _query(last_year)),
        (_("Last 12 months"), _query(twelve_months)),
    ]


def _context(volunteer: User, form: PeriodForm, office_ids: frozenset[int] | None) -> dict[str, object]:
    period = form.period()
    found = hours.entries(period=period, volunteer_ids=[volunteer.pk], office_ids=office_ids)
    months = hours.by_month(found)
    return {
        "volunteer": volunteer,
        "form": form,
        "period": period,
        "months": months,
        "total": hours.total(found),
        "kinds": list(hours.KIND_LABELS.values()),
        "missing": hours.missing_outcomes(user=volunteer, period=period),
        "query": _query(period),
        "presets": _presets(timezone.localdate()),
    }


def _csv(volunteer: User, context: dict[str, object]) -> HttpResponse:
    months = cast(list[tuple[dt.date, hours.Totals]], context["months"])
    rows = [
        [date_format(month, "Y-m"), f"{totals.total_hours:.2f}".replace(".", ","), *totals.counts()]
        for month, totals in months
    ]
    header = [_("Month"), _("Hours"), *map(str, hours.KIND_LABELS.values())]
    return exports.csv_response(header, rows, filename="ehrenamt-stunden.csv")


def _wants_csv(request: HttpRequest) -> bool:
    return params.choice(request.GET, "format", ["csv"], default=None) == "csv"


def _pdf(
    *, volunteer: User, form: PeriodForm, office: Office, signer: str, office_ids: frozenset[int] | None
) -> HttpResponse:
    period = form.period()
    found = hours.entries(period=period, volunteer_ids=[volunteer.pk], office_ids=office_ids)
    confirmation = hours_pdf.build(
        volunteer=volunteer, period=period, found=found, office=office, signer=signer, today=timezone.localdate()
    )
    response = HttpResponse(hours_pdf.render(confirmation), content_type="application/pdf")
    filename = f"ehrenamt-bestaetigung-{period.first_day:%Y%m%d}-{period.last_day:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_safe
def my_hours(request: HttpRequest) -> HttpResponse:
    volunteer = _own(request)
    context = _context(volunteer, period_form(request.GET), None)
    if _wants_csv(request):
        return _csv(volunteer, context)
    context["pdf_url"] = reverse("helpdesk:my-hours-pdf")
    return render(request, "helpdesk/my_hours.html", context)


@login_required
@require_safe
def my_hours_pdf(request: HttpRequest) -> HttpResponse:
    """Issued by the office where the volunteer gave the most hours, signed by its coordinator."""
    volunteer = _own(request)
    form = period_form(request.GET)
    found = hours.entries(period=form.period(), volunteer_ids=[volunteer.pk])
    per_office = hours.by_office(found)
    offices = selectors.volunteer_offices(volunteer)
    office = max(offices, key=lambda o: per_office[o.pk].total_hours if o.pk in per_office else -1.0, default=None)
    if office is None:
        raise Http404
    return _pdf(volunteer=volunteer, form=form, office=office, signer=hours.signer_for(office), office_ids=None)


@login_required
@require_safe
def volunteer_hours(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    office = office_for_staff(request, slug)
    volunteer = _volunteer_of(office, user_id)
    context = _context(volunteer, period_form(request.GET), _office_ids_for(request))
    if _wants_csv(request):
        return _csv(volunteer, context)
    context.update(office=office, pdf_url=reverse("helpdesk:volunteer-hours-pdf", args=[office.slug, volunteer.pk]))
    return render(request, "helpdesk/volunteer_hours.html", context)


@login_required
@require_safe
def volunteer_hours_pdf(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    """Issued by this office and signed by the coordinator who prints it."""
    office = office_for_staff(request, slug)
    volunteer = _volunteer_of(office, user_id)
    return _pdf(
        volunteer=volunteer,
        form=period_form(request.GET),
        office=office,
        signer=str(request.user),
        office_ids=_office_ids_for(request),
    )
