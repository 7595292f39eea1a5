from datetime import datetime

from ninja import Field, Router, Schema

from onewindow.org.roles import Role

from . import services
from .models import ApiToken
from .permissions import actor_of

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
def revoke_token(request, token_id: int):
    return services.revoke_token(actor=request.user, token_id=token_id)
