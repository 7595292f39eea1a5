from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import services


class ThrottledModelBackend(ModelBackend):
    """Username and password, refused unchecked while the account is locked by too many failures."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self.user_model().USERNAME_FIELD)
        if username and services.login_locked_until(username):
            raise PermissionDenied  # stops authenticate() before any password is checked
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if username:
            ip = request.META.get("REMOTE_ADDR", "") if request is not None else ""
            services.record_login(username, succeeded=user is not None, ip=ip)
        return user
