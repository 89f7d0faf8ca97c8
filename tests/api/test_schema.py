"""The OpenAPI schema at /api/v1/schema/ is valid and describes every endpoint."""

import json

import pytest
import yaml
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

OPERATIONS = {
    "/api/v1/regions/",
    "/api/v1/regions/{id}/",
    "/api/v1/regions/{id}/monitoring/",
    "/api/v1/districts/",
    "/api/v1/districts/{id}/",
    "/api/v1/districts/{id}/monitoring/",
    "/api/v1/municipalities/",
    "/api/v1/municipalities/{id}/",
    "/api/v1/programs/",
    "/api/v1/programs/{id}/",
    "/api/v1/programs/{id}/action-plan.csv",
    "/api/v1/programs/{id}/action-plan.xlsx",
    "/api/v1/programs/{id}/monitoring/",
    "/api/v1/programs/{id}/monitoring/{year}.csv",
    "/api/v1/programs/{id}/monitoring/{year}.xlsx",
    "/api/v1/hearings/",
    "/api/v1/hearings/{id}/",
}


def test_generated_schema_is_valid_openapi():
    with translation.override("en"):
        schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)  # against the OpenAPI 3 JSON schema shipped with drf-spectacular
    assert set(schema["paths"]) == OPERATIONS
    for path, operations in schema["paths"].items():
        assert set(operations) == {"get"}, path  # nothing but reading is documented
        assert {"200", "404", "429"} <= set(operations["get"]["responses"]), path


def test_served_schema_has_title_terms_and_paths(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "SEDP portal open data API"
    terms = schema["info"]["description"]
    assert "attribution" in terms and '"SEDP portal"' in terms and "municipality" in terms
    assert "No personal data" in terms
    assert set(schema["paths"]) == OPERATIONS
    as_json = client.get("/api/v1/schema/", {"format": "json"})
    assert as_json["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert json.loads(as_json.content) == schema


def test_schema_is_in_english_whatever_the_browser_prefers(client):
    schema = yaml.safe_load(client.get("/api/v1/schema/", HTTP_ACCEPT_LANGUAGE="ky").content)
    category = schema["components"]["schemas"]["CategoryEnum"]["description"]
    assert "council deputy" in category
    assert schema == yaml.safe_load(client.get("/api/v1/schema/", HTTP_ACCEPT_LANGUAGE="ru").content)


def test_program_fields_match_the_schema(client, open_data):
    """The detail's keys are the schema's properties, at every level of nesting."""
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    components = schema["components"]["schemas"]
    item = client.get(f"/api/v1/programs/{open_data.published_a.pk}/").json()

    def check(value, component: str) -> None:
        properties = components[component]["properties"]
        assert set(value) == set(properties), component
        for key, sub in value.items():
            spec = properties[key]
            ref = (
                spec.get("$ref")
                or (spec.get("allOf") or [{}])[0].get("$ref")
                or spec.get("items", {}).get("$ref")
            )
            if ref and "Enum" not in ref and sub is not None:
                name = ref.rsplit("/", 1)[1]
                for element in sub if isinstance(sub, list) else [sub]:
                    check(element, name)

    check(item, "ProgramDetail")
