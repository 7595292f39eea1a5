"""`onewindow backup` and `onewindow restore`, run as an operator runs them, on the database the suite
runs on: a throwaway database on the same PostgreSQL server, or a fresh SQLite file.

The commands run as subprocesses against committed data, outside pytest-django's transaction. The round
trip proves nothing is lost: every row of every table (`dumpdata --all`) and every media file, byte for
byte, come back, and the audit chain verifies.
"""

import hashlib
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import tarfile
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings

from onewindow.ops import archive
from onewindow.ops.errors import OpsError

ONEWINDOW = Path(sys.executable).with_name("onewindow")
ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
pytestmark = pytest.mark.skipif(
    ON_POSTGRESQL and not shutil.which("pg_dump"),
    reason="pg_dump and pg_restore are not installed (apt-get install postgresql-client)",
)
DEMO = """
from onewindow.demo import county as demo
from onewindow.demo.catalog import load_demo_catalog
from onewindow.demo.cases import load_demo_cases
demo.load_demo(); load_demo_catalog(); load_demo_cases(count=60)
"""
# Every row of every table, as `onewindow dumpdata --all`; first the audit chain is verified (without
# sealing: nothing is written), as `onewindow audit verify --no-seal` does.
ROWS = """
from django.core.management import call_command
from onewindow.audit import services as audit
verification = audit.verify()
assert verification.ok, verification
call_command("dumpdata", all=True, format="json", output={target!r}, verbosity=0)
"""
# Lose data the way an accident would: rows changed and deleted across the case tables (and say so).
DAMAGE = """
from onewindow.accounts.models import User
from onewindow.cases.models import Case, CaseEvent, CaseMaterial
first_cases = list(Case.objects.order_by("pk").values_list("pk", flat=True)[:5])
assert Case.objects.filter(pk__in=first_cases).update(applicant_name="篡改") == 5
last_events = list(CaseEvent.objects.order_by("-pk").values_list("pk", flat=True)[:20])
assert CaseEvent.objects.filter(pk__in=last_events).delete()[0] >= 20
assert CaseMaterial.objects.exclude(file="").order_by("pk").first().delete()[0] >= 1
assert User.objects.filter(username="clerk").update(first_name="改名") == 1
"""


