"""Backup and restore of a whole installation: the database and the uploaded files (docs/operations.md).

A backup dumps the database first and reads the media files after, so every file the dumped rows name
is in the archive (files uploaded meanwhile come along unnamed, which is harmless). A restore proves the
archive intact and fitting before it touches anything, swaps the media directory in by renaming, loads
the database in one transaction, and puts the old media back if loading fails.
"""

import hashlib
import shutil
import socket
import tempfile
import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.audit import services as audit

from . import archive, database
from .archive import Progress
from .errors import OpsError

VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    sha256: str  # of the archive file: record it apart from the archive, check it before a restore
    seconds: float
    manifest: dict


@dataclass
class RestoreReport:
    manifest: dict
    seconds: float = 0.0
    count_mismatches: dict[str, tuple[int, int]] = field(default_factory=dict)
    audit_check: audit.Verification | None = None
    audit_head_differs: bool = False  # the restored chain does not end where the backup's did
    old_media: Path | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            not self.count_mismatches
            and self.audit_check is not None
            and self.audit_check.ok
            and not self.audit_head_differs
        )


def _onewindow_version() -> str:
    try:
        return package_version("onewindow")
    except PackageNotFoundError:
        return "unknown"


def key_fingerprint() -> str:
    """Names the SECRET_KEY without revealing it: ID-number search digests depend on the key."""
    return hashlib.sha256(b"onewindow-key-fingerprint:" + settings.SECRET_KEY.encode()).hexdigest()[:16]


def _media_root() -> Path | None:
    """The media directory, or None when uploaded files live in a bucket."""
    return Path(default_storage.location) if isinstance(default_storage, FileSystemStorage) else None


def _media_members(root: Path):
    if not root.is_dir():
        return
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        yield f"media/{path.relative_to(root).as_posix()}", path


def _s3_media() -> dict:
    options = settings.STORAGES["default"].get("OPTIONS", {})
    return {
        "storage": "s3",
        "backend": settings.STORAGES["default"]["BACKEND"],
        "bucket": options.get("bucket_name", ""),
        "prefix": options.get("location", ""),
        "note": "not in this archive: back up the bucket with its own versioning or replication",
    }


def archive_name() -> str:
    return f"onewindow-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"


def _output_path(output: Path | None) -> Path:
    if output is None:
        output = Path(settings.VAR_DIR) / "backups"
        output.mkdir(mode=0o700, parents=True, exist_ok=True)
    if output.is_dir():
        return output / archive_name()
    if not output.name.endswith(".tar.gz"):  # meant as a directory, not a file to be named so
        raise OpsError(_("目标目录不存在：%(path)s（文件名须以 .tar.gz 结尾）") % {"path": output})
    if not output.parent.is_dir():
        raise OpsError(_("目标目录不存在：%(path)s") % {"path": output.parent})
    if output.exists():
        raise OpsError(_("%(path)s 已存在：不覆盖已有的备份。") % {"path": output})
    return output


def backup(output: Path | None, progress: Progress) -> BackupResult:
    """Write one archive of the database and the media files; returns where and how big."""
    started = time.monotonic()
    final = _output_path(output)
    with tempfile.TemporaryDirectory(dir=final.parent, prefix=".onewindow-backup-") as work:
        vendor = connection.vendor
        dump_name = next((name for name, v in archive.DATABASE_FILES.items() if v == vendor), "")
        dump_file = Path(work) / "dump"
        progress(_("正在导出 %(vendor)s 数据库…") % {"vendor": VENDOR_NAMES.get(vendor, vendor)})
        snapshot = database.dump(dump_file)
        progress(
            _("数据库已导出：%(mb).1f MB，%(rows)s 行。")
            % {"mb": dump_file.stat().st_size / 1e6, "rows": sum(snapshot.row_counts.values())}
        )
        members = [(dump_name, dump_file)]
        media_root = _media_root()
        if media_root is None:
            media = _s3_media()
            progress(
                _("上传文件存放在 S3 存储桶 %(bucket)s 中，不在本备份内：请用存储桶的版本控制或复制备份它。")
                % {"bucket": media["bucket"]}
            )
        else:
            media = {"storage": "filesystem", "root": str(media_root)}
            members += list(_media_members(media_root))
            progress(_("正在写入 %(count)s 个上传文件…") % {"count": len(members) - 1})
        manifest = {
            "application": "onewindow",
            "format": archive.FORMAT,
            "onewindow_version": _onewindow_version(),
            "created_at": timezone.localtime().isoformat(),
            "host": socket.gethostname(),
            "database": {
                "vendor": vendor,
                "file": dump_name,
                "server_version": snapshot.server_version,
                "dump_tool": snapshot.dump_tool,
                "tables": snapshot.tables,
            },
            "audit_head": snapshot.audit_head,
            "migrations": snapshot.migrations,
            "row_counts": snapshot.row_counts,
            "media": media,
            "secret_key_fingerprint": key_fingerprint(),
        }
        size, sha256, manifest = archive.write(final, manifest, members, progress)
    return BackupResult(final, size, sha256, time.monotonic() - started, manifest)


