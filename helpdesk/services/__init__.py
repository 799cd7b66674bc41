"""Writes of the helpdesk, one module per job; the names callers use are collected here.

- ``calendar``: slot generation from weekly times and workshop schedules, absences
- ``booking``: booking, moving, cancelling and outcomes, with the lock order
- ``waitlist``: offering freed places in turn
- ``volunteers``: volunteers' topics and devices, office staff roles, calendar links
- ``retention``: removing guests' personal data
- ``substitutes``: other volunteers taking over when one cannot come
- ``walk_ins``: visitors of open consultation hours
"""

from helpdesk.services.booking import (
    BookingError,
    booking_anonymise,
    booking_cancel,
    booking_create,
    booking_move,
    booking_record_outcome,
    slot_fits,
)
from helpdesk.services.calendar import (
    GenerationResult,
    absence_create,
    absence_delete,
    availability_create,
    availability_delete,
    local_datetime,
    local_tz,
    slots_generate,
    workshop_schedule_create,
)
from helpdesk.services.retention import guest_data_purge
from helpdesk.services.substitutes import (
    SubstituteError,
    absence_report,
    substitute_accept,
    substitute_assign,
    substitute_search_start,
    substitutes_expire,
)
from helpdesk.services.volunteers import (
    calendar_token_renew,
    office_staff_add,
    office_staff_remove,
    volunteer_profile_update,
)
from helpdesk.services.waitlist import (
    WAITLIST_MIN_NOTICE,
    WAITLIST_OFFER_DURATION,
    waitlist_accept,
    waitlist_decline,
    waitlist_expire_offers,
    waitlist_join,
    waitlist_offer_next,
)
from helpdesk.services.walk_ins import walk_in_delete, walk_in_record

__all__ = [
    "WAITLIST_MIN_NOTICE",
    "WAITLIST_OFFER_DURATION",
    "BookingError",
    "GenerationResult",
    "SubstituteError",
    "absence_create",
    "absence_delete",
    "absence_report",
    "availability_create",
    "availability_delete",
    "booking_anonymise",
    "booking_cancel",
    "booking_create",
    "booking_move",
    "booking_record_outcome",
    "calendar_token_renew",
    "guest_data_purge",
    "local_datetime",
    "local_tz",
    "office_staff_add",
    "office_staff_remove",
    "slot_fits",
    "slots_generate",
    "substitute_accept",
    "substitute_assign",
    "substitute_search_start",
    "substitutes_expire",
    "volunteer_profile_update",
    "waitlist_accept",
    "waitlist_decline",
    "waitlist_expire_offers",
    "waitlist_join",
    "waitlist_offer_next",
    "walk_in_delete",
    "walk_in_record",
    "workshop_schedule_create",
]
