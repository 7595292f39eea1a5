"""The backup archive: a gzipped tar of `database/…`, `media/…` and `manifest.json`.

Written under a temporary name and renamed when complete, so a half-written archive never carries the
final name; mode 0600, since it holds every personal record. Each file is hashed while it is written,
and the manifest, written last, lists every file with its size and SHA-256. Reading extracts into a
staging directory and compares each file with the manifest; nothing outside the staging directory is
touched until the whole archive has been proved intact.
"""

import hashlib
import io
import json
import os
import tarfile
import time
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from .errors import OpsError

MANIFEST = "manifest.json"
# Where the dump of each database vendor lies in the archive.
DATABASE_FILES = {"database/onewindow.sqlite3": "sqlite", "database/onewindow.pgdump": "postgresql"}
FORMAT = 1
CHUNK = 1024 * 1024
Progress = Callable[[str], None]


class _HashingWriter:
    """The archive file, hashed as it is written, so its SHA-256 costs no second read."""

    def __init__(self, file):
        self.file = file
        self.sha256 = hashlib.sha256()

    def write(self, data):
        self.sha256.update(data)
        return self.file.write(data)

    def flush(self):
        self.file.flush()


class _HashingReader:
    """A file read through once for the tar writer, hashed on the way."""

    def __init__(self, file):
        self.file = file
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.sha256.update(data)
        return data


def write(
    final: Path, manifest: dict, members: Iterable[tuple[str, Path]], progress: Progress
) -> tuple[int, str, dict]:
    """Write the archive at `final`; returns its size, its SHA-256 and the manifest as written.

    `members` are (name in archive, file on disk); a file that vanished before it was read (a media
    file deleted meanwhile) is left out and listed under manifest["skipped"]."""
    partial = final.with_name(f".{final.name}.partial-{os.getpid()}")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    files, skipped = [], []
    started = last_report = time.monotonic()
    try:
        with os.fdopen(fd, "wb") as raw:
            hashed = _HashingWriter(raw)
            with tarfile.open(fileobj=hashed, mode="w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as tar:
                for count, (name, path) in enumerate(members, start=1):
                    try:
                        source = open(path, "rb")
                    except FileNotFoundError:
                        skipped.append(name)
                        continue
                    with source:
                        info = _file_info(name, os.fstat(source.fileno()).st_size)
                        reader = _HashingReader(source)
                        tar.addfile(info, reader)
                    files.append({"path": name, "size": info.size, "sha256": reader.sha256.hexdigest()})
                    if time.monotonic() - last_report > 5:
                        last_report = time.monotonic()
                        progress(
                            _("已写入 %(count)s 个文件（%(seconds)d 秒）")
                            % {"count": count, "seconds": last_report - started}
                        )
                manifest = {**manifest, "files": files, "skipped": skipped}
                data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
                tar.addfile(_file_info(MANIFEST, len(data)), io.BytesIO(data))
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, final)
        _fsync_dir(final.parent)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return final.stat().st_size, hashed.sha256.hexdigest(), manifest


def _file_info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(time.time())
    return info


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if (
        path.is_absolute()
        or ".." in path.parts
        or not path.parts
        or (name != MANIFEST and path.parts[0] not in {"database", "media"})
    ):
        raise OpsError(_("备份文件中有不应出现的路径：%(name)s") % {"name": name})
    return path


def read(archive: Path, staging: Path, progress: Progress) -> dict:
    """Extract `archive` into `staging` and prove every file matches the manifest; returns the manifest.

    Raises OpsError when the archive is incomplete, altered, or not an onewindow backup."""
    seen: dict[str, tuple[int, str]] = {}
    manifest = None
    started = last_report = time.monotonic()
    try:
        with tarfile.open(archive, mode="r|*") as tar:
            for info in tar:
                if not info.isfile():
                    raise OpsError(_("备份文件中有非普通文件：%(name)s") % {"name": info.name})
                path = _safe_name(info.name)
                if info.name in seen or (manifest is not None):
                    raise OpsError(_("备份文件中的条目重复或位置不对：%(name)s") % {"name": info.name})
                source = tar.extractfile(info)
                if info.name == MANIFEST:
                    manifest = _parse_manifest(source.read())
                    continue
                target = staging / path
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with open(target, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                seen[info.name] = (info.size, digest.hexdigest())
                if time.monotonic() - last_report > 5:
                    last_report = time.monotonic()
                    progress(
                        _("已校验 %(count)s 个文件（%(seconds)d 秒）")
                        % {"count": len(seen), "seconds": last_report - started}
                    )
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise OpsError(
            _("无法读取备份文件 %(path)s（不完整或已损坏）：%(error)s") % {"path": archive, "error": exc}
        ) from exc
    if manifest is None:
        raise OpsError(_("备份文件中没有 manifest.json：它不是完整的 onewindow 备份。"))
    _compare(manifest, seen)
    if manifest["database"]["file"] not in seen:
        raise OpsError(_("备份文件不完整：缺少数据库 %(name)s。") % {"name": manifest["database"]["file"]})
    return manifest


def _parse_manifest(data: bytes) -> dict:
    try:
        manifest = json.loads(data)
    except ValueError as exc:
        raise OpsError(_("manifest.json 无法解析：%(error)s") % {"error": exc}) from exc
    if not isinstance(manifest, dict) or manifest.get("application") != "onewindow":
        raise OpsError(_("这不是 onewindow 的备份文件。"))
    if manifest.get("format") != FORMAT:
        raise OpsError(
            _("备份格式 %(found)s 不受支持（本版本读取格式 %(expected)s）。")
            % {"found": manifest.get("format"), "expected": FORMAT}
        )
    database, media = manifest.get("database"), manifest.get("media")
    if not (
        isinstance(database, dict)
        and database.get("file") in DATABASE_FILES
        and database.get("vendor") in DATABASE_FILES.values()
        and isinstance(media, dict)
        and media.get("storage") in {"filesystem", "s3"}
        and isinstance(manifest.get("files"), list)
        and isinstance(manifest.get("row_counts"), dict)
        and isinstance(manifest.get("migrations"), dict)
        and "created_at" in manifest
    ):
        raise OpsError(_("manifest.json 不完整或格式不对：它不是本程序写出的备份清单。"))
    return manifest


def _compare(manifest: dict, seen: dict[str, tuple[int, str]]) -> None:
    listed = {f["path"]: (f["size"], f["sha256"]) for f in manifest.get("files", [])}
    for name in sorted(set(listed) | set(seen)):
        if name not in seen:
            raise OpsError(_("备份文件不完整：缺少 %(name)s。") % {"name": name})
        if name not in listed:
            raise OpsError(_("备份文件被改动：%(name)s 不在清单中。") % {"name": name})
        if listed[name] != seen[name]:
            raise OpsError(
                _("备份文件已损坏或被改动：%(name)s 的大小或 SHA-256 与清单不符。") % {"name": name}
            )
