from datetime import datetime

from ninja import Field, Router, Schema, Status

from onewindow.api_errors import may_answer
from onewindow.api_types import Id
from onewindow.client_address import client_ip
from onewindow.errors import Throttled
from onewindow.org.permissions import actor_of
from onewindow.org.roles import Role
from onewindow.personal import mask_id_number

from . import services
from .applicants import check_applicant
from .models import ApiToken, ApplicantKind

router = Router(tags=["accounts"])


class RoleOut(Schema):
    code: str = Field(description="角色代码")
    label: str = Field(description="角色名称")


class PlaceOut(Schema):
    id: int
    name: str


class MeOut(Schema):
    username: str
    full_name: str = Field(description="姓名；非工作人员为用户名")
    is_admin: bool
    roles: list[RoleOut] = Field(description="所持角色，按首页优先顺序")
    home_role: str | None = Field(description="登录后进入的首页所属角色")
    body: PlaceOut | None = Field(description="所在服务机构")
    department: PlaceOut | None = Field(description="所属部门")
    window: PlaceOut | None = Field(description="所在窗口")


def _place(obj):
    return {"id": obj.pk, "name": str(obj)} if obj is not None else None


@router.get("/me", response=MeOut, summary="当前用户、角色与所属机构")
def me(request):
    actor = actor_of(request.user)
    staff = actor.staff
    return {
        "username": request.user.get_username(),
        "full_name": staff.full_name if staff else request.user.get_username(),
        "is_admin": actor.is_admin,
        "roles": [{"code": r, "label": str(Role(r).label)} for r in actor.roles_in_order()],
        "home_role": actor.home_role,
        "body": _place(staff.body if staff else None),
        "department": _place(staff.department if staff else None),
        "window": _place(staff.window if staff else None),
    }


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="令牌开头几位，仅用于辨认")
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


@router.get("/tokens", response=list[TokenOut], summary="我的 API 令牌")
def list_tokens(request):
    return list(ApiToken.objects.filter(user=request.user))


@router.post("/tokens/{token_id}/revoke", response=TokenOut, summary="吊销我的一个 API 令牌")
def revoke_token(request, token_id: Id):
    return services.revoke_token(actor=request.user, token_id=token_id)


class RegisterIn(Schema):
    username: str = Field(max_length=150)
    password: str = Field(max_length=128)
    email: str = Field("", max_length=254)
    kind: ApplicantKind
    name: str = Field(max_length=100, description="姓名或单位名称")
    id_number: str = Field(max_length=30, description="居民身份证号码或统一社会信用代码")
    phone: str = Field(max_length=20)
    legal_representative: str = Field("", max_length=50)
    contact_name: str = Field("", max_length=50)


class CitizenOut(Schema):
    username: str
    kind: ApplicantKind
    name: str
    id_number: str = Field(description="脱敏")


@router.post(
    "/register",
    response={201: CitizenOut},
    auth=None,
    summary="注册申请人账号（自然人或法人）",
    openapi_extra=may_answer(429),
)
def register(request, payload: RegisterIn):
    if not services.allow_rate(f"register:{client_ip(request)}", 10):
        raise Throttled()
    applicant = check_applicant(
        kind=payload.kind,
        name=payload.name,
        id_number=payload.id_number,
        phone=payload.phone,
        legal_representative=payload.legal_representative,
        contact_name=payload.contact_name,
    )
    citizen = services.register_citizen(
        username=payload.username, password=payload.password, applicant=applicant, email=payload.email
    )
    return Status(
        201,
        {
            "username": citizen.user.username,
            "kind": citizen.kind,
            "name": citizen.name,
            "id_number": mask_id_number(citizen.id_number),
        },
    )
