"""The one error an adapter raises: what was wrong with the raw input, field by field.

An adapter never lets another exception escape (the property tests check this): whatever
the input, the caller gets a ``ContactDraft`` (or a call event) or an :class:`AdapterError`.
The HTTP layer turns it into a 422 with the reasons; mailbox and file imports quarantine
the raw input with the same reasons.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    """Why one field was refused: ``field`` is a dotted path into the payload (``submitter.bsn``),
    ``code`` a stable machine code and ``message`` a Dutch explanation for people."""

    field: str
    code: str
    message: str

    def as_dict(self) -> dict:
        return {"field": self.field, "code": self.code, "message": self.message}


class AdapterError(ValueError):
    """Raw channel input that cannot become a contact; ``reasons`` lists every problem found."""

    def __init__(self, reasons: list[Reason]):
        if not reasons:
            raise TypeError("an AdapterError needs at least one reason")
        self.reasons = list(reasons)
        super().__init__("; ".join(f"{r.field}: {r.message}" for r in self.reasons))

    @classmethod
    def single(cls, field: str, code: str, message: str) -> "AdapterError":
        return cls([Reason(field, code, message)])

    def as_dicts(self) -> list[dict]:
        return [reason.as_dict() for reason in self.reasons]
