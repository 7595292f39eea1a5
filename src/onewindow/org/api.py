"""Read endpoints for the organisation, scoped to what the caller may see."""

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from onewindow.api_types import Id, LimitOffset
from onewindow.errors import one_or_not_found
from onewindow.org.permissions import actor_of, require_staff

from . import selectors
from .models import DivisionLevel, Tier, WindowKind

router = Router(tags=["org"])


class DivisionOut(Schema):
    code: str = Field(description="12 位统计用区划代码")
    name: str
    level: DivisionLevel
    parent_code: str | None = Field(None, alias="parent.code")


class DivisionFilter(Schema):
    parent: str | None = Field(None, description="只列此区划代码的直接下级", pattern=r"^\d{12}$")
    level: DivisionLevel | None = None


class BodyOut(Schema):
    id: int
    name: str
    tier: Tier
    division_code: str = Field(alias="division.code")
    division_name: str = Field(alias="division.name")
    parent_id: int | None
    address: str
    phone: str
    opening_hours: str
    is_active: bool


class BodyFilter(Schema):
    tier: Tier | None = None


class StaffRef(Schema):
    id: int
    full_name: str


class DepartmentOut(Schema):
    id: int
    body_id: int
    name: str
    short_name: str
    approval_section: str
    chief_representative: StaffRef | None
    sort_order: int
    is_active: bool


class DepartmentFilter(Schema):
    body: Id | None = Field(None, description="服务机构编号")


class WindowOut(Schema):
    id: int
    body_id: int
    number: str
    name: str
    kind: WindowKind
    department_id: int | None
    is_active: bool


class WindowFilter(Schema):
    body: Id | None = Field(None, description="服务机构编号")
    kind: WindowKind | None = None


def _staff_actor(request):
    actor = actor_of(request.user)
    require_staff(actor)
    return actor


@router.get("/divisions", response=list[DivisionOut], summary="行政区划")
@paginate(LimitOffset)
def list_divisions(request, filters: Query[DivisionFilter]):
    return selectors.divisions(parent_code=filters.parent, level=filters.level)


@router.get("/divisions/{code}", response=DivisionOut, summary="一个行政区划")
def get_division(request, code: str):
    return one_or_not_found(selectors.divisions(), code=code)


@router.get("/bodies", response=list[BodyOut], summary="服务机构（三级）")
@paginate(LimitOffset)
def list_bodies(request, filters: Query[BodyFilter]):
    return selectors.bodies(_staff_actor(request), tier=filters.tier)


@router.get("/bodies/{body_id}", response=BodyOut, summary="一个服务机构")
def get_body(request, body_id: Id):
    return one_or_not_found(selectors.bodies(_staff_actor(request)), pk=body_id)


@router.get("/departments", response=list[DepartmentOut], summary="进驻部门")
@paginate(LimitOffset)
def list_departments(request, filters: Query[DepartmentFilter]):
    return selectors.departments(_staff_actor(request), body_id=filters.body)


@router.get("/departments/{department_id}", response=DepartmentOut, summary="一个进驻部门")
def get_department(request, department_id: Id):
    return one_or_not_found(selectors.departments(_staff_actor(request)), pk=department_id)


@router.get("/windows", response=list[WindowOut], summary="窗口")
@paginate(LimitOffset)
def list_windows(request, filters: Query[WindowFilter]):
    return selectors.windows(_staff_actor(request), body_id=filters.body, kind=filters.kind)


@router.get("/windows/{window_id}", response=WindowOut, summary="一个窗口")
def get_window(request, window_id: Id):
    return one_or_not_found(selectors.windows(_staff_actor(request)), pk=window_id)
