from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _render_every_time(settings: Any) -> None:
    # These budgets pin what rendering a page costs; the page cache would answer the
    # second request without rendering. What a cached answer costs is pinned in
    # test_page_cache_budgets.py.
    settings.PAGE_CACHE_SECONDS = 0
