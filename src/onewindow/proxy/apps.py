from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProxyConfig(AppConfig):
    name = "onewindow.proxy"
    verbose_name = _("代办服务")

    def ready(self):
        from . import (
            custody,  # noqa: F401  registers hand-overs with the shared time limits
            documents,  # noqa: F401  registers the entrustment (委托书) with the documents registry
            intake_guard,  # noqa: F401  an agent's intake rests on an entrustment
        )
