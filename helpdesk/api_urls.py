from rest_framework.routers import SimpleRouter

from helpdesk.api import OfficeViewSet

router = SimpleRouter()
router.register("offices", OfficeViewSet, basename="office")

urlpatterns = router.urls
