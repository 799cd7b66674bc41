"""Messages of the substitute search, written to the outbox.

- ``substitute_request``: a volunteer is asked to take over (SMS to a mobile number, else e-mail),
  with their one-click link;
- ``helper_changed``: the senior hears that the appointment stays and only the helper changed;
- ``substitute_none``: nobody took over in time, the office's coordinators decide.

As in ``helpdesk.notify``, rows carry ids only; the text is built from fresh data when a row
is sent, and a row that no longer applies is skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.urls import reverse

from helpdesk.models import OfficeStaff, StaffRole
from helpdesk.notify import absolute
from helpdesk.reminders import is_mobile, recipient_of, utc_iso
from helpdesk.scopes import office_scope
from notifications.models import Channel, OutboxMessage
from notifications.outbox import message_schedule

if TYPE_CHECKING:
    from accounts.models import User
    from helpdesk.models import Booking, SubstituteInvite, SubstituteRequest

ASK = "substitute_request"
HELPER_CHANGED = "helper_changed"
NOBODY = "substitute_none"


def ask(invite: SubstituteInvite) -> OutboxMessage:
    volunteer = invite.volunteer
    request = invite.request
    mobile = bool(volunteer.phone) and is_mobile(volunteer.phone)
    return message_schedule(
        kind=ASK,
        key=f"substitute:{request.pk}:ask:{volunteer.pk}",
        channel=Channel.SMS if mobile else Channel.EMAIL,
        recipient_name=str(volunteer),
        recipient_email=volunteer.email,
        recipient_phone=volunteer.phone if mobile else "",
        language=volunteer.preferred_language,
        payload={"invite_id": invite.pk},
        scope=office_scope(request.slot.office_id),
    )


def helper_changed(booking: Booking, *, helper: User) -> OutboxMessage:
    starts_at = utc_iso(booking.slot.starts_at)
    return message_schedule(
        kind=HELPER_CHANGED,
        key=f"booking:{booking.pk}:helper:{helper.pk}:{starts_at}",
        payload={"booking_id": booking.pk, "helper_id": helper.pk, "starts_at": starts_at},
        **recipient_of(booking),
    )


def nobody_took_over(request: SubstituteRequest) -> list[OutboxMessage]:
    office_id = request.slot.office_id
    coordinators = OfficeStaff.objects.filter(role=StaffRole.COORDINATOR, office_id=office_id).select_related("user")
    return [
        message_schedule(
            kind=NOBODY,
            key=f"substitute:{request.pk}:nobody:{staff.user.pk}",
            channel=Channel.EMAIL,
            recipient_name=str(staff.user),
            recipient_email=staff.user.email,
            language=staff.user.preferred_language,
            payload={"request_id": request.pk},
            scope=office_scope(office_id),
        )
        for staff in coordinators
    ]


# --- building the texts when a message is sent ----------------------------------------------


def build_ask(message: OutboxMessage) -> dict[str, Any] | None:
    from helpdesk.models import SubstituteInvite

    invite = (
        SubstituteInvite.objects.select_related("request__booking__topic", "request__slot__office", "volunteer")
        .filter(pk=message.payload.get("invite_id"))
        .first()
    )
    if invite is None or not invite.request.is_open:
        return None
    request = invite.request
    return {
        "invite": invite,
        "booking": request.booking,
        "slot": request.slot,
        "office": request.slot.office,
        "deadline": request.deadline,
        "link": absolute(reverse("helpdesk:substitute-invite", args=[invite.token])),
    }


def build_helper_changed(message: OutboxMessage) -> dict[str, Any] | None:
    from accounts.models import User
    from helpdesk.notify import booking_context

    context = booking_context(message.payload.get("booking_id"))
    if context is None or utc_iso(context["booking"].slot.starts_at) != message.payload.get("starts_at"):
        return None
    helper = User.objects.filter(pk=message.payload.get("helper_id"), volunteer_slots=context["booking"].slot).first()
    if helper is None:
        return None  # someone else helps by now; that change has its own message
    # The first name, as volunteers introduce themselves; never the e-mail address of one without a name.
    first_names = helper.display_name.split()
    return {**context, "helper_name": first_names[0] if first_names else ""}


def build_nobody(message: OutboxMessage) -> dict[str, Any] | None:
    from helpdesk.models import SubstituteRequest, SubstituteStatus

    request = (
        SubstituteRequest.objects.select_related("booking__topic", "slot__office", "absent_volunteer")
        .filter(pk=message.payload.get("request_id"))
        .first()
    )
    if request is None or request.status != SubstituteStatus.EXPIRED:
        return None
    office = request.slot.office
    return {
        "request": request,
        "booking": request.booking,
        "slot": request.slot,
        "office": office,
        "conflicts_link": absolute(reverse("helpdesk:office-conflicts", args=[office.slug])),
    }


def register_kinds() -> None:
    from django.utils.translation import gettext_lazy as _

    from notifications import registry

    registry.register(ASK, label=cast(str, _("Request to take over an appointment")), build_context=build_ask)
    registry.register(
        HELPER_CHANGED,
        label=cast(str, _("Another volunteer helps at an appointment")),
        build_context=build_helper_changed,
    )
    registry.register(NOBODY, label=cast(str, _("Nobody took over an appointment")), build_context=build_nobody)
