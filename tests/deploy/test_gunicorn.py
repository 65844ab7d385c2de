"""The production gunicorn configuration: long streams outlive the worker timeout; HUP reloads."""

import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

REPO = Path(__file__).resolve().parents[2]
PORT = 8146
pytestmark = pytest.mark.slow


@pytest.fixture
def gunicorn():
    # A one-second worker timeout: far shorter than the four-second stream.
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"),
            *("--bind", f"127.0.0.1:{PORT}", "--workers", "1", "--timeout", "1"),
            "tests.deploy.slow_stream_app:app",
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not (_workers(process) and _listening()) and time.monotonic() < deadline:
        time.sleep(0.1)
    yield process
    process.terminate()
    process.wait(timeout=30)


def _listening() -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", PORT)) == 0


def _workers(process: subprocess.Popen) -> set[int]:
    return {child.pid for child in psutil.Process(process.pid).children()}


def _fetch(result: list[bytes]) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=10) as response:
                result.append(response.read())
                return
        except urllib.error.URLError as error:
            if not isinstance(error.reason, ConnectionRefusedError):
                raise
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_a_stream_longer_than_the_worker_timeout_arrives_whole(gunicorn):
    body: list[bytes] = []
    _fetch(body)
    assert body[0].decode().splitlines() == [f"chunk {n}" for n in range(8)]


def test_hup_replaces_workers_without_cutting_a_running_stream(gunicorn):
    before = _workers(gunicorn)
    body: list[bytes] = []
    streaming = threading.Thread(target=_fetch, args=(body,))
    streaming.start()
    time.sleep(1)
    gunicorn.send_signal(signal.SIGHUP)
    streaming.join(timeout=30)

    assert body[0].decode().splitlines()[-1] == "chunk 7"
    deadline = time.monotonic() + 30
    while (not _workers(gunicorn) or _workers(gunicorn) & before) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _workers(gunicorn) and not _workers(gunicorn) & before
    assert gunicorn.poll() is None
