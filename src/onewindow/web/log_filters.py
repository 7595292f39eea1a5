"""Log filters for the settings' handlers."""

import logging


class RefusalWithoutTraceback(logging.Filter):
    """A refused permission (403) is an answer, not a failure: Django logs it with the exception's
    traceback, which floods the log of a hall where people click what they may not use. Keep the line,
    drop the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info, record.exc_text = None, None
        return True
