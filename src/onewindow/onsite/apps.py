from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnsiteConfig(AppConfig):
    name = "onewindow.onsite"
    verbose_name = _("领导现场办公")

    def ready(self):
        from . import (
            documents,  # noqa: F401  registers the minutes (会议纪要) with the documents registry
            minutes,  # noqa: F401  registers the minutes' issue limit with the shared time limits
            sweeps,  # noqa: F401  registers the reopening of sessions with the worker
        )
