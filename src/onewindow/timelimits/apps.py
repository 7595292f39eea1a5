from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimeLimitsConfig(AppConfig):
    name = "onewindow.timelimits"
    verbose_name = _("时限")

    def ready(self):
        from . import sweeps  # noqa: F401  registers the one clock and warning sweep with the worker
