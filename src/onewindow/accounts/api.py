from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status

from onewindow.api_errors import may_answer
from onewindow.api_types import Id
from onewindow.client_address import client_ip
from onewindow.errors import Throttled
from onewindow.org.permissions import actor_of
from onewindow.org.roles import Role
from onewindow.personal import mask_id_number

from . import passwords, services
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


# --- passwords (accounts.passwords) ---------------------------------------------------------------

RESET_REQUESTS_PER_MINUTE = 5
RESET_CODE_SENT = gettext_lazy("如账号和手机号与注册时一致，验证码已发送到该手机，10 分钟内有效。")


class ResetCodeIn(Schema):
    username: str = Field(max_length=150)
    phone: str = Field(max_length=20, description="注册时填写的手机号")


class ResetIn(Schema):
    username: str = Field(max_length=150)
    code: str = Field(max_length=10, description="短信验证码")
    new_password: str = Field(max_length=128)


class PasswordChangeIn(Schema):
    old_password: str = Field(max_length=128)
    new_password: str = Field(max_length=128)


class DoneOut(Schema):
    detail: str


@router.post(
    "/password-reset/code",
    response={202: DoneOut},
    auth=None,
    summary="找回密码：向注册手机号发送验证码（申请人账号；账号是否存在都同样回答）",
    openapi_extra=may_answer(429),
)
def reset_code(request, payload: ResetCodeIn):
    if not services.allow_rate(f"reset:{client_ip(request)}", RESET_REQUESTS_PER_MINUTE):
        raise Throttled()
    passwords.request_code(username=payload.username, phone=payload.phone)
    return Status(202, {"detail": str(RESET_CODE_SENT)})


@router.post(
    "/password-reset",
    response=DoneOut,
    auth=None,
    summary="找回密码：凭短信验证码设置新密码",
    openapi_extra=may_answer(429),
)
def reset_password(request, payload: ResetIn):
    if not services.allow_rate(f"reset:{client_ip(request)}", RESET_REQUESTS_PER_MINUTE):
        raise Throttled()
    passwords.reset_with_code(username=payload.username, code=payload.code, password=payload.new_password)
    return {"detail": str(_("密码已重设，请用新密码登录。"))}


@router.post("/me/password", response=DoneOut, summary="修改我的密码")
def change_password(request, payload: PasswordChangeIn):
    passwords.change_password(
        user=request.user, old_password=payload.old_password, new_password=payload.new_password
    )
    return {"detail": str(_("密码已修改。"))}