def restore(path: Path, *, force: bool, progress: Progress) -> RestoreReport:
    """Prove the archive intact, check it fits this installation, then restore database and media."""
    started = time.monotonic()
    if not path.is_file():
        raise OpsError(_("找不到备份文件：%(path)s") % {"path": path})
    media_root = _media_root()
    stage_parent = media_root.parent if media_root is not None else Path(settings.VAR_DIR)
    stage_parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=stage_parent, prefix=".onewindow-restore-"))
    try:
        progress(_("正在校验备份文件 %(path)s…") % {"path": path})
        manifest = archive.read(path, staging, progress)
        report = RestoreReport(manifest=manifest)
        progress(
            _("备份完好：%(created)s 创建，%(files)s 个文件。")
            % {"created": manifest["created_at"], "files": len(manifest["files"])}
        )
        _check_fits(manifest, media_root, force, report)
        staged_media = staging / "media"
        staged_media.mkdir(exist_ok=True)
        # An archive of a bucket installation holds no files: the local directory is left alone.
        swap_media = media_root is not None and manifest["media"]["storage"] == "filesystem"
        if swap_media:
            report.old_media = _swap_in(staged_media, media_root)
        try:
            progress(_("正在恢复数据库…"))
            database.load(staging / manifest["database"]["file"], manifest)
        except BaseException:
            if swap_media:
                _swap_back(media_root, staged_media, report.old_media)
                report.old_media = None
            raise
        progress(_("正在核对行数并校验审计哈希链…"))
        now = database.current_snapshot().row_counts
        report.count_mismatches = {
            table: (expected, now.get(table, -1))
            for table, expected in manifest["row_counts"].items()
            if now.get(table, -1) != expected
        }
        report.audit_check = audit.verify()
        expected_head = manifest.get("audit_head")
        report.audit_head_differs = bool(expected_head) and report.audit_check.head != expected_head["hash"]
        report.seconds = time.monotonic() - started
        return report
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_fits(manifest: dict, media_root: Path | None, force: bool, report: RestoreReport) -> None:
    """Refuse, before anything is touched, a backup that this installation cannot take."""
    vendor, here = manifest["database"]["vendor"], connection.vendor
    if vendor != here:
        raise OpsError(
            _(
                "这是 %(theirs)s 数据库的备份，不能恢复到 %(ours)s 数据库：请恢复到与备份相同类型的数据库"
                "（检查 DATABASE_URL）。"
            )
            % {"theirs": VENDOR_NAMES.get(vendor, vendor), "ours": VENDOR_NAMES.get(here, here)}
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        raise OpsError(
            _("此备份来自更新版本的 onewindow（本版本不认识迁移 %(names)s）：请先升级程序再恢复。")
            % {"names": ", ".join(unknown[:5])}
        )
    if manifest["media"]["storage"] == "filesystem" and media_root is None:
        raise OpsError(
            _(
                "备份中的上传文件来自本地目录，而本安装把上传文件存放在 S3 存储桶：请先把备份解包，"
                "用 mc mirror 把 media/ 上传到存储桶，或暂时去掉 ONEWINDOW_S3_BUCKET 再恢复。"
            )
        )
    if manifest["media"]["storage"] == "s3":
        report.warnings.append(
            _("此备份不含上传文件（存放在 S3 存储桶 %(bucket)s）：请把存储桶恢复到 %(created)s 时的版本。")
            % {"bucket": manifest["media"].get("bucket", ""), "created": manifest["created_at"]}
        )
    occupied = database.occupied_tables()
    if occupied and not force:
        raise OpsError(
            _(
                "目标数据库中已有数据（%(tables)s 等 %(count)s 张表）：恢复会覆盖它们。"
                "确认要覆盖时加 --force。"
            )
            % {"tables": ", ".join(occupied[:3]), "count": len(occupied)}
        )
    if connection.vendor == "postgresql":
        if extra := database.extra_tables(manifest["database"]["tables"]):
            raise OpsError(
                _(
                    "目标数据库中有备份里没有的表（%(tables)s）：恢复后它们会残留。请恢复到一个新建的空数据库"
                    "（CREATE DATABASE …），或先删除这些表。"
                )
                % {"tables": ", ".join(extra[:5])}
            )
    if manifest.get("secret_key_fingerprint") != key_fingerprint():
        report.warnings.append(
            _(
                "当前 SECRET_KEY 与备份时不同：按身份证号精确查找将找不到已有记录，登录会话和令牌可能失效。"
                "请使用备份时的 SECRET_KEY（或 var/secret_key 文件）。"
            )
        )
    behind = [
        app
        for app, names in _disk_migrations().items()
        if not set(names) <= set(manifest["migrations"].get(app, []))
    ]
    if behind:
        report.warnings.append(
            _("备份的数据库结构比本版本旧（%(apps)s）：恢复后请运行 onewindow migrate。")
            % {"apps": ", ".join(sorted(behind)[:5])}
        )


def _disk_migrations() -> dict[str, list[str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    leaves: dict[str, list[str]] = {}
    for app, name in loader.disk_migrations:
        leaves.setdefault(app, []).append(name)
    return leaves


def _swap_in(staged: Path, media_root: Path) -> Path | None:
    """Put the restored media directory in place by renaming; the old one is kept beside it."""
    aside = None
    try:
        if media_root.exists():
            stamp = f"{timezone.localtime():%Y%m%d-%H%M%S}"
            aside = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
            media_root.rename(aside)
        staged.rename(media_root)
    except OSError as exc:
        if aside is not None and not media_root.exists():
            aside.rename(media_root)
        raise OpsError(
            _("无法替换上传文件目录 %(path)s：%(error)s（该目录不能是挂载点，请挂载它的上级目录）。")
            % {"path": media_root, "error": exc}
        ) from exc
    return aside


def _swap_back(media_root: Path, staged: Path, aside: Path | None) -> None:
    media_root.rename(staged)
    if aside is not None:
        aside.rename(media_root)
