"""Masking of personal data for lists, logs and exports (rule 8)."""

import logging
import re


def mask_phone(phone: str) -> str:
    """Keep the first 3 and last 4 digits of a mobile number: 138****5678."""
    phone = (phone or "").strip()
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_id_number(number: str) -> str:
    """Keep the first 6 (area) and last 4 characters of an ID number: 370982********123X."""
    number = (number or "").strip()
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


# Whatever looks like a resident ID number (17 digits and a check digit or X), a unified social credit
# code (18 characters of its alphabet) or a mainland mobile number, standing alone (not inside a longer
# run of digits or letters such as a 20-digit case number or a hex digest).
_ID_LIKE = re.compile(
    r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})(?![0-9A-Za-z])"
)
_PHONE_LIKE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9A-Za-z])")
# A case's query code where text names it (the applicant's message, a tracking link): with the case
# number beside it, it opens public tracking; a password reset code opens an account: no log line may
# carry either.
_QUERY_CODE = re.compile(
    r"((?:查询码|验证码)\s*[:：]?\s*|(?:query|verification) code\s*:?\s*|[?&;]code=)([0-9A-Za-z]{4,10})",
    re.IGNORECASE,
)


def mask_text(text: str) -> str:
    """Mask every ID-number-like and mobile-number-like token and every named query or reset code in free text
    (log lines, tracebacks)."""
    if not text:
        return text
    text = _ID_LIKE.sub(lambda m: mask_id_number(m.group()), text)
    text = _QUERY_CODE.sub(lambda m: m.group(1) + "*" * len(m.group(2)), text)
    return _PHONE_LIKE.sub(lambda m: mask_phone(m.group()), text)


class PersonalDataFilter(logging.Filter):
    """A logging filter that masks ID numbers and phone numbers in every record it passes: the message
    with its arguments, the formatted traceback and the stack. Installed on every handler in
    settings.LOGGING, so no log line, whichever logger wrote it, carries a whole number."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is the handler's to report; mask what we can
            message = str(record.msg)
        masked = mask_text(message)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True
