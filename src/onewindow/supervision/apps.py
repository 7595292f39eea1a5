from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "onewindow.supervision"
    verbose_name = _("电子监察与督办")

    def ready(self):
        from . import (
            documents,  # noqa: F401  registers the notices the matter pages print
            matter_clock,  # noqa: F401  registers matters with the shared time limits
            sweeps,  # noqa: F401  registers the card and ladder sweeps with the worker
        )
