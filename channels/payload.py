"""Reading a JSON webhook payload field by field, collecting every problem before refusing it.

The adapters for phone, chat, web form, counter and post use :class:`PayloadReader` so that a
client hears all that is wrong with a payload at once, each reason with its dotted field path.
"""

import json
from collections.abc import Mapping
from datetime import date, datetime

from channels.draft import clean_text
from channels.errors import AdapterError, Reason

# Moments outside these years are typing errors; they would also overflow time-zone arithmetic.
EARLIEST_YEAR, LATEST_YEAR = 1970, 2200


def plausible_year(year: int) -> bool:
    """Whether a year can be a real contact moment rather than a typing error."""
    return EARLIEST_YEAR <= year <= LATEST_YEAR


class PayloadReader:
    """A view on one JSON object that reads typed fields and records a :class:`Reason` per problem."""

    def __init__(self, data: Mapping, path: str = "", reasons: list[Reason] | None = None):
        self._data = data
        self._path = path
        self.reasons = reasons if reasons is not None else []

    @classmethod
    def of(cls, payload) -> "PayloadReader":
        """Accept a decoded JSON object, or JSON text/bytes holding one; refuse anything else."""
        if isinstance(payload, (bytes, bytearray)):
            try:
                payload = payload.decode("utf-8")
            except UnicodeDecodeError:
                raise AdapterError.single("payload", "not_utf8", "De inhoud is geen UTF-8.") from None
        if isinstance(payload, str):
            try:
                payload = json.loads(payload)
            except (ValueError, RecursionError):
                raise AdapterError.single("payload", "invalid_json", "De inhoud is geen geldige JSON.") from None
        if not isinstance(payload, Mapping):
            raise AdapterError.single("payload", "not_an_object", "Verwacht een JSON-object.")
        return cls(payload)

    def _field(self, name: str) -> str:
        return f"{self._path}.{name}" if self._path else name

    def refuse(self, name: str, code: str, message: str) -> None:
        self.reasons.append(Reason(self._field(name), code, message))

    def finish(self) -> None:
        """Raise one AdapterError with every reason recorded so far (by this reader and its children)."""
        if self.reasons:
            raise AdapterError(self.reasons)

    def _present(self, name: str, required: bool):
        value = self._data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.refuse(name, "required", "Dit veld is verplicht.")
            return None
        return value

    def text(self, name: str, *, required: bool = False, max_length: int = 100_000) -> str | None:
        """A string (numbers are accepted for ids), stripped; None when absent and optional."""
        value = self._present(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.refuse(name, "not_text", "Verwacht tekst.")
            return None
        value = clean_text(str(value)).strip()
        if len(value) > max_length:
            self.refuse(name, "too_long", f"Maximaal {max_length} tekens.")
            return None
        return value or None

    def choice(self, name: str, options: Mapping[str, str], *, default: str | None = None) -> str | None:
        """One of the keys of ``options`` (case-insensitive), translated to its value."""
        raw = self.text(name, required=default is None, max_length=100)
        if raw is None:
            return default
        value = options.get(raw.lower())
        if value is None:
            allowed = ", ".join(sorted(options))
            self.refuse(name, "invalid_choice", f"Kies een van: {allowed}.")
        return value

    def timestamp(self, name: str, *, required: bool = False) -> datetime | None:
        """An ISO 8601 moment with a time zone (``2025-03-12T09:30:00+01:00`` or ``...Z``)."""
        raw = self.text(name, required=required, max_length=64)
        if raw is None:
            return None
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            self.refuse(name, "invalid_datetime", "Verwacht een ISO 8601-tijdstip, bijvoorbeeld 2025-03-12T09:30:00+01:00.")
            return None
        if moment.tzinfo is None or moment.utcoffset() is None:
            self.refuse(name, "missing_timezone", "Het tijdstip heeft een tijdzone nodig (bijvoorbeeld +01:00 of Z).")
            return None
        if not plausible_year(moment.year):
            self.refuse(name, "implausible_datetime", f"Kies een tijdstip tussen {EARLIEST_YEAR} en {LATEST_YEAR}.")
            return None
        return moment

    def day(self, name: str, *, required: bool = False) -> date | None:
        """A calendar date as ``YYYY-MM-DD``."""
        raw = self.text(name, required=required, max_length=32)
        if raw is None:
            return None
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            self.refuse(name, "invalid_date", "Verwacht een datum als JJJJ-MM-DD.")
            return None
        if not plausible_year(day.year):
            self.refuse(name, "implausible_date", f"Kies een datum tussen {EARLIEST_YEAR} en {LATEST_YEAR}.")
            return None
        return day

    def integer(self, name: str, *, minimum: int = 0, maximum: int = 10**9) -> int | None:
        value = self._present(name, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            self.refuse(name, "invalid_number", f"Verwacht een geheel getal van {minimum} tot {maximum}.")
            return None
        return value

    def mapping(self, name: str, *, required: bool = False) -> "PayloadReader | None":
        """A nested object as a reader that reports into the same list of reasons."""
        value = self._present(name, required)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self.refuse(name, "not_an_object", "Verwacht een JSON-object.")
            return None
        return PayloadReader(value, self._field(name), self.reasons)

    def items(self, name: str, *, required: bool = False, max_items: int = 10_000) -> list["PayloadReader"]:
        """A list of objects, each as a reader (``messages.3.text`` names the fourth one's text)."""
        value = self._present(name, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.refuse(name, "not_a_list", "Verwacht een lijst.")
            return []
        if len(value) > max_items:
            self.refuse(name, "too_many", f"Maximaal {max_items} elementen.")
            return []
        readers = []
        for index, item in enumerate(value):
            if isinstance(item, Mapping):
                readers.append(PayloadReader(item, self._field(f"{name}.{index}"), self.reasons))
            else:
                self.refuse(f"{name}.{index}", "not_an_object", "Verwacht een JSON-object.")
        return readers

    def raw_mapping(self, name: str) -> dict:
        """A nested object of free fields (a web form's answers) as ``{label: text}``."""
        value = self._present(name, False)
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.refuse(name, "not_an_object", "Verwacht een JSON-object.")
            return {}
        fields = {}
        for key, item in value.items():
            if isinstance(item, (list, tuple)):
                item = ", ".join(str(part) for part in item)
            elif isinstance(item, Mapping):
                item = json.dumps(item, ensure_ascii=False, default=str)
            fields[clean_text(str(key))] = clean_text("" if item is None else str(item))
        return fields

    def identity(self, name: str) -> dict:
        """Identity hints of a person or organisation: ``bsn``, ``kvk``, ``email``, ``phone``, ``name``.

        They are passed on as given; the intake service validates and uses them.
        """
        who = self.mapping(name)
        if who is None:
            return {}
        hints = {key: who.text(key, max_length=254) for key in ("bsn", "kvk", "email", "phone", "name")}
        return {key: value for key, value in hints.items() if value}
