from rest_framework.routers import SimpleRouter

from participation.api import CommentViewSet, IdeaViewSet, ProjectViewSet, SupportViewSet
from participation.api_moderation import ModerationIdeaViewSet, ModerationReportViewSet, ReportViewSet

router = SimpleRouter()
router.register("projects", ProjectViewSet, basename="project")
router.register("ideas", IdeaViewSet, basename="idea")
router.register("comments", CommentViewSet, basename="comment")
router.register("supports", SupportViewSet, basename="support")
router.register("reports", ReportViewSet, basename="report")
router.register("moderation/ideas", ModerationIdeaViewSet, basename="moderation-idea")
router.register("moderation/reports", ModerationReportViewSet, basename="moderation-report")

urlpatterns = router.urls
