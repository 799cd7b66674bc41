"""Writes of the helpdesk, one module per job; the names callers use are collected here.

- ``calendar``: slot generation from weekly times and workshop schedules inside the opening hours,
  absences, opening hours, closures and extra dates
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
    booking_create_at_time,
    booking_move,
    booking_move_to_time,
    booking_record_outcome,
    slot_fits,
)
from helpdesk.services.calendar import (
    ClosureResult,
    GenerationResult,
    absence_create,
    absence_delete,
    availability_create,
    availability_delete,
    closure_create,
    closure_delete,
    extra_date_create,
    extra_date_delete,
    local_datetime,
    local_tz,
    opening_hours_add,
    opening_hours_delete,
    slot_conflict_resolve,
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
    WaitlistError,
    offer_expiry,
    reached_only_by_phone,
    waitlist_accept,
    waitlist_book_by_phone,
    waitlist_decline,
    waitlist_expire_offers,
    waitlist_join,
    waitlist_note,
    waitlist_offer_next,
    waitlist_offer_place,
    waitlist_remove,
)
from helpdesk.services.walk_ins import walk_in_delete, walk_in_record

__all__ = [
    "WAITLIST_MIN_NOTICE",
    "WAITLIST_OFFER_DURATION",
    "BookingError",
    "ClosureResult",
    "GenerationResult",
    "SubstituteError",
    "WaitlistError",
    "absence_create",
    "absence_delete",
    "absence_report",
    "availability_create",
    "availability_delete",
    "booking_anonymise",
    "booking_cancel",
    "booking_create",
    "booking_create_at_time",
    "booking_move",
    "booking_move_to_time",
    "booking_record_outcome",
    "calendar_token_renew",
    "closure_create",
    "closure_delete",
    "extra_date_create",
    "extra_date_delete",
    "guest_data_purge",
    "local_datetime",
    "local_tz",
    "offer_expiry",
    "office_staff_add",
    "office_staff_remove",
    "opening_hours_add",
    "opening_hours_delete",
    "reached_only_by_phone",
    "slot_conflict_resolve",
    "slot_fits",
    "slots_generate",
    "substitute_accept",
    "substitute_assign",
    "substitute_search_start",
    "substitutes_expire",
    "volunteer_profile_update",
    "waitlist_accept",
    "waitlist_book_by_phone",
    "waitlist_decline",
    "waitlist_expire_offers",
    "waitlist_join",
    "waitlist_note",
    "waitlist_offer_next",
    "waitlist_offer_place",
    "waitlist_remove",
    "walk_in_delete",
    "walk_in_record",
    "workshop_schedule_create",
]
