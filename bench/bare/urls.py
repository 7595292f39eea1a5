"""Three endpoints of the shapes the real API serves: one case by number, a page of 50 cases, one insert.
Each is what a django-ninja tutorial would write: one ORM statement, a pydantic schema, JSON."""

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from ninja import NinjaAPI, Schema

from bare.models import CaseRow, Row

api = NinjaAPI(title="bare", docs_url=None, openapi_url=None)
FIELDS = ("number", "title", "status", "applicant_name", "submitted_at", "deadline", "warning", "version")


class CaseOut(Schema):
    number: str
    title: str
    status: str
    applicant_name: str
    submitted_at: datetime
    deadline: date | None
    warning: str
    version: int


class RowIn(Schema):
    name: str
    note: str = ""


class RowOut(Schema):
    id: int


@api.get("/cases", response=list[CaseOut])
def case_page(request, offset: int = 0, limit: int = 50):
    return list(CaseRow.objects.only(*FIELDS).order_by("-pk")[offset : offset + limit])


@api.get("/cases/{number}", response=CaseOut)
def case_by_number(request, number: str):
    return get_object_or_404(CaseRow.objects.only(*FIELDS), number=number)


@api.post("/rows", response={201: RowOut})
def insert_row(request, payload: RowIn):
    return 201, Row.objects.create(name=payload.name, note=payload.note, created_at=timezone.now())


urlpatterns = [path("bare/", api.urls)]
