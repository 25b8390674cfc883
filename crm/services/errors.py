"""Errors a use case raises for its caller (web view, API or CLI) to turn into a response."""


class NotFound(LookupError):
    """The thing asked for does not exist."""

    def __init__(self, message: str = "Niet gevonden."):
        super().__init__(message)
        self.message = message


class NotAllowed(PermissionError):
    """The permission policy refuses this action for this user."""

    def __init__(self, message: str = "U mag dit niet doen."):
        super().__init__(message)
        self.message = message


class Conflict(RuntimeError):
    """Someone else changed the record since it was read; ``changes`` says who and what."""

    def __init__(self, message: str, changes: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.changes = changes or []
