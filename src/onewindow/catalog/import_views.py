"""Administrators' pages for the catalog workbook: upload an import, watch its progress, download the
export. The import runs in a background thread and records its progress and errors on the ImportJob.
"""

import logging
import threading
import time
import zipfile

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from onewindow import sheets
from onewindow.errors import Invalid, ServiceError
from onewindow.org.permissions import actor_of, require_role
from onewindow.org.roles import Role

from . import excel
from .models import ImportJob

log = logging.getLogger(__name__)

RUN_IN_THREAD = True  # tests set this to False to run the import inside the request
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
PROGRESS_EVERY = 0.5  # seconds between progress writes


class WorkbookForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("工作簿"),
        help_text=gettext_lazy("Excel 文件（.xlsx），格式与导出的清单相同。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的 Excel 文件。"))
        if not _unpacks_safely(upload):
            raise forms.ValidationError(_("文件不是有效的 Excel 工作簿，或解压后过大。"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("文件不能超过 %(mb)s MB。") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


MAX_UNPACKED_BYTES = 500 * 1024 * 1024  # an .xlsx is a zip: refuse one that would unpack past this


def _unpacks_safely(upload) -> bool:
    """Whether the upload is a zip whose members, unpacked, stay within bounds (no zip bomb)."""
    try:
        with zipfile.ZipFile(upload) as archive:
            total = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return False
    finally:
        upload.seek(0)
    return total <= MAX_UNPACKED_BYTES


def _admin_only(request) -> None:
    require_role(actor_of(request.user), Role.ADMIN)


def run_job(job_id: int) -> None:
    """Run one import job to its end, recording progress, the summary or every error on the job."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    ImportJob.objects.filter(pk=job_id).update(state=ImportJob.State.RUNNING)
    last_write = [float("-inf")]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - last_write[0] >= PROGRESS_EVERY:
            last_write[0] = now
            ImportJob.objects.filter(pk=job_id).update(done=done, total=total)

    fields = {"finished_at": None}
    try:
        with job.workbook.open("rb") as fileobj:
            summary = excel.import_catalog(fileobj, actor=job.created_by, progress=progress)
        fields.update(state=ImportJob.State.DONE, summary=summary, errors=[])
    except Invalid as exc:
        fields.update(state=ImportJob.State.FAILED, errors=exc.details or [])
    except ServiceError as exc:  # e.g. the catalog changed while the workbook was being checked
        message = str(exc.message)
        fields.update(
            state=ImportJob.State.FAILED,
            errors=[{"sheet": None, "row": None, "column": None, "message": message}],
        )
    except Exception:
        log.exception("catalog import %s failed", job_id)
        message = _("导入时发生内部错误，未导入任何内容。请联系系统管理员。")
        fields.update(
            state=ImportJob.State.FAILED,
            errors=[{"sheet": None, "row": None, "column": None, "message": message}],
        )
    fields["finished_at"] = timezone.now()
    ImportJob.objects.filter(pk=job_id).update(**fields)


def _run_in_thread(job_id: int, language: str) -> None:
    try:
        with translation.override(language):
            run_job(job_id)
    finally:
        connection.close()  # this thread's own connection


def start(job: ImportJob) -> None:
    language = translation.get_language()
    if RUN_IN_THREAD:
        threading.Thread(target=_run_in_thread, args=(job.pk, language), daemon=True).start()
    else:
        run_job(job.pk)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    _admin_only(request)
    form = WorkbookForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(created_by=request.user, file_name=upload.name[:200], workbook=upload)
        start(job)
        return redirect("catalog:import_job", pk=job.pk)
    jobs = ImportJob.objects.select_related("created_by")[:10]
    return render(request, "catalog/import.html", {"form": form, "jobs": jobs})


@login_required
@require_GET
def import_job(request, pk: int):
    _admin_only(request)
    job = get_object_or_404(ImportJob, pk=pk)
    if request.headers.get("HX-Request"):
        return render(request, "catalog/_import_progress.html", {"job": job})
    return render(request, "catalog/import_job.html", {"job": job})


@login_required
@require_GET
def export(request):
    _admin_only(request)
    return sheets.attachment(excel.export_bytes(), excel.FILE_NAME)


urlpatterns = [
    path("import/", import_upload, name="import"),
    path("import/<int:pk>/", import_job, name="import_job"),
    path("export/", export, name="export"),
]
