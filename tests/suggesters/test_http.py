"""Specification of HttpSource against a small fake model server on loopback.

The server runs in a thread on a free port and answers what each test tells it to; every way
a model can fail ends in SourceUnavailable naming the source and the cause.
"""

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from annotations.suggesters.base import ArticleText, SourceUnavailable, Suggestion
from annotations.suggesters.http import PROTOCOL, HttpSource

ARTICLE = ArticleText("Gipfel", "de", ("Merz sagte: »Amerika bleibt an Bord.«", "🇩🇪 Es regnete."))
Reply = Callable[[dict], tuple[int, bytes]]


class FakeModel:
    """What the fake server answers, and what it was asked."""

    def __init__(self) -> None:
        self.reply: Reply = lambda request: (200, b"{}")
        self.requests: list[dict] = []
        self.delay = 0.0


@pytest.fixture
def model() -> Iterator[tuple[FakeModel, str]]:
    fake = FakeModel()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            fake.requests.append({"body": body, "type": self.headers["Content-Type"]})
            time.sleep(fake.delay)
            status, payload = fake.reply(body)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (the timeout test)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True  # a handler still sleeping past a timeout does not hold us up
    server.block_on_close = False
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield fake, f"http://127.0.0.1:{server.server_address[1]}/suggest"
    finally:
        server.shutdown()
        server.server_close()


def answer(suggestions: list, version: str = "model-7") -> Reply:
    payload = json.dumps({"suggestions": suggestions, "version": version}).encode()
    return lambda request: (200, payload)


def failure(source: HttpSource) -> str:
    with pytest.raises(SourceUnavailable) as raised:
        source.suggest(ARTICLE)
    message = str(raised.value)
    assert "'newsroom-model'" in message  # names the source
    return message


def test_the_request_is_the_documented_json_and_the_reply_becomes_suggestions(model):
    fake, url = model
    fake.reply = answer(
        [
            {
                "sentence": 0,
                "label": "quoted_fact",
                "spans": [[12, 36]],
                "speaker": "Friedrich Merz",
                "reason": "quotation",
                "score": 0.8,
            },
            {"sentence": 1, "label": "opinion", "spans": []},
        ]
    )
    source = HttpSource("newsroom-model", url)
    found = source.suggest(ARTICLE)
    assert fake.requests == [
        {
            "body": {
                "protocol": PROTOCOL,
                "title": "Gipfel",
                "language": "de",
                "sentences": list(ARTICLE.sentences),
            },
            "type": "application/json",
        }
    ]
    assert found == [
        Suggestion(
            0,
            "quoted_fact",
            ((12, 36),),
            "Friedrich Merz",
            "quotation",
            0.8,
            "newsroom-model",
            "model-7",
        ),
        Suggestion(1, "opinion", (), "", "", 1.0, "newsroom-model", "model-7"),
    ]
    assert source.version == "model-7"


def test_a_server_that_is_down_is_unavailable_with_the_cause():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    message = failure(HttpSource("newsroom-model", f"http://127.0.0.1:{port}/"))
    assert "cannot connect" in message


def test_a_server_slower_than_the_timeout_is_unavailable(model):
    fake, url = model
    fake.delay = 0.6
    message = failure(HttpSource("newsroom-model", url, timeout=0.2))
    assert "no reply within 0.2 s" in message


def test_an_http_error_is_unavailable_with_its_status(model):
    fake, url = model
    fake.reply = lambda request: (500, b'{"error": "model crashed"}')
    assert "HTTP 500" in failure(HttpSource("newsroom-model", url))


@pytest.mark.parametrize(
    ("payload", "cause"),
    [
        (b"<html>oops</html>", "not JSON"),
        (b'{"suggestions": [], "version": NaN}', "not JSON"),
        (b"\xff\xfe", "not JSON"),
        (b"[]", "not a JSON object"),
        (b'{"suggestions": []}', '"version"'),
        (b'{"suggestions": {}, "version": "1"}', '"suggestions" must be a list'),
        (
            b'{"suggestions": [], "version": "1", "extra": 1}',
            "unknown field(s) in the reply: extra",
        ),
    ],
)
def test_a_malformed_reply_is_unavailable(model, payload, cause):
    fake, url = model
    fake.reply = lambda request: (200, payload)
    assert cause in failure(HttpSource("newsroom-model", url))


@pytest.mark.parametrize(
    ("suggestion", "cause"),
    [
        ({"sentence": 2, "label": "opinion", "spans": []}, "sentence must be an integer"),
        ({"sentence": True, "label": "opinion", "spans": []}, "sentence must be an integer"),
        ({"sentence": 0, "label": "Opinion!", "spans": []}, "label must be a label slug"),
        ({"sentence": 0, "label": "opinion"}, "missing field(s) spans"),
        ({"sentence": 0, "label": "opinion", "spans": [], "why": "x"}, "unknown field(s) why"),
        ({"sentence": 0, "label": "opinion", "spans": [[0, 99]]}, "outside the sentence"),
        ({"sentence": 0, "label": "opinion", "spans": [[5, 5]]}, "outside the sentence"),
        ({"sentence": 0, "label": "opinion", "spans": [[-1, 4]]}, "outside the sentence"),
        ({"sentence": 1, "label": "opinion", "spans": [[1, 6]]}, "cuts through a character"),
        ({"sentence": 0, "label": "opinion", "spans": [[4, 5]]}, "only blank text"),
        ({"sentence": 0, "label": "opinion", "spans": [[0, 8], [5, 10]]}, "must not overlap"),
        ({"sentence": 0, "label": "opinion", "spans": [[0, 4.5]]}, "[start, end] pairs"),
        ({"sentence": 0, "label": "opinion", "spans": [], "score": 1.5}, "score must be"),
        ({"sentence": 0, "label": "opinion", "spans": [], "speaker": 7}, "speaker must be"),
        ({"sentence": 0, "label": "opinion", "spans": [], "reason": "a\x00b"}, "NUL"),
    ],
)
def test_an_invalid_suggestion_fails_the_whole_reply(model, suggestion, cause):
    fake, url = model
    fake.reply = answer([{"sentence": 0, "label": "opinion", "spans": []}, suggestion])
    message = failure(HttpSource("newsroom-model", url))
    assert "suggestions[1]" in message
    assert cause in message


def test_a_source_needs_an_http_url_and_a_positive_timeout():
    with pytest.raises(ValueError, match="http"):
        HttpSource("m", "file:///etc/passwd")
    with pytest.raises(ValueError, match="timeout"):
        HttpSource("m", "http://127.0.0.1:1/", timeout=0)


def test_the_message_never_shows_credentials_from_the_url():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    source = HttpSource("newsroom-model", f"http://reviewer:s3cret@127.0.0.1:{port}/s?key=k")
    message = failure(source)
    assert "s3cret" not in message and "key=k" not in message
    assert f"http://127.0.0.1:{port}/s" in message
