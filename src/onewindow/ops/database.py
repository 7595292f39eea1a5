"""The database half of a backup: one consistent dump, its row counts, and putting it back.

SQLite: the online backup API copies one consistent snapshot in a single step while the server keeps
writing (a file copy of a WAL database can miss committed pages that still sit in the -wal file).
PostgreSQL: `pg_dump --format=custom` reads a snapshot exported from our own REPEATABLE READ transaction,
so the row counts and migration state in the manifest describe exactly the data in the dump.
"""

import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import connection, transaction
from django.db.backends.postgresql.client import DatabaseClient
from django.utils.translation import gettext as _

from .errors import OpsError

# Tables `onewindow migrate` fills by itself (and transient sessions): rows there do not make a database
# "hold data" that a restore would overwrite.
SEEDED_TABLES = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "django_session",
    "workcalendar_calendarday",
    "workcalendar_calendaryear",
    "catalog_searchsynonym",  # the starter list of everyday search words (catalog migration 0006)
    "supervision_monitoringrule",  # the default monitoring rules (supervision migration 0002)
    "supervision_urgingrung",  # the default urging ladder (supervision migration 0004)
}


@dataclass(frozen=True)
class Snapshot:
    """What a dump holds: rows per table, applied migrations per app, the tools that made it."""

    row_counts: dict[str, int]
    migrations: dict[str, list[str]]
    server_version: str
    tables: list[str]
    dump_tool: str = ""
    audit_head: dict | None = None  # the last sealed audit event: {"seq", "hash"}


