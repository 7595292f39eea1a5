from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "onewindow.notices"
    verbose_name = _("消息通知")
