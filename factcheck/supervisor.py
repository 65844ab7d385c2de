"""The run command's supervisor: database, migrations, then the app and its workers, stopped as one.

``bin/run`` executes ``python -m factcheck.supervisor``. It holds the embedded PostgreSQL (when no
DATABASE_URL is set) for as long as it runs, prepares the database, then starts every long-running
process listed in :func:`services` and watches them. SIGINT, SIGTERM or SIGHUP, or any of them
exiting, stops all of them and then the embedded server, so nothing is left running.

Each child runs in its own process group, so one signal reaches the whole group (gunicorn's
workers, a worker's own children); on Linux each child also asks the kernel to send it SIGTERM if
the supervisor dies without getting to stop it (``kill -9``).
"""

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from django.core.exceptions import ImproperlyConfigured

from factcheck import embedded_database
from factcheck.environment import env_int

BASE_DIR = Path(__file__).resolve().parent.parent
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# How long children get to finish their requests and jobs before they are killed.
GRACE_SECONDS = 10.0
POLL_SECONDS = 0.1


@dataclass(frozen=True)
class Service:
    name: str
    command: Sequence[str]


def services(port: int) -> list[Service]:
    """The long-running processes of the app; a background worker is one more line here."""
    python = sys.executable
    web = Service(
        "web",
        [
            *(python, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"),
            *("--bind", f"127.0.0.1:{port}"),
        ],
    )
    # Hands out again the units of work whose worker died (any backend).
    recovery = Service("job-recovery", [python, "manage.py", "recover_jobs", "--every", "10"])
    if os.environ.get("TASKS_BACKEND", "database") != "database":
        # Another backend brings its own worker command (README, "Background work").
        return [web, recovery]
    worker = [python, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"]
    count = env_int("WORKER_PROCESSES", 1, minimum=1)
    return [web, *(Service(f"worker-{n + 1}", worker) for n in range(count)), recovery]


def preparation() -> list[Sequence[str]]:
    """One-off steps before the services start, in order."""
    manage = (sys.executable, "manage.py")
    return [(*manage, "migrate", "--no-input"), (*manage, "setup_demo")]


class Stopped(Exception):
    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class Supervisor:
    def __init__(self) -> None:
        self.children: dict[str, subprocess.Popen] = {}
        self.requested: int | None = None

    def on_signal(self, signum: int, frame: FrameType | None) -> None:
        # Only record it: the main loop reacts between polls, never halfway through a spawn.
        if self.requested is None:
            self.requested = signum

    def spawn(self, name: str, command: Sequence[str]) -> subprocess.Popen:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, start_new_session=True, preexec_fn=_die_with_parent(os.getpid())
        )
        self.children[name] = process
        return process

    def wait_for(self, name: str) -> int:
        """Wait for a one-off step; a stop signal meanwhile stops it and raises Stopped."""
        process = self.children[name]
        while process.poll() is None:
            self.check_requested()
            time.sleep(POLL_SECONDS)
        del self.children[name]
        return process.returncode

    def check_requested(self) -> None:
        if self.requested is not None:
            raise Stopped(self.requested)

    def watch(self) -> str:
        """Block until a stop signal arrives (raises Stopped) or a service exits (its name)."""
        while True:
            self.check_requested()
            for name, process in self.children.items():
                if process.poll() is not None:
                    return name
            time.sleep(POLL_SECONDS)

    def stop_all(self) -> None:
        """SIGTERM to every child's process group, SIGKILL to what is left after the grace time."""
        groups = [process.pid for process in self.children.values()]
        for group in groups:
            _signal_group(group, signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS
        while time.monotonic() < deadline and any(_group_alive(g) for g in groups):
            for process in self.children.values():
                process.poll()  # reaps the leader, so an exited group stops counting as alive
            time.sleep(POLL_SECONDS)
        for group in groups:
            _signal_group(group, signal.SIGKILL)
        for process in self.children.values():
            process.wait()
        self.children.clear()


def main() -> int:
    try:
        # Checked before anything starts: a typo in the environment is a message, not a trace.
        port = env_int("PORT", 8000, minimum=1)
        services(port)
    except ImproperlyConfigured as error:
        print(f"run: {error}", file=sys.stderr)
        return 2
    supervisor = Supervisor()
    for signum in STOP_SIGNALS:
        signal.signal(signum, supervisor.on_signal)
    pgdata = embedded_database.data_dir()
    embedded = False
    try:
        embedded = embedded_database.use_unless_configured() is not None
        for step in preparation():
            supervisor.spawn(step[2], step)
            if returncode := supervisor.wait_for(step[2]):
                print(f"run: {' '.join(step[1:])} failed (exit {returncode})", file=sys.stderr)
                return returncode
        for service in services(port):
            supervisor.spawn(service.name, service.command)
        print(f"Serving http://127.0.0.1:{port}/ (Ctrl-C stops everything)", flush=True)
        exited = supervisor.watch()
        print(f"run: {exited} exited; stopping the others", file=sys.stderr)
        return 1
    except Stopped as stop:
        print(f"run: {stop} received; stopping", file=sys.stderr, flush=True)
        return 0
    finally:
        # Further signals are only recorded while the children and the server are stopped.
        supervisor.requested = supervisor.requested or signal.SIGTERM
        supervisor.stop_all()
        if embedded:
            embedded_database.stop(pgdata)


def _signal_group(group: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signum)


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _die_with_parent(parent: int):
    """preexec_fn for children: SIGTERM when the supervisor dies, even by SIGKILL (Linux only)."""

    def arrange() -> None:
        if sys.platform.startswith("linux"):
            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
        # The supervisor may have died before prctl took effect.
        if os.getppid() != parent:
            os._exit(1)

    return arrange


if __name__ == "__main__":
    sys.exit(main())
