"""The OpenAPI schema and the interactive docs: public, complete, with the token scheme."""

import pytest
import yaml
from django.contrib.staticfiles import finders
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

OPERATIONS = {
    ("/api/articles/", "get"),
    ("/api/articles/", "post"),
    ("/api/articles/bulk/", "post"),
    ("/api/articles/{article_id}/", "get"),
    ("/api/labels/", "get"),
    ("/api/annotations/", "get"),
    ("/api/annotations/", "post"),
    ("/api/annotations/{annotation_id}/", "get"),
    ("/api/annotations/{annotation_id}/", "patch"),
    ("/api/annotations/{annotation_id}/", "delete"),
    ("/api/annotations/import", "post"),
    ("/api/export/annotations.jsonl", "get"),
    ("/api/export/annotations.csv", "get"),
    ("/api/export/annotations.w3c.jsonld", "get"),
    ("/api/export/sentences.jsonl", "get"),
    ("/api/export/no_claim.jsonl", "get"),
    ("/api/export/no_claim.csv", "get"),
    ("/api/export/articles.jsonl", "get"),
    ("/api/export/changes.jsonl", "get"),
    ("/api/export/annotations.parquet", "get"),
    ("/api/export/sentences.parquet", "get"),
    ("/api/export/README.md", "get"),
    ("/api/export/features.json", "get"),
    ("/api/no-claim-marks/", "get"),
    ("/api/no-claim-marks/", "post"),
    ("/api/no-claim-marks/{mark_id}/", "get"),
    ("/api/no-claim-marks/{mark_id}/", "delete"),
    ("/api/export/gold.jsonl", "get"),
    ("/api/export/gold.parquet", "get"),
    ("/api/gold/claims/{gold_claim_id}/", "get"),
    ("/api/agreement/", "get"),
}


@pytest.fixture
def schema() -> dict:
    response = APIClient().get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_is_openapi_3_and_lists_every_operation(schema):
    assert schema["openapi"].startswith("3.")
    found = {(path, method) for path, item in schema["paths"].items() for method in item}
    assert found == OPERATIONS


def test_schema_documents_the_token_scheme(schema):
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert scheme["type"] == "apiKey"
    assert scheme["in"] == "header"
    assert scheme["name"] == "Authorization"
    assert "Token <key>" in scheme["description"]
    for item in schema["paths"].values():
        for operation in item.values():
            assert {"tokenAuth": []} in operation["security"]


def test_every_operation_has_a_summary_a_description_and_an_example(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert operation["summary"], (path, method)
            assert len(operation["description"]) > 40, (path, method)
            bodies = [operation.get("requestBody", {}), *operation["responses"].values()]
            examples = [
                media.get("examples")
                for body in bodies
                for media in body.get("content", {}).values()
            ]
            assert any(examples), (path, method)


def test_every_operation_documents_its_errors(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert {"401", "403"} <= set(operation["responses"]), (path, method)


def test_exports_document_their_media_types(schema):
    def media_types(path):
        return set(schema["paths"][path]["get"]["responses"]["200"]["content"])

    assert media_types("/api/export/annotations.jsonl") == {"application/x-ndjson"}
    assert media_types("/api/export/annotations.csv") == {"text/csv; charset=utf-8; header=present"}
    assert media_types("/api/export/annotations.w3c.jsonld") == {"application/ld+json"}


def test_filters_are_documented_as_query_parameters(schema):
    parameters = schema["paths"]["/api/export/annotations.jsonl"]["get"]["parameters"]
    assert {p["name"] for p in parameters} == {"article", "reviewer", "label", "updated_since"}


def test_docs_page_serves_swagger_ui_from_this_server(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    # Its start-up script is a file of its own (the CSP allows no inline script).
    assert '<script src="/api/docs/?script="' in page or "/api/docs/?script" in page
    script = client.get("/api/docs/", {"script": ""})
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()
    # Served like the app's own static files (collectstatic + WhiteNoise), no CDN needed.
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")


def test_unknown_api_addresses_answer_in_json(client_for, data_user):
    response = client_for(data_user).get("/api/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No API endpoint at this address; see /api/docs/."}
