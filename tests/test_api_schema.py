"""The OpenAPI schema stays valid and documents how every operation can refuse."""

from __future__ import annotations

import pytest
from django.test import Client
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_is_valid_openapi(schema: dict) -> None:
    validate_schema(schema)


def test_the_schema_is_served(client: Client) -> None:
    assert client.get("/api/schema/").status_code == 200


def _operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method.upper(), operation["responses"]


def test_every_operation_documents_at_least_one_refusal_with_a_json_body(schema: dict) -> None:
    for path, method, responses in _operations(schema):
        refusals = [code for code in responses if code.startswith("4")]
        assert refusals, f"{method} {path} documents no 4xx answer"
        for code in refusals:
            assert "application/json" in responses[code]["content"], (method, path, code)


def test_writes_document_bad_input_and_missing_objects_and_private_reads_the_sign_in(schema: dict) -> None:
    for path, method, responses in _operations(schema):
        if method in {"POST", "PUT", "PATCH"}:
            assert "400" in responses, f"{method} {path} misses 400"
        if "{" in path:
            assert "404" in responses, f"{method} {path} misses 404"
    assert "401" in schema["paths"]["/api/supports/"]["get"]["responses"]
    # Visitors may read ideas, but a wrong or expired token is refused there too.
    assert "401" in schema["paths"]["/api/ideas/"]["get"]["responses"]
    assert "429" in schema["paths"]["/api/ideas/"]["post"]["responses"]
    assert "429" in schema["paths"]["/api/reports/"]["post"]["responses"]
    assert set(schema["paths"]["/api/auth/token/"]["post"]["responses"]) >= {"201", "400", "401", "403", "429"}
