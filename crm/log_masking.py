"""Keep BSNs, passwords and tokens out of every log line, whoever writes it.

The masking sits in the log record factory rather than in one handler's filter, so it also
covers loggers and handlers set up later (Werkzeug's request log, gunicorn's access log) and
third-party libraries that log request lines with query strings.
"""

import logging
import re

MASK = "[afgeschermd]"

_PATTERNS = [
    # Authorization / Cookie headers as printed in a dict or a raw header line.
    (re.compile(r"(?i)((?:proxy-)?authorization|cookie|x-api-key)(['\"]?\s*[:=]\s*['\"]?)[^'\"\n,}]+"), rf"\1\2{MASK}"),
    # Bearer or token values wherever they appear.
    (re.compile(r"(?i)\b(bearer|token)(\s+|=)[A-Za-z0-9._~+/=-]+"), rf"\1\2{MASK}"),
    # password=..., "password": "...", wachtwoord=...
    (re.compile(r"(?i)((?:password|passwd|wachtwoord|secret)['\"]?\s*[:=]\s*['\"]?)[^'\"&\s,}]+"), rf"\1{MASK}"),
    # BSN-like numbers: nine digits (optionally written 1234.56.789 or with spaces), not part
    # of a longer number. Masks some innocent numbers too; a log loses little by that.
    (re.compile(r"(?<![\d.])\d{4}[ .]?\d{2}[ .]?\d{3}(?![\d.]?\d)"), "*********"),
]


def mask_sensitive(text: str) -> str:
    """The text with BSN-like numbers, credentials and tokens replaced by a mask."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class SensitiveDataFilter(logging.Filter):
    """A logging filter that masks a record's message; usable on any handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        _mask_record(record)
        return True


def _mask_record(record: logging.LogRecord) -> None:
    if getattr(record, "_klantbeeld_masked", False):
        return
    try:
        message = record.getMessage()
    except Exception:  # a broken format string is the logging module's problem to report
        return
    masked = mask_sensitive(message)
    if masked != message:
        record.msg, record.args = masked, None
    if record.exc_text:
        record.exc_text = mask_sensitive(record.exc_text)
    record._klantbeeld_masked = True


def install_log_masking() -> None:
    """Make every log record created from now on masked. Installing twice changes nothing."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, "_klantbeeld_masking", False):
        return

    def masked_record_factory(*args, **kwargs):
        record = factory(*args, **kwargs)
        _mask_record(record)
        return record

    masked_record_factory._klantbeeld_masking = True
    logging.setLogRecordFactory(masked_record_factory)
