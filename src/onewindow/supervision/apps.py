from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "onewindow.supervision"
    verbose_name = _("电子监察与督办")

    def ready(self):
        from . import sweeps  # noqa: F401  registers the card sweep with the worker
