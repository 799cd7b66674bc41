from rest_framework.routers import SimpleRouter

from helpdesk.api import (
    BookingViewSet,
    FreeSlotViewSet,
    MyAppointmentViewSet,
    MyBookingViewSet,
    OfficeViewSet,
    TopicViewSet,
)

router = SimpleRouter()
router.register("offices", OfficeViewSet, basename="office")
router.register("topics", TopicViewSet, basename="topic")
router.register("free-slots", FreeSlotViewSet, basename="free-slot")
router.register("bookings", BookingViewSet, basename="booking")
router.register("my-appointments", MyAppointmentViewSet, basename="my-appointment")
router.register("my-bookings", MyBookingViewSet, basename="my-booking")

urlpatterns = router.urls
