"""Settings come from the environment through strict parsers; production settings are safe."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# A URL is enough: these commands never connect to the database.
UNUSED_DATABASE = "postgres://factcheck@127.0.0.1:5432/factcheck"
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-secret-of-fifty-or-more-characters-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "factcheck.example.org",
    "DATABASE_URL": UNUSED_DATABASE,
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Only the variables a deployment would have; nothing the test session set for itself.
    inherited = {"PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV"}
    base = {k: v for k, v in os.environ.items() if k in inherited}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**base, **env},
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_required_when_debug_is_off():
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_a_malformed_boolean_is_refused_with_its_name():
    result = manage("check", **{**PRODUCTION, "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_a_malformed_number_is_refused_with_its_name():
    result = manage("check", **{**PRODUCTION, "IMPORT_MAX_BYTES": "2MB"})
    assert result.returncode != 0
    assert "IMPORT_MAX_BYTES must be a whole number" in result.stderr


def test_a_database_other_than_postgresql_is_refused():
    result = manage("check", **{**PRODUCTION, "DATABASE_URL": "sqlite:///db.sqlite3"})
    assert result.returncode != 0
    assert "DATABASE_URL must point to PostgreSQL" in result.stderr


def test_settings_start_no_database_server_and_ask_for_a_database_url(tmp_path):
    inherited = {"PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV"}
    env = {k: v for k, v in os.environ.items() if k in inherited}
    env.update(DEBUG="1", EMBEDDED_DATABASE_DIR=str(tmp_path / "pgdata"))
    result = subprocess.run(
        [sys.executable, "-c", "import factcheck.settings"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr
    assert not (tmp_path / "pgdata").exists()
