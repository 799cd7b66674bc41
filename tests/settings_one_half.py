"""Settings with only one half of the site installed, for ``tests/test_architecture.py``.

``SITE_HALF`` names the half to keep (``participation`` or ``helpdesk``); the other is left out.
"""

import os

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

_keep = os.environ["SITE_HALF"]
_drop = {"participation": "helpdesk", "helpdesk": "participation"}[_keep]
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != _drop]
# The demo's accounts are hashed with the tests' fast hasher.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