class Installation:
    """One onewindow installation: its var dir and database, driven through the console script."""

    def __init__(self, var: Path, database_url: str | None):
        self.var = var
        self.media = var / "media"
        self.env = {
            k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
        }
        self.env["ONEWINDOW_VAR_DIR"] = str(var)
        if database_url:
            self.env["DATABASE_URL"] = database_url

    def run(self, *args, check=True, env=None) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [str(ONEWINDOW), *args], env=env or self.env, capture_output=True, text=True, timeout=300
        )
        if check and result.returncode != 0:
            raise AssertionError(f"onewindow {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def rows(self, before: str = "") -> list[dict]:
        """Every row of every table, ordered by model and key (after running `before`, in one process);
        and the audit chain must verify."""
        target = self.var / "rows.json"
        self.run("shell", "-c", before + ROWS.format(target=str(target)))
        return json.loads(target.read_text())

    def media_files(self) -> dict[str, str]:
        return {
            p.relative_to(self.media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in self.media.rglob("*")
            if p.is_file()
        }


def _maintenance(statement: str) -> None:
    import psycopg

    url = dj_database_url.parse(os.environ["DATABASE_URL"])
    params = {"host": url["HOST"] or None, "port": url["PORT"] or None, "user": url["USER"] or None}
    with psycopg.connect(
        dbname="postgres", password=url["PASSWORD"] or None, autocommit=True, **params
    ) as db:
        db.execute(statement)


@contextmanager
def throwaway_database(suffix: str):
    """A new, empty PostgreSQL database beside the suite's own, dropped afterwards; None on SQLite."""
    if not ON_POSTGRESQL:
        yield None
        return
    name = f"{settings.DATABASES['default']['NAME'].removeprefix('test_')}_{suffix}"
    _maintenance(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _maintenance(f'CREATE DATABASE "{name}"')
    try:
        yield os.environ["DATABASE_URL"].split("?")[0].rsplit("/", 1)[0] + f"/{name}"
    finally:
        _maintenance(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def demo_installation(tmp_path_factory):
    """The demo county, catalog and 60 cases with their uploaded materials, and a backup of it all."""
    with throwaway_database("backup_rt") as database_url:
        yield _loaded_and_backed_up(
            Installation(tmp_path_factory.mktemp("var"), database_url), tmp_path_factory
        )


def _loaded_and_backed_up(site: Installation, tmp_path_factory) -> Installation:
    site.run("migrate", "--noinput")
    site.before_rows, site.before_media = site.rows(before=DEMO), site.media_files()
    assert site.before_media, "the demo cases upload materials"
    out = tmp_path_factory.mktemp("backups")
    done = site.run("backup", "--output", str(out))
    (site.archive,) = out.iterdir()
    site.backup_output = done.stdout
    site.before_counts = read_manifest(site.archive)["row_counts"]
    return site


def read_manifest(path: Path) -> dict:
    with tarfile.open(path) as tar:
        return json.load(tar.extractfile(archive.MANIFEST))


def rewrite(source: Path, target: Path, change) -> Path:
    """A copy of an archive with `change(name, data) -> data` applied to each member."""
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for info in old.getmembers():
            data = change(info.name, old.extractfile(info).read())
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return target


def test_backup_writes_one_private_archive_with_a_full_manifest(demo_installation):
    site = demo_installation
    assert site.archive.name.startswith("onewindow-") and site.archive.name.endswith(".tar.gz")
    assert stat.S_IMODE(site.archive.stat().st_mode) == 0o600
    assert not [p for p in site.archive.parent.iterdir() if p != site.archive], "no partial file left"
    assert "备份完成" in site.backup_output
    assert f"SHA-256 {hashlib.sha256(site.archive.read_bytes()).hexdigest()}" in site.backup_output
    manifest = read_manifest(site.archive)
    assert manifest["database"]["vendor"] == ("postgresql" if ON_POSTGRESQL else "sqlite")
    assert manifest["created_at"].endswith("+08:00")  # Asia/Shanghai
    assert manifest["migrations"]["cases"] and manifest["onewindow_version"]
    assert manifest["row_counts"]["cases_case"] >= 55
    listed = {f["path"]: f for f in manifest["files"]}
    assert {f"media/{name}" for name in site.before_media} <= set(listed)
    for name, digest in site.before_media.items():
        assert listed[f"media/{name}"]["sha256"] == digest
    assert manifest["database"]["file"] in listed
    assert manifest["audit_head"]["hash"] in site.backup_output, "the operator can log the chain's head"


def test_round_trip_after_data_and_files_are_lost_restores_every_row_and_file(demo_installation):
    site = demo_installation
    refused = site.run("restore", str(site.archive), check=False)
    assert refused.returncode != 0
    assert "--force" in refused.stderr, "a database that holds data is not overwritten unasked"

    site.run("shell", "-c", DAMAGE)
    victims = sorted(site.before_media)[:3]
    for name in victims[:2]:
        (site.media / name).unlink()
    (site.media / victims[2]).write_bytes(b"overwritten")
    (site.media / "cases" / "stray.pdf").write_bytes(b"%PDF- not in the backup")

    restored = site.run("restore", str(site.archive), "--force")
    assert "恢复完成" in restored.stdout
    assert read_manifest(site.archive)["audit_head"]["hash"] in restored.stdout
    assert site.rows() == site.before_rows
    assert site.media_files() == site.before_media
    (aside,) = site.var.glob("media.before-restore-*")
    assert (aside / "cases" / "stray.pdf").exists(), "the replaced files are kept aside, not deleted"


@pytest.fixture
def fresh_installation(tmp_path):
    """A second installation, migrated and empty, with its own database and secret key."""
    with throwaway_database("backup_fresh") as database_url:
        yield Installation(tmp_path / "var", database_url)


def test_restore_into_a_freshly_migrated_installation_needs_no_force(demo_installation, fresh_installation):
    fresh = fresh_installation
    fresh.run("migrate", "--noinput")
    restored = fresh.run("restore", str(demo_installation.archive))
    assert "恢复完成" in restored.stdout
    assert "SECRET_KEY" in restored.stderr, "a different key is named: ID-number search depends on it"
    assert fresh.rows() == demo_installation.before_rows
    assert fresh.media_files() == demo_installation.before_media


def test_an_altered_archive_is_refused_before_anything_is_touched(demo_installation, tmp_path):
    site = demo_installation
    files = site.media_files()
    victim = f"media/{sorted(site.before_media)[0]}"
    altered = rewrite(site.archive, tmp_path / "altered.tar.gz", lambda n, d: d + b"x" if n == victim else d)
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(site.archive.read_bytes()[: site.archive.stat().st_size // 2])
    asides = set(site.var.glob("media.before-restore-*"))

    for bad, reason in [(altered, "SHA-256"), (truncated, "不完整或已损坏")]:
        result = site.run("restore", str(bad), "--force", check=False)
        assert result.returncode != 0
        assert reason in result.stderr
    assert site.media_files() == files
    assert site.rows() == site.before_rows, "as backed up, or as restored by the round trip"
    assert set(site.var.glob("media.before-restore-*")) == asides
    assert not list(site.var.glob(".onewindow-restore-*")), "the staging directory is removed"


def test_a_backup_of_the_other_database_vendor_is_refused(demo_installation, tmp_path):
    site = demo_installation
    other = "sqlite" if ON_POSTGRESQL else "postgresql"

    def claim_other_vendor(name, data):
        if name != archive.MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["database"]["vendor"] = other
        return json.dumps(manifest).encode()

    foreign = rewrite(site.archive, tmp_path / "foreign.tar.gz", claim_other_vendor)
    result = site.run("restore", str(foreign), "--force", check=False)
    assert result.returncode != 0
    assert "不能恢复到" in result.stderr
    assert ("SQLite" in result.stderr) and ("PostgreSQL" in result.stderr)


@pytest.mark.skipif(not ON_POSTGRESQL, reason="pg_dump is needed on PostgreSQL only")
def test_a_missing_or_older_pg_dump_stops_the_backup_with_a_clear_message(demo_installation, tmp_path):
    site = demo_installation
    tools = tmp_path / "bin"
    tools.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    missing = site.run("backup", "--output", str(out), check=False, env={**site.env, "PATH": str(tools)})
    assert missing.returncode != 0
    assert "找不到 pg_dump" in missing.stderr
    old = tools / "pg_dump"
    old.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    old.chmod(0o755)
    older = site.run("backup", "--output", str(out), check=False, env={**site.env, "PATH": str(tools)})
    assert older.returncode != 0
    assert "9.6" in older.stderr and "低于" in older.stderr
    assert not list(out.iterdir()), "a failed backup leaves no file"


def test_an_interrupted_write_leaves_no_archive(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("a")

    def members():
        yield "media/a.txt", source
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        archive.write(tmp_path / "out.tar.gz", {"application": "onewindow"}, members(), print)
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


@pytest.mark.parametrize("name", ["../escape.txt", "/etc/passwd", "other/file.txt"])
def test_an_archive_naming_paths_outside_its_layout_is_refused(tmp_path, name):
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(bad, "w:gz") as tar:
        info = tarfile.TarInfo(name)
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(OpsError):
        archive.read(bad, staging, print)
    assert not list(staging.rglob("*"))


@pytest.mark.django_db(transaction=True)
def test_with_files_in_a_bucket_the_manifest_says_the_bucket_is_backed_up_elsewhere(settings, tmp_path):
    """The bucket is not copied into the archive, and the operator is told so rather than left to guess."""
    from onewindow.ops import services

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage", "OPTIONS": {}},
    }
    said = []
    result = services.backup(tmp_path, progress=said.append)

    media = read_manifest(result.path)["media"]
    assert media["storage"] == "s3" and "versioning" in media["note"]
    assert [f["path"] for f in result.manifest["files"]] == [result.manifest["database"]["file"]]
    assert any("S3" in message and "不在本备份内" in message for message in said)


# Audit events written one transaction at a time, as requests would, until the file `stop` appears.
WRITER = """
import sys, time
from pathlib import Path
from onewindow.audit import services as audit
stop, n = Path(sys.argv[-1]), 0
while not stop.exists() and n < 5000:
    n += 1
    audit.record(actor=None, action="test.tick", object_type="test", object_id=n)
    if n == 20:
        print("writing", flush=True)
"""


def test_a_backup_taken_while_requests_write_restores_to_exactly_its_manifest(demo_installation, tmp_path):
    """The dump and the manifest's row counts come from one snapshot, however busy the system is.

    (Runs last: it leaves extra audit events in the demo installation.)"""
    site, stop = demo_installation, tmp_path / "stop"
    script = WRITER.replace("sys.argv[-1]", repr(str(stop)))
    writer = subprocess.Popen(
        [str(ONEWINDOW), "shell", "-c", script], env=site.env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert any(line.strip() == "writing" for line in iter(writer.stdout.readline, "")), "writer started"
        site.run("backup", "--output", str(tmp_path))
    finally:
        stop.touch()
        writer.wait(timeout=60)
    (taken,) = tmp_path.glob("onewindow-*.tar.gz")
    manifest = read_manifest(taken)
    assert manifest["row_counts"]["audit_auditevent"] > demo_installation.before_counts["audit_auditevent"]

    restored = site.run("restore", str(taken), "--force")
    assert "恢复完成" in restored.stdout  # row counts equal to the manifest, audit chain intact


def test_an_archive_whose_manifest_names_no_database_file_is_refused(tmp_path):
    """A restore never loads a database that is not in the archive (an empty one would wipe the data)."""
    upload = tmp_path / "a.pdf"
    upload.write_bytes(b"%PDF-")
    manifest = {
        "application": "onewindow",
        "format": archive.FORMAT,
        "created_at": "2026-11-25T02:30:00+08:00",
        "database": {"vendor": "sqlite", "file": "database/onewindow.sqlite3"},
        "media": {"storage": "filesystem"},
        "migrations": {},
        "row_counts": {},
    }
    archive.write(tmp_path / "x.tar.gz", manifest, [("media/a.pdf", upload)], print)
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(OpsError, match="缺少数据库"):
        archive.read(tmp_path / "x.tar.gz", staging, print)
