"""The roll-ups' API answers have the schema's fields, typed, at every level of nesting."""

import pytest
import yaml

from tests.monitoring.rollups.conftest import monitored_program, programs

pytestmark = pytest.mark.django_db


def check(components, value, component: str) -> None:
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
                check(components, element, name)
        elif not ref and sub is not None:
            kind = spec.get("type")
            expected = {"integer": int, "string": str, "boolean": bool, "array": list, "object": dict}[kind]
            assert isinstance(sub, expected), (component, key, sub)


def test_the_rollups_match_the_schema(client, area):
    programs(area, 2)
    monitored_program(area, 9, report_status="draft")  # a row without a report: nulls
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    components = schema["components"]["schemas"]
    paths = schema["paths"]
    for path in ("/api/v1/regions/{id}/monitoring/", "/api/v1/districts/{id}/monitoring/"):
        ok = paths[path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok == {"$ref": "#/components/schemas/Rollup"}
    for url in (
        f"/api/v1/regions/{area.region.pk}/monitoring/",
        f"/api/v1/districts/{area.district.pk}/monitoring/",
    ):
        body = client.get(url).json()
        check(components, body, "Rollup")
        assert body["municipalities"] and body["standard_indicators"]
    planned = components["RollupMunicipality"]["properties"]["planned"]
    assert planned["type"] == "string" and planned["format"] == "decimal" and planned.get("nullable")
