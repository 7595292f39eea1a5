"""Passwords: a signed-in person changes their own; a member of the public who forgot theirs sets a new
one with a code sent by SMS to the phone the account was registered with. Staff ask an administrator,
who sets a new one (the admin site's password form).

The code goes out through the applicants' message outbox, which lives on a floor above this one: the
notices app registers the sender at start (`send_codes_with`), as the cases app registers its rules with
`personal`. Whether an account exists is never told: asking for a code always answers alike.
"""

import hmac
import secrets
from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from onewindow.audit import services as audit
from onewindow.errors import Invalid
from onewindow.personal import keyed_digest

from .models import Citizen, LoginAttempt, PasswordResetCode

CODE_VALID = timedelta(minutes=10)
CODE_TRIES = 5
CODES_PER_HOUR = 5  # per account: a phone is not flooded however often someone asks
# The message, marked for the catalog; the notices app words it in Chinese when it writes the message.
CODE_MESSAGE = gettext_noop(
    "您正在找回一窗通账号 %(username)s 的密码，验证码 %(code)s，%(minutes)s 分钟内有效。如非本人操作请忽略。"
)

_send_code: Callable[[Citizen, str, dict], None] | None = None


def send_codes_with(sender: Callable[[Citizen, str, dict], None]) -> None:
    """Register how a code reaches a citizen: `sender(citizen, template, values)`."""
    global _send_code
    _send_code = sender


def _digest(user_id: int, code: str) -> str:
    return keyed_digest(f"reset:{user_id}:{code}".encode())


def request_code(*, username: str, phone: str) -> bool:
    """Send a code when `username` is a public account registered with `phone`; True if one was sent
    (the caller answers alike either way). Asking again replaces the previous code."""
    citizen = (
        Citizen.objects.select_related("user")
        .filter(user__username__iexact=(username or "").strip(), user__is_active=True)
        .first()
    )
    if citizen is None or "".join((phone or "").split()) != citizen.phone:
        return False
    since = timezone.now() - timedelta(hours=1)
    if PasswordResetCode.objects.filter(user=citizen.user, created_at__gte=since).count() >= CODES_PER_HOUR:
        return False
    if _send_code is None:
        raise RuntimeError("no sender registered for password reset codes (notices app not loaded)")
    code = f"{secrets.randbelow(1_000_000):06d}"
    now = timezone.now()
    with transaction.atomic():
        PasswordResetCode.objects.filter(user=citizen.user, used_at__isnull=True).update(expires_at=now)
        PasswordResetCode.objects.create(
            user=citizen.user, digest=_digest(citizen.user_id, code), expires_at=now + CODE_VALID
        )
        values = {
            "username": citizen.user.username,
            "code": code,
            "minutes": int(CODE_VALID.total_seconds() // 60),
        }
        _send_code(citizen, CODE_MESSAGE, values)
        audit.record(actor=None, action="accounts.password.code", obj=citizen, after={"sent": True})
    return True


def reset_with_code(*, username: str, code: str, password: str):
    """Set a new password with the latest code sent to the account; 422 for a wrong, used or expired
    code (each wrong try counts) or a password the validators refuse."""
    wrong = Invalid(
        _("验证码不正确或已失效，请重新获取。"),
        code="reset_code_invalid",
        details={"code": _("验证码不正确或已失效。")},
    )
    user = get_user_model().objects.filter(username__iexact=(username or "").strip(), is_active=True).first()
    if user is None:
        raise wrong
    with transaction.atomic():
        latest = (
            PasswordResetCode.objects.select_for_update()
            .filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now(), tries__lt=CODE_TRIES)
            .order_by("-created_at", "-pk")
            .first()
        )
        given = "".join((code or "").split())
        right = latest is not None and hmac.compare_digest(latest.digest, _digest(user.pk, given))
        if latest is not None and not right:
            PasswordResetCode.objects.filter(pk=latest.pk).update(
                tries=latest.tries + 1
            )  # kept: no raise here
    if not right:
        raise wrong
    with transaction.atomic():
        latest = PasswordResetCode.objects.select_for_update().get(pk=latest.pk)
        if latest.used_at is not None:  # used meanwhile by a request racing this one
            raise wrong
        _check_password(password, user)
        user.set_password(password)
        user.save(update_fields=["password"])
        latest.used_at = timezone.now()
        latest.save(update_fields=["used_at"])
        # A person who proved they hold the phone may log in again at once.
        LoginAttempt.objects.create(username=user.username.lower(), succeeded=True, ip="")
        audit.record(actor=user, action="accounts.password.reset", obj=user, after={"by": "sms"})
    return user


def change_password(*, user, old_password: str, new_password: str) -> None:
    """A signed-in person's own change: the current password first, then the validators."""
    if not user.check_password(old_password or ""):
        raise Invalid(
            _("当前密码不正确。"), code="password_invalid", details={"old_password": _("当前密码不正确。")}
        )
    _check_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit.record(actor=user, action="accounts.password.change", obj=user, after={"by": "self"})


def _check_password(password: str, user) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise Invalid(
            _("新密码不符合要求。"), code="password_invalid", details={"new_password": " ".join(exc.messages)}
        ) from None
