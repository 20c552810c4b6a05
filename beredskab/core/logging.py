import logging

from .request_context import current_request_id


class RequestIdFilter(logging.Filter):
    """Adds the current request id to every log record (logs carry ids, never personal data)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or "-"
        return True
