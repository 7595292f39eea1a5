"""Checklist lines after intake: which are still missing, and recording the ones handed in later."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.catalog.choices import MaterialRequirement
from onewindow.core.workdays import CalendarNotLoaded
from onewindow.errors import Invalid
from onewindow.files import check_upload, stored_name
from onewindow.org.permissions import Actor
from onewindow.workcalendar.services import current_calendar

from ..choices import (
    Provision,
)
from ..models import Case, CaseMaterial
from .inputs import ActionInput


def _missing(case: Case, materials: list[CaseMaterial] | None = None) -> list[CaseMaterial]:
    """The checklist lines still missing (`materials`: the case's lines, when at hand)."""
    if materials is None:
        materials = case.materials.all()
    return [
        m
        for m in materials
        if m.provision == Provision.MISSING and m.requirement != MaterialRequirement.OPTIONAL
    ]


def list_in_notice(case: Case, listed: list[tuple[CaseMaterial, str]], today: date) -> None:
    """The one-time notice (补正材料通知书), in memory: each listed line with the reason it is asked for
    (empty: not handed in), and the day by which the applicant supplies them all, so many working days
    after the notice (settings.SUPPLEMENT_WORKING_DAYS); none while that day's year is not loaded (the
    notice then gives the number of working days)."""
    for line, reason in listed:
        line.in_notice = True
        line.supplement_reason = " ".join(reason.split())[:200]
    try:
        case.supplement_due = current_calendar().add_workdays(today, settings.SUPPLEMENT_WORKING_DAYS)
    except CalendarNotLoaded:
        case.supplement_due = None


def _supply(case: Case, actor: Actor, data: ActionInput, *, only) -> list[CaseMaterial]:
    """Record materials handed in later; only lines in `only` may be supplied (the notice's list).

    Paper is handed in at a window, so an applicant acting online can only upload.
    """
    allowed = {m.pk: m for m in only}
    kinds = (Provision.PAPER, Provision.UPLOAD) if actor.staff is not None else (Provision.UPLOAD,)
    supplied = []
    errors = {}
    for entry in data.materials:
        line = allowed.get(entry.material_id)
        if line is None:
            errors[f"materials.{entry.material_id}"] = _("该材料不在待补正清单中。")
        elif entry.provision not in kinds:
            errors[f"materials.{entry.material_id}"] = (
                _("请选择纸质提交或电子上传。") if len(kinds) > 1 else _("网上补正请上传电子文件。")
            )
        elif entry.provision == Provision.UPLOAD and (problem := check_upload(entry.file)):
            errors[f"materials.{entry.material_id}"] = problem
        else:
            line.provision = entry.provision
            if entry.file is not None:
                line.file.save(stored_name(entry.file), entry.file, save=False)
            line.supplied_at = timezone.now()
            line.save(update_fields=["provision", "file", "supplied_at"])
            supplied.append(line)
    if errors:
        raise Invalid(_("补正材料有误。"), code="materials_invalid", details=errors)
    return supplied
