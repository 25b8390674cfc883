"""The small interface every search backend implements."""

from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from crm.search.documents import Document


@dataclass(frozen=True)
class Match:
    """One record the backend found, with its relevance (higher is better)."""

    kind: str
    entity_id: int
    score: float


@dataclass
class Found:
    """What a backend returns: the best matches per kind and how many there are in total."""

    matches: dict[str, list[Match]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)


class IndexWriter(ABC):
    """Changes to the index, made visible by :meth:`commit` (or dropped on an exception)."""

    def reserve(self, keys: list[tuple[str, int]]) -> None:
        """Called before these records are read, so a concurrent writer cannot store older data later."""

    @abstractmethod
    def put(self, documents: list[Document]) -> None:
        """Add or replace these documents."""

    @abstractmethod
    def remove(self, keys: list[tuple[str, int]]) -> None:
        """Remove the documents of these (kind, id) pairs, if present."""

    @abstractmethod
    def clear(self) -> None:
        """Remove every document (a rebuild starts with this)."""

    @abstractmethod
    def commit(self) -> None:
        """Make the changes durable before the outbox rows are marked as processed."""


class SearchBackend(ABC):
    name: str

    @abstractmethod
    def writer(self, wait: float, exclusive: bool = False) -> AbstractContextManager[IndexWriter | None]:
        """A writer, or None when another process holds the index for longer than ``wait`` seconds.

        ``exclusive`` (a rebuild) keeps every other writer out until it is done.
        """

    @abstractmethod
    def search(
        self, words: list[str], readable_departments: set[int], kinds: tuple[str, ...], limit: int
    ) -> Found:
        """Records matching every word (stemmed; names also with one typo).

        A confidential record matches on its private text only for ``readable_departments``;
        for everyone else only its public text counts, in the matches and in the totals.
        """

    def close(self) -> None:
        """Release files or caches (tests and shutdown)."""
