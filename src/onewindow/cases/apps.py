from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "onewindow.cases"
    verbose_name = _("办件")

    def ready(self):
        from . import (
            deadlines,  # noqa: F401  registers cases and tasks with the shared time limits
            documents,  # noqa: F401  registers the notices the case pages print
            relations,  # noqa: F401  registers who reads a case's personal data whole
        )
