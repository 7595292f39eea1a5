from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db import transaction

from onewindow.client_address import client_ip

from . import services


class ThrottledModelBackend(ModelBackend):
    """Username and password, refused unchecked while the account is locked by too many failures.

    The check, the password test and the record of the attempt run under a lock on the account's
    throttle row, so parallel guesses are counted one after another and cannot outrun the limit.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self.user_model().USERNAME_FIELD)
        if not username:
            return None
        ip = client_ip(request) if request is not None else ""
        with transaction.atomic():
            services.lock_account_for_login(username)
            locked_until = services.login_locked_until(username)
            if locked_until:
                if request is not None:
                    request.login_locked_until = locked_until  # for the form's message
                raise PermissionDenied  # stops authenticate() before any password is checked
            user = super().authenticate(request, username=username, password=password, **kwargs)
            services.record_login(username, succeeded=user is not None, ip=ip)
        return user
