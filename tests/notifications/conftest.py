from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.notifications import kinds  # noqa: F401  (registers the test kind)


@pytest.fixture
def unique() -> str:
    """A prefix that keeps this test's outbox keys apart from every other test's."""
    return f"t-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def mail_dir(settings: Any, tmp_path: Path) -> Path:
    """Deliver e-mail with the embedded runtime's file backend into a fresh directory."""
    directory = tmp_path / "mail"
    settings.MAILERS = {
        "default": {"BACKEND": "core.mail.FileAndConsoleBackend", "OPTIONS": {"file_path": str(directory)}}
    }
    return directory
