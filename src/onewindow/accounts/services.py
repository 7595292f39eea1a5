"""Accounts state: login throttling, API tokens, shared rate limits and citizen registration."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.audit import services as audit
from onewindow.errors import Forbidden, Invalid, NotFound
from onewindow.org.permissions import STAFF_RELATED, remember_actor, roles_of
from onewindow.personal import id_digest
from onewindow.prepared import Prepared, server_statement

from .models import ApiToken, Citizen, LoginAttempt, LoginThrottle, RateBucket, User

TOKEN_PREFIX = "ow_"


def _normal(username: str) -> str:
    return (username or "").strip().lower()[:150]


def login_locked_until(username: str):
    """When an account may try again, or None: after LIMIT failures within the window, it may not.

    Failures count only since the last successful login, so a person who gets in starts afresh.
    """
    window_start = timezone.now() - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    attempts = LoginAttempt.objects.filter(username=_normal(username), at__gte=window_start)
    last_success = attempts.filter(succeeded=True).aggregate(at=Max("at"))["at"]
    failures = attempts.filter(succeeded=False)
    if last_success:
        failures = failures.filter(at__gt=last_success)
    times = list(failures.order_by("-at").values_list("at", flat=True)[: settings.LOGIN_FAILURE_LIMIT])
    if len(times) < settings.LOGIN_FAILURE_LIMIT:
        return None
    return times[-1] + timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def lock_account_for_login(username: str) -> None:
    """Hold the account's throttle row until the surrounding transaction ends."""
    name = _normal(username)
    LoginThrottle.objects.get_or_create(username=name)
    LoginThrottle.objects.select_for_update().filter(username=name).exists()


def record_login(username: str, *, succeeded: bool, ip: str = "") -> None:
    LoginAttempt.objects.create(username=_normal(username), succeeded=succeeded, ip=(ip or "")[:45])


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(*, actor, user, name: str) -> tuple[ApiToken, str]:
    """Make a token for `user`; returns it with the plain token, which is never stored."""
    if actor is not None and actor != user and not actor.is_superuser:
        raise Forbidden()
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name.strip()[:100], prefix=raw[:10], digest=_digest(raw)
        )
        audit.record(
            actor=actor,
            action="accounts.token.create",
            obj=token,
            after={"user": user.pk, "name": token.name},
        )
    return token, raw


def revoke_token(*, actor, token_id: int) -> ApiToken:
    """Revoke one of the actor's own tokens (an administrator may revoke anyone's; actor None is the
    system, from the command line)."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id).first()
        may = actor is None or (token is not None and (token.user_id == actor.pk or actor.is_superuser))
        if token is None or not may:
            raise NotFound()
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit.record(actor=actor, action="accounts.token.revoke", obj=token, after={"revoked": True})
    return token


# A presented token with its user and the user's staff record (a reverse one-to-one: joined, None for a
# user without one), compiled once: every API request with a token runs it.
_TOKEN = Prepared(
    lambda digest: (
        ApiToken.objects.select_related("user", *(f"user__staff__{name}" for name in STAFF_RELATED))
        .annotate(staff_roles=roles_of(staff__user_id=OuterRef("user_id")))
        .filter(digest=digest, revoked_at__isnull=True, user__is_active=True)
        .order_by()[:1]
    ),
    str,
)


def user_for_token(raw: str):
    """The active user a presented token stands for, or None. Read afresh on every request (a revoked
    token, a deactivated user or a changed role counts at once), in one query with the user's actor:
    the token, its user, their staff record and its roles."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = _TOKEN.first(_digest(raw))
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # at most one write per 5 minutes
    user = token.user
    staff_cache = User.staff.related
    staff = staff_cache.get_cached_value(user) if staff_cache.is_cached(user) else None
    remember_actor(user, staff, token.staff_roles)
    return user


_RATE_UPSERT = (
    "INSERT INTO {table} (key, window_start, count) VALUES (%s, %s, 1) "
    "ON CONFLICT (key, window_start) DO UPDATE SET count = {table}.count + 1 RETURNING count"
)
# Appended on PostgreSQL when the upsert is its own transaction: that transaction's commit does not wait
# for the disk (set_config(..., true) lasts to the end of the statement's own transaction).
_RELAXED = ", set_config('synchronous_commit', 'off', true)"


def allow_rate(key: str, per_minute: int) -> bool:
    """Count one request for `key` in this minute; False once the minute's allowance is used.

    One atomic upsert, so every server process shares the count: one statement, one round trip. On
    PostgreSQL, when it is its own transaction, its commit does not wait for the disk: a count lost in a
    crash does no harm, and the flush would otherwise cost every public lookup a disk write. Inside a
    caller's transaction the caller's durability stands.
    """
    window = timezone.now().replace(second=0, microsecond=0)
    sql = _RATE_UPSERT.format(table=connection.ops.quote_name(RateBucket._meta.db_table))
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        sql += _RELAXED
    with server_statement(connection) as cursor:
        cursor.execute(sql, [key[:200], window])
        count = cursor.fetchone()[0]
    return count <= per_minute


def prune_rate_buckets() -> int:
    """Drop the counts of minutes older than an hour; the worker's housekeeping calls it."""
    cutoff = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    deleted, _ = RateBucket.objects.filter(window_start__lt=cutoff).delete()
    return deleted


def _username_problem(User, username: str) -> str | None:
    """Django's own username rule (letters, digits and @ . + - _), in the person's language."""
    try:
        User._meta.get_field("username").run_validators(username)
    except ValidationError:
        return _("用户名只能包含字母、数字和 @ . + - _ 字符。")
    return None


def register_citizen(*, username: str, password: str, applicant, email: str = ""):
    """A public account for a person or an organisation; one account per ID number."""
    User = get_user_model()
    username = (username or "").strip()
    errors = {}
    if not username or len(username) > 150:
        errors["username"] = _("请填写用户名。")
    elif problem := _username_problem(User, username):
        errors["username"] = problem
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = _("该用户名已被使用。")
    if Citizen.objects.filter(id_digest=id_digest(applicant.id_number)).exists():
        errors["applicant_id_number"] = _("该证件已注册过账号，请直接登录或找回密码。")
    try:
        validate_password(password, User(username=username))
    except ValidationError as exc:
        errors["password"] = " ".join(exc.messages)
    if errors:
        raise Invalid(_("注册信息有误。"), code="registration_invalid", details=errors)
    with transaction.atomic():
        user = User.objects.create_user(username=username, password=password, email=(email or "").strip())
        citizen = Citizen.objects.create(
            user=user,
            kind=applicant.kind,
            name=applicant.name,
            id_number=applicant.id_number,
            id_digest=id_digest(applicant.id_number),
            phone=applicant.phone,
            legal_representative=applicant.legal_representative,
            contact_name=applicant.contact_name,
        )
        audit.record(
            actor=user, action="accounts.citizen.register", obj=citizen, after={"kind": citizen.kind}
        )
    return citizen
