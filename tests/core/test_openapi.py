"""The OpenAPI schema describes the partner API completely, and the API keeps to it (schemathesis)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from partners.models import Scope
from tests.factories import OfficerFactory, kelurahan
from tests.partners.factories import ApiKeyFactory

EXAMPLES_PER_OPERATION = 12


def identity_encoding(app):
    """The in-process WSGI transport does not decode gzip, which GZipMiddleware sends to clients
    that accept it: ask for the identity encoding, as a plain HTTP client would."""

    def wrapped(environ, start_response):
        environ.pop("HTTP_ACCEPT_ENCODING", None)
        return app(environ, start_response)

    return wrapped


# Loaded at collection time: generating the schema touches no database.
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/schema/?format=json", identity_encoding(get_wsgi_application())
)


@pytest.fixture
def keep_db_connection():
    """Calls go straight to the WSGI handler, whose request signals would close the test's database
    connection (and its transaction) on PostgreSQL; Django's own test client disconnects them too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def partner_key(db, keep_db_connection):
    kel = kelurahan("36.71.03.1001")
    for _ in range(3):
        OfficerFactory(kelurahan=[kel])
    return ApiKeyFactory(scopes=list(Scope.values), rate="100000/min").raw_key


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, partner_key):
    # Every check but "schema-valid data is accepted": opaque cursors, Kemendagri codes and field
    # names are strings whose valid values a schema cannot enumerate, and a wrong one is a 400 by
    # design (documented with the error shape). No 5xx, no undocumented status, header or body.
    excluded = [positive_data_acceptance]
    # With a key (so webhook management is exercised past 401) and without one.
    case.call_and_validate(
        headers={"Authorization": f"Api-Key {partner_key}"}, excluded_checks=excluded
    )
    case.call_and_validate(excluded_checks=excluded)


@pytest.mark.django_db
def test_schema_documents_auth_errors_and_partner_parameters(client):
    spec = client.get("/api/v1/schema/?format=json").json()
    scheme = spec["components"]["securitySchemes"]["ApiKeyAuth"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "Authorization"}
    error = spec["components"]["schemas"]["Error"]
    assert error["properties"]["error"]["$ref"].endswith("/ErrorDetail")
    officers = spec["paths"]["/api/v1/officers/"]["get"]
    names = {p["name"] for p in officers["parameters"]}
    assert {
        "fields",
        "updated_since",
        "cursor",
        "limit",
        "ordering",
        "kelurahan",
        "kecamatan",
        "unit",
        "If-None-Match",
        "If-Modified-Since",
    } <= names
    assert {"200", "304", "400", "401", "403", "429"} <= set(officers["responses"])
    assert "ETag" in officers["responses"]["200"]["headers"]
    assert "Retry-After" in officers["responses"]["429"]["headers"]
    example = officers["responses"]["400"]["content"]["application/json"]["examples"]
    assert next(iter(example.values()))["value"]["error"]["code"]
    detail = spec["paths"]["/api/v1/officers/{id}/"]["get"]
    assert "404" in detail["responses"]
    assert "/api/v1/changes/" in spec["paths"] and "/api/v1/webhooks/" in spec["paths"]
