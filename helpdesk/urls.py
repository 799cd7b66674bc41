from django.urls import path

from helpdesk.views import (
    audit_log,
    booking,
    call_list,
    conflicts,
    hours,
    my_bookings,
    office,
    office_waitlist,
    open_hours,
    phone_desk,
    substitutes,
    volunteer,
    waitlist,
)
from helpdesk.views import calendar as office_calendar

app_name = "helpdesk"

urlpatterns = [
    path("", booking.start, name="start"),
    # Volunteers
    path("ehrenamt/termine/", volunteer.my_appointments, name="my-appointments"),
    path("ehrenamt/zeiten/", volunteer.my_availability, name="my-availability"),
    path("ehrenamt/zeiten/<int:pk>/loeschen/", volunteer.availability_delete, name="availability-delete"),
    path("ehrenamt/abwesenheit/<int:pk>/loeschen/", volunteer.absence_delete, name="absence-delete"),
    path("ehrenamt/stunden/", hours.my_hours, name="my-hours"),
    path("ehrenamt/stunden/bestaetigung.pdf", hours.my_hours_pdf, name="my-hours-pdf"),
    path("ehrenamt/kalender/erneuern/", volunteer.calendar_renew, name="calendar-renew"),
    path("kalender/<str:token>.ics", volunteer.calendar_feed, name="calendar-feed"),
    path("buchungen/<int:booking_id>/ergebnis/", volunteer.booking_outcome, name="booking-outcome"),
    path("buchungen/<int:booking_id>/absagen/", volunteer.staff_booking_cancel, name="staff-booking-cancel"),
    path("buchungen/<int:booking_id>/vertretung/", substitutes.substitute_search, name="substitute-search"),
    path("vertretung/<str:token>/", substitutes.substitute_invite, name="substitute-invite"),
    path("sprechstunde/<int:slot_id>/", open_hours.open_hour, name="open-hour"),
    # Coordinators
    path("buero/", office.office_home, name="office-home"),
    path("buero/<slug:slug>/", office.office_plan, name="office-plan"),
    path("buero/<slug:slug>/tagesliste/", office.day_list, name="day-list"),
    path("buero/<slug:slug>/anrufer/", phone_desk.find_caller, name="book-for-caller"),
    path("buero/<slug:slug>/anrufer/thema/", phone_desk.choose_topic, name="phone-desk-topic"),
    path("buero/<slug:slug>/anrufer/zeit/", phone_desk.choose_time, name="phone-desk-time"),
    path("buero/<slug:slug>/anrufer/angaben/", phone_desk.caller_details, name="phone-desk-details"),
    path("buero/<slug:slug>/anrufer/gebucht/<int:booking_id>/", phone_desk.booked, name="phone-desk-done"),
    path("buero/<slug:slug>/ehrenamtliche/", office.office_volunteers, name="office-volunteers"),
    path("buero/<slug:slug>/erzeugen/", office.office_regenerate, name="office-regenerate"),
    path("buero/<slug:slug>/ehrenamtliche/<int:user_id>/stunden/", hours.volunteer_hours, name="volunteer-hours"),
    path(
        "buero/<slug:slug>/ehrenamtliche/<int:user_id>/stunden.pdf",
        hours.volunteer_hours_pdf,
        name="volunteer-hours-pdf",
    ),
    path("buero/<slug:slug>/konflikte/", conflicts.office_conflicts, name="office-conflicts"),
    path("buero/<slug:slug>/konflikte/<int:slot_id>/einteilen/", conflicts.conflict_assign, name="conflict-assign"),
    path("buero/<slug:slug>/kalender/", office_calendar.office_calendar, name="office-calendar"),
    path("buero/<slug:slug>/statistik/", office.office_stats, name="office-stats"),
    path("buero/<slug:slug>/warteliste/", office_waitlist.office_waitlist, name="office-waitlist"),
    path(
        "buero/<slug:slug>/warteliste/<int:pk>/",
        office_waitlist.waitlist_entry_action,
        name="office-waitlist-entry",
    ),
    path(
        "buero/<slug:slug>/warteliste/<int:pk>/anbieten/",
        office_waitlist.waitlist_offer_place,
        name="office-waitlist-offer",
    ),
    path("anrufliste/", call_list.call_list_start, name="call-list-start"),
    path("buero/<slug:slug>/anrufliste/", call_list.call_list, name="call-list"),
    path("anrufliste/<int:pk>/angerufen/", call_list.mark_called, name="mark-called"),
    # Administrators
    path("protokoll/", audit_log.audit_log, name="audit-log"),
    # Seniors: booking and the guest link
    path("termin/<int:slot_id>/", booking.book, name="book"),
    path("meine-termine/", my_bookings.my_bookings, name="my-bookings"),
    path("buchung/<str:token>/", my_bookings.booking_detail, name="booking-detail"),
    path("buchung/<str:token>/zettel/", my_bookings.booking_slip, name="booking-slip"),
    path("buchung/<str:token>/termin.ics", my_bookings.booking_calendar_file, name="booking-ics"),
    path("buchung/<str:token>/absagen/", my_bookings.booking_cancel, name="booking-cancel"),
    path("buchung/<str:token>/verschieben/", my_bookings.booking_change, name="booking-change"),
    path("warteliste/<str:token>/", waitlist.waitlist_offer, name="waitlist-offer"),
    path("<slug:slug>/", booking.office, name="office"),
    path("<slug:slug>/termine/", booking.slots, name="slots"),
    path("<slug:slug>/warteliste/", waitlist.waitlist_join, name="waitlist-join"),
]
