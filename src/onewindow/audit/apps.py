from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "onewindow.audit"
    verbose_name = _("审计日志")

    def ready(self):
        from . import sweeps  # noqa: F401  registers the sealing sweep with the worker
