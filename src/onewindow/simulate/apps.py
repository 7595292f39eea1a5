from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SimulateConfig(AppConfig):
    name = "onewindow.simulate"
    verbose_name = _("工作负载生成")
