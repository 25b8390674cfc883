"""Dutch text analysis shared by both backends and the snippets: folding, stemming, fuzzy keys.

Both backends see the same folded text and the same query words, so a query finds the same
records on Whoosh and on PostgreSQL; only the stemmer implementation differs (both Snowball
Dutch), and the snippets are built here, from the database, for either backend.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.support.charset import accent_map

# Words of a query or a text: letters and digits, with inner dots kept (``example.nl``).
WORD = re.compile(r"\w+(?:\.?\w+)*")
MAX_QUERY_WORDS = 8
# Typo tolerance applies to words of at least this length, with the first letter right:
# shorter words give too many false friends (``bos`` would find ``bas``, ``bus``, ``bol``).
FUZZY_MIN_LENGTH = 4


def fold(text: str) -> str:
    """Lower-case and accent-free, so ``Café`` and ``cafe`` are the same word."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def dutch_analyzer():
    """Whoosh's ``LanguageAnalyzer("nl")`` with accent folding before the stop list and stemmer.

    Folding first means ``café`` and ``cafe`` reach the stemmer as the same word.
    """
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(lang="nl")
        | StemFilter(lang="nl")
    )


def name_analyzer():
    """Names are folded but not stemmed, so typo tolerance compares whole names."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


_DUTCH = dutch_analyzer()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str | None:
    """The Dutch stem of one word (``vergunningen`` → ``vergunn``), or None for a stop word."""
    tokens = [token.text for token in _DUTCH(word)]
    return tokens[0] if tokens else None


def query_words(query: str) -> list[str]:
    """The folded words of a query, in order, without repeats and at most MAX_QUERY_WORDS."""
    seen: list[str] = []
    for word in WORD.findall(fold(query)):
        if word not in seen:
            seen.append(word)
    return seen[:MAX_QUERY_WORDS]


def fuzzy_keys(word: str) -> set[str]:
    """The word and every variant with one letter left out, the first letter always kept.

    Two words one typo apart (a letter added, left out, swapped or wrong) share at least one
    key, so a GIN index on the keys finds ``Janssen`` for ``Jansen`` without any extension.
    """
    word = fold(word)
    if len(word) < FUZZY_MIN_LENGTH or not word.isalpha():
        return set()
    return {word} | {word[:i] + word[i + 1 :] for i in range(1, len(word))}


def one_typo_apart(a: str, b: str) -> bool:
    """Whether two folded words are at most one typo apart (the fuzzy_keys rule)."""
    return bool(fuzzy_keys(a) & fuzzy_keys(b))


@dataclass(frozen=True)
class Fragment:
    """A piece of a snippet; ``match`` marks the words the query found."""

    text: str
    match: bool = False


def snippet(text: str, words: list[str], *, fuzzy: bool = False, width: int = 180) -> list[Fragment]:
    """A window of ``text`` around the first match, with matching words marked.

    A word matches when its Dutch stem equals a query word's stem; with ``fuzzy`` (names) a
    word one typo from a query word matches too. Without a match it is the start of ``text``.
    """
    spans = _matches(text, words, fuzzy)
    if not spans:
        end = _word_boundary(text, width)
        return [Fragment(text[:end])] + ([Fragment("…")] if end < len(text) else []) if text else []
    start = _window_start(text, spans[0][0], width)
    end = _word_boundary(text, min(len(text), start + width))
    return (
        ([Fragment("…")] if start > 0 else [])
        + _fragments(text, spans, start, end)
        + ([Fragment("…")] if end < len(text) else [])
    )


def marked(text: str, words: list[str], *, fuzzy: bool = False) -> list[Fragment]:
    """All of ``text`` (a title), with the words the query found marked."""
    return _fragments(text, _matches(text, words, fuzzy), 0, len(text))


def _matches(text: str, words: list[str], fuzzy: bool) -> list[tuple[int, int]]:
    stems = {s for s in (stem(w) for w in words) if s}
    spans = []
    for found in WORD.finditer(text):
        token = fold(found.group())
        if stem(token) in stems or (fuzzy and any(one_typo_apart(token, w) for w in words)):
            spans.append(found.span())
    return spans


def _fragments(text: str, spans: list[tuple[int, int]], start: int, end: int) -> list[Fragment]:
    fragments = []
    position = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        if span_start > position:
            fragments.append(Fragment(text[position:span_start]))
        fragments.append(Fragment(text[span_start:span_end], match=True))
        position = span_end
    if position < end:
        fragments.append(Fragment(text[position:end]))
    return fragments


def _window_start(text: str, first_match: int, width: int) -> int:
    """Start a little before the first match, at a word boundary."""
    start = max(0, first_match - width // 3)
    if start == 0:
        return 0
    space = text.find(" ", start, first_match)
    return space + 1 if space != -1 else first_match


def _word_boundary(text: str, end: int) -> int:
    if end >= len(text):
        return len(text)
    space = text.rfind(" ", 0, end)
    return space if space > 0 else end
