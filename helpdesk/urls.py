from django.urls import path

from helpdesk import views, views_staff

app_name = "helpdesk"

urlpatterns = [
    path("", views.start, name="start"),
    # Volunteers
    path("ehrenamt/termine/", views_staff.my_appointments, name="my-appointments"),
    path("ehrenamt/zeiten/", views_staff.my_availability, name="my-availability"),
    path("ehrenamt/zeiten/<int:pk>/loeschen/", views_staff.availability_delete, name="availability-delete"),
    path("ehrenamt/abwesenheit/<int:pk>/loeschen/", views_staff.absence_delete, name="absence-delete"),
    path("ehrenamt/stunden/", views_staff.my_hours, name="my-hours"),
    path("ehrenamt/kalender/erneuern/", views_staff.calendar_renew, name="calendar-renew"),
    path("kalender/<str:token>.ics", views_staff.calendar_feed, name="calendar-feed"),
    path("buchungen/<int:booking_id>/ergebnis/", views_staff.booking_outcome, name="booking-outcome"),
    path("buchungen/<int:booking_id>/absagen/", views_staff.staff_booking_cancel, name="staff-booking-cancel"),
    # Coordinators
    path("buero/", views_staff.office_home, name="office-home"),
    path("buero/<slug:slug>/", views_staff.office_plan, name="office-plan"),
    path("buero/<slug:slug>/tagesliste/", views_staff.day_list, name="day-list"),
    path("buero/<slug:slug>/anrufer/", views_staff.book_for_caller, name="book-for-caller"),
    path("buero/<slug:slug>/ehrenamtliche/", views_staff.office_volunteers, name="office-volunteers"),
    path("buero/<slug:slug>/erzeugen/", views_staff.office_regenerate, name="office-regenerate"),
    path("buero/<slug:slug>/konflikte/", views_staff.office_conflicts, name="office-conflicts"),
    path("buero/<slug:slug>/statistik/", views_staff.office_stats, name="office-stats"),
    # Seniors: booking and the guest link
    path("termin/<int:slot_id>/", views.book, name="book"),
    path("buchung/<str:token>/", views.booking_detail, name="booking-detail"),
    path("buchung/<str:token>/zettel/", views.booking_slip, name="booking-slip"),
    path("buchung/<str:token>/absagen/", views.booking_cancel, name="booking-cancel"),
    path("buchung/<str:token>/verschieben/", views.booking_change, name="booking-change"),
    path("warteliste/<str:token>/", views.waitlist_offer, name="waitlist-offer"),
    path("<slug:slug>/", views.office, name="office"),
    path("<slug:slug>/termine/", views.slots, name="slots"),
    path("<slug:slug>/warteliste/", views.waitlist_join, name="waitlist-join"),
]
