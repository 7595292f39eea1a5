"""The address of the person at the other end, for rate limits, login records and the audit log.

Directly exposed, that is REMOTE_ADDR. Behind the reverse proxy (ONEWINDOW_TRUST_PROXY=1) REMOTE_ADDR is
the proxy's, so the address is the last entry of X-Forwarded-For: the one the proxy itself appended
(nginx `proxy_add_x_forwarded_for`). Entries before it came from the client and are never believed.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    remote = (request.META.get("REMOTE_ADDR") or "")[:45]
    if not settings.TRUST_PROXY:
        return remote
    appended = (request.META.get("HTTP_X_FORWARDED_FOR") or "").rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(appended))
    except ValueError:
        return remote
