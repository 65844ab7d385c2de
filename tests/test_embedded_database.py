"""The embedded PostgreSQL server: starts in its data folder, keeps data, stops with its user."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def run_python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.slow
def test_embedded_database_starts_persists_data_and_stops_when_its_process_exits(tmp_path):
    pgdata = tmp_path / "pgdata"
    run_python(f"""
        from pathlib import Path
        from factcheck import embedded_database
        server = embedded_database.start(Path({str(pgdata)!r}))
        embedded_database.ensure_database(server, "factcheck")
        with server.connect("factcheck") as connection:
            connection.execute("CREATE TABLE kept (value text)")
            connection.execute("INSERT INTO kept VALUES ('still here')")
    """)
    assert (pgdata / "PG_VERSION").exists()
    assert not (pgdata / "postmaster.pid").exists(), "the server must stop when its process exits"

    out = run_python(f"""
        from pathlib import Path
        from factcheck import embedded_database
        server = embedded_database.start(Path({str(pgdata)!r}))
        embedded_database.ensure_database(server, "factcheck")
        with server.connect("factcheck") as connection:
            print(connection.execute("SELECT value FROM kept").fetchone()[0])
    """)
    assert out.strip() == "still here"
    assert not (pgdata / "postmaster.pid").exists()


@pytest.mark.slow
def test_embedded_database_is_stopped_when_its_process_is_terminated(tmp_path):
    pgdata = tmp_path / "pgdata"
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, time
            from pathlib import Path
            from factcheck import embedded_database
            embedded_database.start(Path({str(pgdata)!r}))
            print("ready", flush=True)
            time.sleep(120)
        """),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "ready"
    assert (pgdata / "postmaster.pid").exists()
    process.terminate()
    process.wait(timeout=60)
    assert not (pgdata / "postmaster.pid").exists()


@pytest.mark.slow
def test_embedded_database_is_not_held_open_by_a_process_that_died(tmp_path):
    pgdata = tmp_path / "pgdata"
    start = f"""
        from pathlib import Path
        from factcheck import embedded_database
        embedded_database.start(Path({str(pgdata)!r}))
    """
    run_python(start)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    (pgdata / ".handle_pids.json").write_text(f"[{dead}]")  # killed before it could let go
    run_python(start)
    assert not (pgdata / "postmaster.pid").exists()
