from rest_framework.routers import SimpleRouter

from core import page_cache
from helpdesk.api import BookingViewSet, FreeSlotViewSet, MyAppointmentViewSet, OfficeViewSet, TopicViewSet

router = SimpleRouter()
router.register("offices", OfficeViewSet, basename="office")
router.register("topics", TopicViewSet, basename="topic")
router.register("free-slots", FreeSlotViewSet, basename="free-slot")
router.register("bookings", BookingViewSet, basename="booking")
router.register("my-appointments", MyAppointmentViewSet, basename="my-appointment")

# Reads are answered from the page cache; writes pass straight through.
urlpatterns = page_cache.cache_url_patterns(router.urls, page_cache.HELPDESK)
