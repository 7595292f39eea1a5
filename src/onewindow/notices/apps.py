from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "onewindow.notices"
    verbose_name = _("消息通知")

    def ready(self):
        from . import sweeps  # noqa: F401  registers the sending of unsent messages with the worker
