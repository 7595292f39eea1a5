"""Login throttling and API tokens: the only code that writes accounts state."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from onewindow.audit import services as audit
from onewindow.errors import Forbidden, NotFound

from .models import ApiToken, LoginAttempt, LoginThrottle

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


def user_for_token(raw: str):
    """The active user a presented token stands for, or None."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # at most one write per 5 minutes
    return token.user
