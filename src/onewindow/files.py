"""Uploaded files, for every app: what is accepted, how it is stored and how it is served (rule 8).

- Accepted (`check_upload`): at most settings.CASE_UPLOAD_MAX_BYTES, not empty, and only PDF, JPEG, PNG
  or OFD, known by the file's leading bytes (and, for OFD, its ZIP directory holding OFD.xml), never by
  its name or the Content-Type the client sent. HTML, SVG, scripts, office files and plain ZIP archives
  are refused.
- Stored: under a random name (`stored_name`) with the extension of the sniffed type, in the default
  storage (var/media or a private bucket). No URL route serves that storage: there is no /media/.
- Served (`download`): only by views that first find the owning record through the person's scope, as
  an attachment named by `download_name` with the sniffed type, `nosniff` and `Cache-Control: private,
  no-store`. A file missing from storage raises `MissingFile`: the API answers 404 with its message, a
  page shows `missing_file_page` (404), never 500.

A new module's uploads (a rectification's evidence, a meeting's minutes) use these same functions.
"""

import base64
import binascii
import secrets
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.errors import NotFound

# The leading bytes of the file types a hall accepts for materials.
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"PK\x03\x04": "application/ofd",  # OFD (the national layout format) is a ZIP container
}
ACCEPTED_TYPES = sorted(set(SIGNATURES.values()))
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png", "application/ofd": "ofd"}
HEAD_BYTES = 16


class MissingFile(NotFound):
    """A record lists a file that is no longer in storage (lost on disk, or a restore without media)."""

    code = "file_missing"
    default_message = gettext_lazy("该材料的电子文件已不在存储中，请联系窗口工作人员重新上传。")


def sniff(head: bytes) -> str | None:
    """The type named by a file's leading bytes, or None."""
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


def sniff_file(handle) -> str | None:
    """The accepted type of an open file by its content, or None; the file is left at its start.
    A ZIP counts as OFD only when its directory holds the OFD entry file OFD.xml."""
    handle.seek(0)
    kind = sniff(handle.read(HEAD_BYTES))
    handle.seek(0)
    if kind == "application/ofd":
        try:
            with zipfile.ZipFile(handle) as archive:
                names = {name.lower() for name in archive.namelist()}
        except (zipfile.BadZipFile, OSError, ValueError):
            names = set()
        handle.seek(0)
        if "ofd.xml" not in names:
            return None
    return kind


def check_upload(upload) -> str | None:
    """Why this upload is refused (a message for the person), or None when it is acceptable."""
    if upload is None:
        return _("请选择要上传的文件。")
    limit_mb = settings.CASE_UPLOAD_MAX_BYTES // (1024 * 1024)
    if upload.size > settings.CASE_UPLOAD_MAX_BYTES:
        return _("文件过大：每份材料不能超过 %(mb)s MB，请压缩或分页后再上传。") % {"mb": limit_mb}
    if upload.size == 0:
        return _("文件是空的，请重新选择。")
    if sniff_file(upload) is None:
        return _("文件格式不支持：只接受 PDF、JPG、PNG 或 OFD 文件（按文件内容判断，改扩展名无效）。")
    return None


class NotBase64(ValueError):
    """What an API client sent as a file's Base64 content is not Base64."""


def base64_upload(content_base64: str, file_name: str, fallback: str) -> ContentFile:
    """A file sent in JSON as Base64 (the API's way for every upload), named as sent (no "/", at most 100
    characters; the name is never stored, `stored_name`), else `fallback`; `NotBase64` when it is not.
    Its size and type are checked by the service, as for every upload (`check_upload`)."""
    try:
        content = base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise NotBase64(str(exc)) from exc
    return ContentFile(content, name=(file_name or fallback).replace("/", "_")[:100])


def stored_name(upload) -> str:
    """A random, unguessable file name with the extension of the sniffed type: the name the person gave
    (which may hold their name or ID number) is never stored or used in a path."""
    kind = sniff_file(upload)
    return f"{secrets.token_hex(16)}.{EXTENSIONS.get(kind, 'bin')}"


# What an API operation that answers with a stored file says of its answer (`openapi_extra`): the types
# are known by the file's first bytes.
DOWNLOAD_OPENAPI = {
    "responses": {
        "200": {
            "description": "文件内容；类型按文件开头的字节判断，无法判断时为 application/octet-stream",
            "headers": {
                "Content-Disposition": {
                    "required": True,
                    "schema": {"type": "string"},
                    "description": "attachment; filename=…",
                }
            },
            "content": {
                kind: {"schema": {"type": "string", "format": "binary"}}
                for kind in [*SIGNATURES.values(), "application/octet-stream"]
            },
        }
    }
}


def download(field, filename: str) -> FileResponse:
    """A stored file as a private attachment named `filename` plus the sniffed type's extension;
    MissingFile when storage no longer holds it."""
    if not field:
        raise MissingFile()
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError):
        raise MissingFile() from None
    try:
        kind = sniff(handle.read(HEAD_BYTES))
        handle.seek(0)
    except OSError:
        handle.close()
        raise MissingFile() from None
    extension = EXTENSIONS.get(kind, "bin")
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename}.{extension}",
        content_type=kind or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def download_name(prefix: str, name: str, fallback) -> str:
    """The name a download is saved under, `<prefix>-<name>` (for a case material: the case number and
    the material's name, nothing personal), without the characters a file system refuses; `fallback`
    stands in for a name that has none left."""
    name = "".join(ch for ch in name if ch not in '\\/:*?"<>|\r\n\t')[:60].strip()
    return f"{prefix}-{name or fallback}"


def missing_file_page(request, missing: MissingFile):
    """404 with a message a person can act on: the record lists the file but storage lost it."""
    return render(request, "files/missing.html", {"message": missing.message}, status=404)
