from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "onewindow.portal"
    verbose_name = _("公众服务")

    def ready(self):
        from . import documents  # noqa: F401  registers the guide's printable one-time notice
