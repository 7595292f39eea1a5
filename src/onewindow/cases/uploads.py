"""Uploaded case materials: a size limit and a type check by content (magic bytes), not by file name."""

from django.conf import settings
from django.utils.translation import gettext as _

# The leading bytes of the file types a hall accepts for materials.
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"PK\x03\x04": "application/ofd",  # OFD (the national layout format) is a ZIP container
}


def sniff(head: bytes) -> str | None:
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


def check_upload(upload) -> str | None:
    """Why this upload is refused, or None when it is acceptable."""
    if upload is None:
        return _("请选择要上传的文件。")
    if upload.size > settings.CASE_UPLOAD_MAX_BYTES:
        return _("文件不能超过 %(mb)s MB。") % {"mb": settings.CASE_UPLOAD_MAX_BYTES // (1024 * 1024)}
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if sniff(head) is None:
        return _("只接受 PDF、JPG、PNG 或 OFD 文件。")
    return None
