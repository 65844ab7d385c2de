"""A Python client generated from /api/schema/ by openapi-python-client works unpatched."""

import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def generated(tmp_path, client, monkeypatch):
    """The client package, generated from this server's schema and importable."""
    generator = shutil.which("openapi-python-client") or str(
        Path(sys.executable).with_name("openapi-python-client")
    )
    if not Path(generator).exists():
        pytest.skip("openapi-python-client is not installed")
    schema = tmp_path / "schema.yaml"
    schema.write_bytes(client.get("/api/schema/").content)
    result = subprocess.run(
        [generator, "generate", "--path", str(schema), "--output-path",
         str(tmp_path / "factcheck_client"), "--meta", "none"],
        capture_output=True, text=True, timeout=120,
        env={"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module("factcheck_client")
    for name in [name for name in sys.modules if name.startswith("factcheck_client")]:
        del sys.modules[name]


def test_generated_client_lists_claims_edits_and_exports(
    generated, live_server, token_for, reviewer, data_user, article
):
    from factcheck_client import AuthenticatedClient
    from factcheck_client.api.annotations import annotations_create, annotations_update
    from factcheck_client.api.articles import articles_list
    from factcheck_client.api.exports import export_annotations_jsonl
    from factcheck_client.models import AnnotationCreateRequest, PatchedAnnotationUpdateRequest

    api = AuthenticatedClient(base_url=live_server.url, token=token_for(reviewer), prefix="Token")
    page = articles_list.sync(client=api)
    assert [summary.id for summary in page.results] == [article.pk]
    sentence = article.sentences.order_by("position").first()

    created = annotations_create.sync_detailed(
        client=api,
        body=AnnotationCreateRequest(
            sentence=sentence.pk, label="quoted_fact", spans=[[19, 24]], attributed_to="Trump"
        ),
    )
    assert created.status_code == 201, created.content
    claim = created.parsed
    assert claim.quotes == ["Trump"]
    assert claim.created_at.tzinfo is not None

    changed = annotations_update.sync_detailed(
        claim.id, client=api, body=PatchedAnnotationUpdateRequest(note="geprüft", revision=1)
    )
    assert changed.status_code == 200, changed.content
    assert changed.parsed.revision == 2

    stale = annotations_update.sync_detailed(
        claim.id, client=api, body=PatchedAnnotationUpdateRequest(note="alt", revision=1)
    )
    assert stale.status_code == 409
    assert stale.parsed.current.revision == 2

    exporter = AuthenticatedClient(
        base_url=live_server.url, token=token_for(data_user), prefix="Token"
    )
    export = export_annotations_jsonl.sync_detailed(client=exporter, label="quoted_fact")
    assert export.status_code == 200
    [record] = [json.loads(line) for line in export.content.decode().splitlines()]
    assert (record["id"], record["note"]) == (claim.id, "geprüft")
