"""The `onewindow` console script, run as a newcomer would, on a fresh SQLite database."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ONEWINDOW = Path(sys.executable).with_name("onewindow")


@pytest.fixture(scope="module")
def fresh_install(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["ONEWINDOW_VAR_DIR"] = str(var)

    def run(*args, check=True):
        result = subprocess.run([str(ONEWINDOW), *args], env=env, capture_output=True, text=True, timeout=300)
        if check and result.returncode != 0:
            raise AssertionError(f"onewindow {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    run("migrate", "--noinput")
    run("demo", "--if-empty")
    return run, var / "onewindow.sqlite3"


def test_database_is_sqlite_in_wal_mode(fresh_install):
    _run, db_file = fresh_install
    with sqlite3.connect(db_file) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_token_create_prints_a_token(fresh_install):
    run, _db = fresh_install
    assert run("token", "create", "clerk").stdout.strip().startswith("ow_")
    assert run("token", "create", "nobody", check=False).returncode != 0


def test_audit_verify_names_a_tampered_event_and_exits_non_zero(fresh_install):
    run, db_file = fresh_install
    ok = run("audit", "verify")
    assert ok.stdout.startswith("OK")
    with sqlite3.connect(db_file) as db:
        victim = db.execute("SELECT id FROM audit_auditevent ORDER BY id LIMIT 1 OFFSET 2").fetchone()[0]
        db.execute("UPDATE audit_auditevent SET after = '{\"forged\": true}' WHERE id = ?", [victim])
    broken = run("audit", "verify", check=False)
    assert broken.returncode != 0
    assert f"audit event {victim}" in broken.stderr
