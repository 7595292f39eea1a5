from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "onewindow.cases"
    verbose_name = _("办件")

    def ready(self):
        from . import (
            clocks,  # noqa: F401  registers the deadline recomputer for calendar changes
            documents,  # noqa: F401  registers the notices the case pages print
            sweeps,  # noqa: F401  registers the clock and warning sweep with the worker
        )
