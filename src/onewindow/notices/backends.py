"""Where applicant messages go. Choose one with the setting `ONEWINDOW_MESSAGE_BACKEND` (a dotted path).

- `ConsoleBackend` (default): writes the message to the log, phone masked. For development and halls
  that have no gateway yet.
- `EmailBackend`: Django's e-mail (settings EMAIL_*), to the applicant's e-mail when one is known.
- `SmsBackend`: the interface an SMS gateway adapter implements: subclass it and write `send_sms`.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from onewindow.personal import mask_phone

logger = logging.getLogger("onewindow.messages")


@dataclass(frozen=True)
class Message:
    phone: str
    email: str
    text: str
    kind: str


class MessageBackend:
    name = "base"

    def send(self, message: Message) -> None:
        """Deliver the message or raise; a failure is recorded and never undoes the case's change."""
        raise NotImplementedError

    def recipient_label(self, message: Message) -> str:
        return mask_phone(message.phone)


class ConsoleBackend(MessageBackend):
    name = "console"

    def send(self, message: Message) -> None:
        logger.info("message %s to %s: %s", message.kind, mask_phone(message.phone), message.text)


class EmailBackend(MessageBackend):
    name = "email"

    def send(self, message: Message) -> None:
        if not message.email:
            raise ValueError("no e-mail address for this applicant")
        send_mail(settings.MESSAGE_EMAIL_SUBJECT, message.text, None, [message.email])

    def recipient_label(self, message: Message) -> str:
        local, _, domain = message.email.partition("@")
        return f"{local[:1]}***@{domain}"


class SmsBackend(MessageBackend):
    """Base for SMS gateway adapters: implement `send_sms(phone, text)` with the gateway's client."""

    name = "sms"

    def send(self, message: Message) -> None:
        if not message.phone:
            raise ValueError("no phone number for this applicant")
        self.send_sms(message.phone, message.text)

    def send_sms(self, phone: str, text: str) -> None:
        raise NotImplementedError("an SMS adapter implements send_sms")


def configured_backend() -> MessageBackend:
    return import_string(settings.ONEWINDOW_MESSAGE_BACKEND)()
