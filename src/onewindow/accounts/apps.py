from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "onewindow.accounts"
    verbose_name = _("账号与权限")

    def ready(self):
        from . import (
            signals,  # noqa: F401
            sweeps,  # noqa: F401  registers the rate-limit housekeeping with the worker
        )
