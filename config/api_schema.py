"""drf-spectacular's AutoSchema, documenting the 4xx answers every operation can give.

Apps need to know what a refusal looks like as much as what a success looks like. Each
operation gets, unless it documents them itself:

- 400 on every operation: bodies and query parameters are checked (field name -> list of
  messages), and a NUL character anywhere in the address is refused before any view
  (``core/input_guard.py``),
- 401 where a signed-in person (session or token) is needed, and on every operation of a view
  that reads tokens: a wrong or expired token is refused even where visitors may read,
- 403 where the person may not act on this object or project, or this phase does not allow it,
- 404 for operations on one object, that name objects in their body, or that page through a list,
- 429 for views that list the action in ``rate_limited_actions`` (``core.ratelimit``).

A view that knows better lists its codes per action in ``api_errors``. The bodies are
DRF's: ``{"detail": "..."}`` (component ``ApiError``), or the field errors for 400
(``ApiFieldErrors``).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import permissions
from rest_framework.authentication import TokenAuthentication

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong, in the language of the request."}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "oneOf": [
        {
            "type": "object",
            "description": "For each field with a mistake (or non_field_errors), the messages.",
            "additionalProperties": {},
        },
        {"type": "array", "items": {"type": "string"}},
    ]
}
DESCRIPTIONS = {
    "400": "The request has mistakes; the body names them per field.",
    "401": "Not signed in, or the token is wrong or expired.",
    "403": "Signed in, but this person may not do this here (role, owner, or the project's current phase).",
    "404": "There is no such object, or this person may not see it.",
    "429": "Too many requests of this kind in a short time; wait and try again.",
}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class AutoSchema(openapi.AutoSchema):
    def _anonymous_allowed(self) -> bool:
        view: Any = self.view
        for permission in view.get_permissions():
            if isinstance(permission, permissions.AllowAny):
                continue
            if isinstance(permission, permissions.IsAuthenticatedOrReadOnly) and self.method not in UNSAFE:
                continue
            return False
        return True

    def _reads_tokens(self) -> bool:
        view: Any = self.view
        return any(isinstance(auth, TokenAuthentication) for auth in view.get_authenticators())

    def _error_codes(self) -> list[str]:
        action = getattr(self.view, "action", None) or self.method.lower()
        declared = getattr(self.view, "api_errors", {})
        if action in declared:
            return list(declared[action])
        codes = ["400"]
        anonymous_allowed = self._anonymous_allowed()
        if not anonymous_allowed or self._reads_tokens():
            codes.append("401")
        if not anonymous_allowed or self.method in UNSAFE:
            codes.append("403")
        # A page number past the end is a 404 too (DRF's pagination).
        paginated = self.method == "GET" and self._is_list_view() and self._get_paginator() is not None
        if "{" in self.path or self.method in UNSAFE or paginated:
            codes.append("404")
        if action in getattr(self.view, "rate_limited_actions", ()):
            codes.append("429")
        return codes

    def _get_response_bodies(self, direction: Any = "response") -> Any:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code not in responses:
                name, schema = ("ApiFieldErrors", FIELD_ERRORS) if code == "400" else ("ApiError", DETAIL)
                component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema)
                self.registry.register_on_missing(component)
                responses[code] = {
                    "description": DESCRIPTIONS[code],
                    "content": {"application/json": {"schema": component.ref}},
                }
        return responses
