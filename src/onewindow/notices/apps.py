from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "onewindow.notices"
    verbose_name = _("消息通知")

    def ready(self):
        from django.utils.translation import gettext

        from onewindow.accounts import passwords

        from . import services, sweeps  # noqa: F401  sweeps: registers the sending of unsent messages

        # A password reset code reaches the citizen through the outbox (accounts sits below this floor).
        passwords.send_codes_with(
            lambda citizen, template, values: services.message_citizen(
                citizen, "password_reset", lambda: gettext(template) % values
            )
        )
