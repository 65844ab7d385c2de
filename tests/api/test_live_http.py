"""The API over real HTTP: a script's token, a streamed export read in pieces, a hang-up."""

import json
import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def key(token_for, data_user) -> str:
    return token_for(data_user)


@pytest.fixture
def many_claims(article, reviewer, labels):
    from annotations.services import annotation_create

    for sentence in article.sentences.all():
        for label in labels.values():
            for start in range(8):
                annotation_create(
                    sentence=sentence, reviewer=reviewer, label=label, spans=[[0, start + 1]]
                )
    return 3 * 3 * 8


def get(url: str, key: str | None = None):
    headers = {"Authorization": f"Token {key}"} if key else {}
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30)


def test_export_streams_over_http_in_pieces(live_server, key, many_claims, monkeypatch):
    from annotations.selectors import exports

    monkeypatch.setattr(exports, "CHUNK_BYTES", 1024)
    with get(f"{live_server.url}/api/export/annotations.jsonl", key) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "application/x-ndjson"
        assert response.headers["Content-Length"] is None
        assert response.headers["X-Export-Filters"] == "none"
        pieces = []
        while piece := response.read(4096):
            pieces.append(piece)
    rows = [json.loads(line) for line in b"".join(pieces).decode().split("\n") if line]
    assert len(rows) == many_claims
    assert [row["id"] for row in rows] == sorted(row["id"] for row in rows)


def test_token_reads_and_a_wrong_token_is_refused_over_http(live_server, key, article):
    with get(f"{live_server.url}/api/articles/{article.pk}/", key) as response:
        assert json.load(response)["title"] == "Gipfel in Alaska"
    with pytest.raises(urllib.error.HTTPError) as refused:
        get(f"{live_server.url}/api/articles/", "wrong")
    assert refused.value.code == 401
    assert json.load(refused.value) == {"detail": "Invalid token."}


def test_server_keeps_working_after_a_client_hangs_up_mid_export(
    live_server, key, many_claims, monkeypatch
):
    from annotations.selectors import exports

    monkeypatch.setattr(exports, "CHUNK_BYTES", 512)
    response = get(f"{live_server.url}/api/export/annotations.csv", key)
    assert response.read(600).startswith(b"id,label,")
    response.close()
    with get(f"{live_server.url}/api/export/annotations.csv", key) as again:
        assert again.read().count(b"\n") == many_claims + 1
