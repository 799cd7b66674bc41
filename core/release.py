"""The identity of the deployed code, for validators and cache keys that must change with a deploy."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
from pathlib import Path

from django.conf import settings

_CODE_SUFFIXES = (".py", ".html", ".txt", ".mo")
_SKIPPED_DIRS = {"var", "tests", "node_modules", "static", "media", "docs", "__pycache__"}


@functools.cache
def release() -> tuple[str, dt.datetime]:
    """The name of the deployed code and when it last changed, read once per process.

    ``settings.RELEASE`` names it where the deployment sets it; otherwise a digest of the
    modification times and sizes of the project's code, templates and translations does,
    which every worker of one deployment computes alike.
    """
    digest = hashlib.blake2b(digest_size=8)
    newest = 0.0
    for root, dirs, files in os.walk(Path(settings.BASE_DIR)):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS)
        for name in sorted(files):
            if name.endswith(_CODE_SUFFIXES):
                info = os.stat(os.path.join(root, name))
                newest = max(newest, info.st_mtime)
                digest.update(f"{root}/{name}:{info.st_mtime_ns}:{info.st_size};".encode())
    configured = str(getattr(settings, "RELEASE", "") or "")
    return (configured or digest.hexdigest(), dt.datetime.fromtimestamp(int(newest), tz=dt.UTC))
