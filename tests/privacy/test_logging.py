"""No log line carries a whole ID number or phone: the masking filter on every handler of settings.LOGGING,
and the text masks it applies."""

import io
import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onewindow.core.masking import PersonalDataFilter, mask_text
from onewindow.notices.backends import ConsoleBackend, Message

from .conftest import MORTGAGE, intake

ID = "370982199003150011"
ID_X = "11010519491231002X"
CODE = "91370982MA3C0Q8X1C"
PHONE = "13805381234"


def test_mask_text_hides_ids_codes_and_phones_in_running_text():
    text = f"申请人{ID}，电话{PHONE}；法人{CODE}，另一位 {ID_X.lower()}，+86 {PHONE}"
    masked = mask_text(text)
    for secret in (ID, PHONE, CODE, ID_X.lower(), ID[6:14]):
        assert secret not in masked
    assert "370982********0011" in masked and "138****1234" in masked


@pytest.mark.parametrize(
    "harmless",
    [
        "37098220250901000123",  # a 20-digit case number
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",  # a digest
        "request 4f1c2a9e-1d2b-4c3a-9e8f-0a1b2c3d4e5f took 138 ms",
        "2025-09-01 12:00:00",
    ],
)
def test_mask_text_leaves_case_numbers_digests_and_times_alone(harmless):
    assert mask_text(harmless) == harmless


@given(st.text(alphabet="0123456789", min_size=17, max_size=17), st.sampled_from("0123456789X"))
def test_any_id_shaped_token_is_masked(body, check):
    number = body + check
    assert number not in mask_text(f"身份证号：{number}。")


def _root_output(record_args: tuple, *, exc: BaseException | None = None) -> str:
    """What the handlers configured by settings.LOGGING (not pytest's own) write for one record."""
    ours = [h for h in logging.getLogger().handlers if not type(h).__module__.startswith("_pytest")]
    assert ours  # the console handler of settings.LOGGING
    written = []
    for handler in ours:
        assert any(isinstance(f, PersonalDataFilter) for f in handler.filters), handler
        stream = io.StringIO()
        old = handler.setStream(stream) if isinstance(handler, logging.StreamHandler) else None
        try:
            logger = logging.getLogger("onewindow.test")
            if exc is None:
                logger.warning(*record_args)
            else:
                try:
                    raise exc
                except type(exc):
                    logger.exception(*record_args)
        finally:
            if old is not None:
                handler.setStream(old)
        written.append(stream.getvalue())
    return "".join(written)


def test_every_configured_handler_masks_messages_and_their_arguments():
    output = _root_output(("applicant %s phone %s", ID, PHONE))
    assert "applicant 370982********0011 phone 138****1234" in output
    assert ID not in output and PHONE not in output


def test_tracebacks_are_masked_too():
    output = _root_output(("intake failed",), exc=ValueError(f"bad applicant {ID} / {PHONE}"))
    assert "Traceback" in output and "ValueError" in output
    assert ID not in output and PHONE not in output


def test_djangos_loggers_write_only_through_the_masked_root():
    for name in ("django", "django.request", "django.server"):
        logger = logging.getLogger(name)
        assert logger.handlers == [] and logger.propagate, name


def test_the_console_message_backend_logs_no_whole_phone_or_id(caplog):
    caplog.set_level(logging.INFO, logger="onewindow.messages")
    ConsoleBackend().send(Message(phone=PHONE, email="", text=f"您的办件（{ID}）已受理", kind="accepted"))
    record = caplog.records[-1]
    PersonalDataFilter().filter(record)
    assert PHONE not in record.getMessage() and ID not in record.getMessage()


def test_no_log_line_carries_a_query_code(catalog, today):
    """A case number with its query code opens public tracking: the acceptance message names both, so the
    log keeps the number and hides the code, whatever language or link carries it."""
    case = intake("clerk", MORTGAGE)
    text = f"您申请的不动产抵押登记已受理，编号 {case.number}，查询码 {case.query_code}。"
    output = _root_output(("message accepted to %s: %s", PHONE, text))
    assert case.number in output and case.query_code not in output and "查询码 ******" in output
    for line in (
        f"query code: {case.query_code}",
        f"GET /track/?number={case.number}&code={case.query_code}",
        f"查询码：{case.query_code}",
    ):
        assert case.query_code not in mask_text(line), line


class EchoingGateway(ConsoleBackend):
    """A gateway that fails and echoes the number back in its error, as real ones do."""

    name = "echo"

    def send(self, message):
        raise ValueError(f"number {message.phone} rejected")


@pytest.mark.django_db
def test_a_failed_messages_stored_error_has_no_whole_phone(
    catalog, today, settings, django_capture_on_commit_callbacks
):
    from onewindow.notices.models import ApplicantMessage
    from onewindow.notices.services import message_applicant

    case = intake("clerk", MORTGAGE)
    settings.ONEWINDOW_MESSAGE_BACKEND = f"{__name__}.EchoingGateway"
    with django_capture_on_commit_callbacks(execute=True):
        message_applicant(case, "test", lambda: "您的办件已受理")
    stored = ApplicantMessage.objects.get(kind="test")
    assert stored.state == "failed" and PHONE not in stored.error and "138****1234" in stored.error
    assert PHONE not in stored.recipient
