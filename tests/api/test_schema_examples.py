"""Every example in the OpenAPI schema validates against the schema it illustrates."""

import copy

import jsonschema
import pytest
import yaml
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema() -> dict:
    response = APIClient().get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def as_json_schema(node):
    """OpenAPI 3.0 schema objects as JSON Schema: ``nullable`` becomes a null alternative."""
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: as_json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


def examples_with_schemas(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            bodies = [("request", operation.get("requestBody", {}))]
            bodies += list(operation["responses"].items())
            for code, body in bodies:
                for media_type, media in body.get("content", {}).items():
                    for name, example in (media.get("examples") or {}).items():
                        where = f"{method.upper()} {path} {code} {media_type} {name}"
                        yield where, media.get("schema"), example["value"]


def test_every_example_validates_against_its_schema(schema):
    components = as_json_schema(copy.deepcopy(schema["components"]))
    checked, wrong = 0, []
    for where, media_schema, value in examples_with_schemas(schema):
        assert media_schema is not None, where
        validator = jsonschema.Draft202012Validator(
            {**as_json_schema(media_schema), "components": components}
        )
        wrong += [(where, error.message) for error in validator.iter_errors(value)]
        checked += 1
    assert wrong == []
    assert checked > 40


def test_error_responses_are_declared_as_json(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for code, response in operation["responses"].items():
                if int(code) >= 400:
                    assert set(response.get("content", {})) == {"application/json"}, (
                        method,
                        path,
                        code,
                    )


def test_write_bodies_are_json_only_except_the_json_lines_import(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if "requestBody" not in operation:
                continue
            media_types = set(operation["requestBody"]["content"])
            if path == "/api/annotations/import":
                assert media_types == {
                    "application/json",
                    "application/x-ndjson",
                    "application/jsonl",
                }
            else:
                assert media_types == {"application/json"}, (method, path)
