"""The signed-in person of a request, read by one fixed statement (issue 15).

The same rules as ``django.contrib.auth.get_user``: the session names a user and one of the configured
back-ends; the user must exist and be active (``ModelBackend.user_can_authenticate``, which allauth's
back-end inherits); the session's auth hash must match the user's password hash (a password change
signs out every other session), else the session is flushed. A hash made with a fallback secret key is
accepted once and replaced, as Django does. Only the user's row is read without the ORM's query
building (about 900 Python calls per request); back-ends other than the two configured ones are asked
as Django would.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare

from accounts import permissions
from accounts.models import User
from core import rawread

# Back-ends whose ``get_user`` is ModelBackend's: the active user with this primary key.
MODEL_BACKENDS = frozenset(
    {"django.contrib.auth.backends.ModelBackend", "allauth.account.auth_backends.AuthenticationBackend"}
)


def _active_user(user_id: Any) -> User | None:
    """The active user and, in the same statement, their roles and TOTP flag (``accounts.permissions``).

    Nearly every request of a signed-in person asks for the roles (the staff MFA check, the navigation),
    so they come with the person instead of in a second round trip.
    """
    roles_sql, roles_params = permissions.packed_roles_sql()
    quote = connection.ops.quote_name
    table = quote(User._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {rawread.columns(User, 'u')}, {roles_sql} FROM {table} u"  # noqa: S608 (a model's table)
            f" WHERE u.{quote('id')} = %s AND u.{quote('is_active')}",
            [*roles_params(user_id), user_id],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    user = rawread.build(User, row)
    permissions.remember_packed(user, row[-1])
    return user


def get_user(request: HttpRequest) -> Any:
    session = request.session
    try:
        user_id = User._meta.pk.to_python(session[SESSION_KEY])
        backend_path = session[BACKEND_SESSION_KEY]
    except KeyError:
        return AnonymousUser()
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return AnonymousUser()
    fast = backend_path in MODEL_BACKENDS
    user = _active_user(user_id) if fast else load_backend(backend_path).get_user(user_id)
    if user is None:
        return AnonymousUser()
    session_hash = session.get(HASH_SESSION_KEY)
    if not session_hash:
        session.flush()
        return AnonymousUser()
    current = user.get_session_auth_hash()
    if constant_time_compare(session_hash, current):
        return user
    if any(constant_time_compare(session_hash, fallback) for fallback in user.get_session_auth_fallback_hash()):
        session.cycle_key()
        session[HASH_SESSION_KEY] = current
        return user
    session.flush()
    return AnonymousUser()
