from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _render_every_time(settings: Any) -> None:
    # These budgets pin what rendering a page costs, so every application cache is off.
    settings.APP_CACHE = False
