from rest_framework.routers import SimpleRouter

from participation.api import CommentViewSet, IdeaViewSet, ProjectViewSet, SupportViewSet

router = SimpleRouter()
router.register("projects", ProjectViewSet, basename="project")
router.register("ideas", IdeaViewSet, basename="idea")
router.register("comments", CommentViewSet, basename="comment")
router.register("supports", SupportViewSet, basename="support")

urlpatterns = router.urls