def model_tables() -> set[str]:
    """Every table Django manages for the installed apps, many-to-many tables included."""
    return {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def _count_rows(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (table names from the models)
        counts[table] = cursor.fetchone()[0]
    return counts


def _migrations(cursor, tables) -> dict[str, list[str]]:
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    state: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        state.setdefault(app, []).append(name)
    return state


def _audit_head(cursor, tables) -> dict | None:
    if "audit_auditseal" not in tables:
        return None
    cursor.execute('SELECT seq, hash FROM "audit_auditseal" ORDER BY seq DESC LIMIT 1')
    row = cursor.fetchone()
    return {"seq": row[0], "hash": row[1]} if row else None


def current_snapshot() -> Snapshot:
    """Row counts and migrations of the database the settings name, as it is now."""
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        return Snapshot(
            row_counts=_count_rows(cursor, model_tables() & existing),
            migrations=_migrations(cursor, existing),
            server_version=_server_version(),
            tables=sorted(existing),
        )


def occupied_tables() -> list[str]:
    """The tables with rows that a restore would overwrite (none in a freshly migrated database).

    EXISTS, not COUNT: on a province's database this is asked of tables with tens of millions of rows."""
    existing = set(connection.introspection.table_names())
    occupied = []
    with connection.cursor() as cursor:
        for table in sorted((model_tables() & existing) - SEEDED_TABLES):
            cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")')  # noqa: S608 (model table names)
            if cursor.fetchone()[0]:
                occupied.append(table)
    return occupied


def extra_tables(backup_tables) -> list[str]:
    """Tables in the target database that the backup does not have (a restore would leave them)."""
    return sorted(set(connection.introspection.table_names()) - set(backup_tables))


def _server_version() -> str:
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        version = connection.pg_version  # e.g. 150020
        return f"{version // 10000}.{version % 10000}"
    return sqlite3.sqlite_version


def dump(target: Path) -> Snapshot:
    """Write the database to `target` (a new file) and return what it holds."""
    if connection.vendor == "sqlite":
        return _dump_sqlite(target)
    if connection.vendor == "postgresql":
        return _dump_postgresql(target)
    raise OpsError(_("不支持的数据库类型：%(vendor)s") % {"vendor": connection.vendor})


def load(source: Path, manifest: dict) -> None:
    """Replace the database's content with the dump at `source` (made by `dump` on the same vendor)."""
    connection.close()
    if connection.vendor == "sqlite":
        _load_sqlite(source)
    else:
        _load_postgresql(source, manifest)
    connection.close()


# SQLite ---------------------------------------------------------------------------------------------


def _sqlite_path() -> str:
    return str(connection.settings_dict["NAME"])


def _check_integrity(db: sqlite3.Connection, what: str) -> None:
    result = db.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise OpsError(_("%(what)s未通过 SQLite 完整性检查：%(result)s") % {"what": what, "result": result})


def _dump_sqlite(target: Path) -> Snapshot:
    source = sqlite3.connect(_sqlite_path(), timeout=20)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # all pages in one step: one read transaction, one consistent snapshot
        copy.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file, no -wal beside it
        _check_integrity(copy, _("导出的数据库"))
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        cursor = copy.cursor()
        return Snapshot(
            row_counts=_count_rows(cursor, model_tables() & tables),
            migrations=_migrations(cursor, tables),
            server_version=sqlite3.sqlite_version,
            tables=sorted(tables),
            dump_tool=f"sqlite3 backup API {sqlite3.sqlite_version}",
            audit_head=_audit_head(cursor, tables),
        )
    finally:
        copy.close()
        source.close()


def _load_sqlite(source: Path) -> None:
    """Copy the dump into the live file with the backup API: one write transaction under SQLite's own
    locks, so a reader sees the old database or the new one, and the -wal file stays consistent."""
    staged = sqlite3.connect(source)
    try:
        _check_integrity(staged, _("备份中的数据库"))
        live = sqlite3.connect(_sqlite_path(), timeout=20)
        try:
            live.execute("PRAGMA journal_mode=WAL")
            staged.backup(live)
            live.execute("PRAGMA journal_mode=WAL")
            _check_integrity(live, _("恢复后的数据库"))
        finally:
            live.close()
    finally:
        staged.close()


# PostgreSQL -----------------------------------------------------------------------------------------


def _pg_env() -> dict[str, str]:
    """libpq's environment for the database the settings name: the password never on a command line."""
    params = connection.settings_dict
    _args, env = DatabaseClient.settings_to_cmd_args_env(params, [])
    env = {**os.environ, **(env or {})}
    for key, name in {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "NAME": "PGDATABASE"}.items():
        if params.get(key):
            env[name] = str(params[key])
    return env


def _major(version: str) -> int:
    return int(version.split(".")[0])


def tool(name: str, at_least: int) -> tuple[str, str]:
    """The path and version of a PostgreSQL client tool whose major version is at least `at_least`."""
    path = shutil.which(name)
    if path is None:
        raise OpsError(
            _(
                "找不到 %(tool)s：请安装 PostgreSQL %(major)s 或更新版本的客户端工具"
                "（Debian/Ubuntu：apt-get install postgresql-client），并确保它在 PATH 中。"
            )
            % {"tool": name, "major": at_least}
        )
    output = subprocess.run(  # noqa: S603 (a tool found on PATH, no shell)
        [path, "--version"], capture_output=True, text=True, check=False
    ).stdout
    found = re.search(r"(\d+)(?:\.(\d+))?", output)
    version = found.group(0) if found else "?"
    if not found or _major(version) < at_least:
        raise OpsError(
            _(
                "%(tool)s 的版本 %(version)s 低于所需的 PostgreSQL %(major)s：旧版本的工具无法可靠地处理"
                "新版本服务器的数据。请安装 %(major)s 或更新版本的客户端（postgresql-client-%(major)s）。"
            )
            % {"tool": name, "version": version, "major": at_least}
        )
    return path, version


def _run(args: list[str], what: str) -> None:
    result = subprocess.run(  # noqa: S603 (a tool found on PATH, no shell, no password in args)
        args, env=_pg_env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise OpsError(_("%(what)s失败：%(detail)s") % {"what": what, "detail": detail})


def _dump_postgresql(target: Path) -> Snapshot:
    server = _server_version()
    pg_dump, version = tool("pg_dump", _major(server))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        _run(
            [pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot_id}", f"--file={target}"],
            "pg_dump",
        )
        existing = set(connection.introspection.table_names(cursor))
        return Snapshot(
            row_counts=_count_rows(cursor, model_tables() & existing),
            migrations=_migrations(cursor, existing),
            server_version=server,
            tables=sorted(existing),
            dump_tool=f"pg_dump {version}",
            audit_head=_audit_head(cursor, existing),
        )


def _load_postgresql(source: Path, manifest: dict) -> None:
    made_by = manifest["database"].get("dump_tool", "pg_dump 0").split()[-1]
    pg_restore, _version = tool("pg_restore", max(_major(made_by), _major(_server_version())))
    connection.close()
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        "pg_restore",
    )
