from rest_framework.routers import SimpleRouter

from core import page_cache
from participation.api import CommentViewSet, IdeaViewSet, ProjectViewSet, SupportViewSet

router = SimpleRouter()
router.register("projects", ProjectViewSet, basename="project")
router.register("ideas", IdeaViewSet, basename="idea")
router.register("comments", CommentViewSet, basename="comment")
router.register("supports", SupportViewSet, basename="support")

# Reads are answered from the page cache; writes pass straight through.
urlpatterns = page_cache.cache_url_patterns(router.urls, page_cache.PARTICIPATION)
