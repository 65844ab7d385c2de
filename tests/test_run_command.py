"""The run command (bin/run) under real signals: it stops everything it started, and recovers."""

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pgdata(tmp_path_factory) -> Path:
    # One data folder for the module: the first start creates and migrates it, later ones reuse it.
    return tmp_path_factory.mktemp("run-command") / "pgdata"


class RunCommand:
    def __init__(self, pgdata: Path, port: int) -> None:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(EMBEDDED_DATABASE_DIR=str(pgdata), PORT=str(port), WEB_CONCURRENCY="2")
        self.port = port
        self.pgdata = pgdata
        self.process = subprocess.Popen(
            [str(REPO / "bin" / "run")],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def wait_until_serving(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the run command exited before serving"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise AssertionError("the app never answered")

    def started_processes(self) -> list[psutil.Process]:
        """The supervisor, everything below it, and the embedded PostgreSQL server."""
        root = psutil.Process(self.process.pid)
        processes = [root, *root.children(recursive=True)]
        postmaster = self.pgdata / "postmaster.pid"
        processes.append(psutil.Process(int(postmaster.read_text().split()[0])))
        return processes


def still_running(processes: list[psutil.Process], timeout: float = 30) -> list[psutil.Process]:
    _, alive = psutil.wait_procs(processes, timeout=timeout)
    return [p for p in alive if p.status() != psutil.STATUS_ZOMBIE]


def port_is_free(port: int) -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
    except OSError:
        return True
    return False


@pytest.mark.parametrize(
    ("signum", "port"),
    [(signal.SIGINT, 8141), (signal.SIGTERM, 8142), (signal.SIGHUP, 8143)],
    ids=["SIGINT", "SIGTERM", "SIGHUP"],
)
def test_run_command_stops_app_workers_and_database_on_signal(pgdata, signum, port):
    run = RunCommand(pgdata, port)
    run.wait_until_serving()
    started = run.started_processes()
    assert len(started) >= 4  # supervisor, gunicorn master and workers, PostgreSQL

    run.process.send_signal(signum)

    assert run.process.wait(timeout=60) == 0
    assert still_running(started) == []
    assert not (pgdata / "postmaster.pid").exists()
    assert (pgdata / ".handle_pids.json").read_text() == "[]"
    assert port_is_free(port)


def test_run_command_starts_cleanly_after_kill_9_and_a_torn_holder_file(pgdata):
    crashed = RunCommand(pgdata, 8144)
    crashed.wait_until_serving()
    *app, left_over_server = crashed.started_processes()

    crashed.process.kill()
    crashed.process.wait(timeout=10)
    # The app dies with its supervisor; the database server is a daemon and stays behind.
    assert still_running(app, timeout=30) == []
    assert left_over_server.is_running()
    (pgdata / ".handle_pids.json").write_text("")  # as a kill halfway through writing leaves it

    run = RunCommand(pgdata, 8145)
    run.wait_until_serving()
    started = run.started_processes()
    assert left_over_server in started, "the server still running from before is reused"
    run.process.terminate()

    assert run.process.wait(timeout=60) == 0
    assert still_running(started) == []
    assert not (pgdata / "postmaster.pid").exists()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("WORKER_PROCESSES", "zwei", "WORKER_PROCESSES must be a whole number; got 'zwei'"),
        ("WORKER_PROCESSES", "0", "WORKER_PROCESSES must be at least 1"),
        ("PORT", "80a", "PORT must be a whole number"),
    ],
)
def test_run_command_refuses_a_malformed_setting_before_starting_anything(
    monkeypatch, capsys, name, value, message
):
    from factcheck import supervisor

    monkeypatch.setenv(name, value)
    monkeypatch.setattr(supervisor.embedded_database, "use_unless_configured", pytest.fail)
    assert supervisor.main() == 2
    assert message in capsys.readouterr().err
