"""Feeding and querying the search index (see the package docstring).

Owning apps call ``index_entry`` after saving a record and ``remove_entry``
after deleting it (or when it must no longer be found). They decide the
visibility: ``"public"`` entries are found by everyone, ``"internal"`` ones
only by callers passing ``include_internal=True``; callers that must restrict
further (a staff member who may read some cases only) filter the hits through
the owning app's selectors.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from nama.core.text import normalize, tokens
from nama.searchindex.backends import Filters, KindScope, backend
from nama.searchindex.models import SearchEntry, Visibility

__all__ = [
    "SearchHit",
    "count",
    "highlight",
    "index_entry",
    "localised_path",
    "rebuild_index",
    "remove_entry",
    "search",
    "site_path",
]

# Indexed text is capped so one huge document cannot exceed PostgreSQL's
# tsvector size limit (1 MB); both engines see the same capped text.
MAX_INDEXED_CHARS = 200_000
SNIPPET_SOURCE_CHARS = 2000
SNIPPET_CHARS = 240
MAX_QUERY_WORDS = 12
MAX_LIMIT = 100


@dataclass(frozen=True)
class SearchHit:
    kind: str
    object_id: str
    url: str
    title: str  # original text, not escaped: templates escape it
    language: str
    score: float
    snippet: SafeString  # escaped, matches wrapped in <mark>
    title_html: SafeString  # escaped, matches wrapped in <mark>

    @property
    def href(self) -> str:
        """``url`` in the current language (entries store paths without the /ar/ prefix)."""
        return localised_path(self.url)


def site_path(viewname: str, *args: object) -> str:
    """The path of a language-prefixed page without its prefix, for the index."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(viewname, args=args)
    prefix = f"/{settings.LANGUAGE_CODE}/"
    return "/" + path[len(prefix) :] if path.startswith(prefix) else path


def localised_path(path: str) -> str:
    """A path from ``site_path`` in the active language."""
    if not path.startswith("/") or path.startswith("//"):
        return path
    language = translation.get_language() or settings.LANGUAGE_CODE
    return f"/{language}{path}"


def _words(text: str) -> str:
    return " ".join(tokens(text[:MAX_INDEXED_CHARS]))


@transaction.atomic
def index_entry(
    kind: str,
    object_id: object,
    *,
    title: str,
    summary: str = "",
    body: str = "",
    visibility: str,
    language: str = "",
    url: str,
) -> SearchEntry:
    """Add or replace the index entry of one record."""
    if visibility not in Visibility.values:
        raise ValueError(f"visibility must be one of {Visibility.values}")
    source = "\n".join(part for part in (summary, body) if part)[:SNIPPET_SOURCE_CHARS]
    entry, _ = SearchEntry.objects.update_or_create(
        kind=kind,
        object_id=str(object_id),
        defaults={
            "visibility": visibility,
            "language": language,
            "url": url,
            "display_title": title[:300],
            "snippet_source": source,
            "title": _words(title),
            "summary": _words(summary),
            "body": _words(body),
        },
    )
    backend().write(entry)
    return entry


@transaction.atomic
def remove_entry(kind: str, object_id: object) -> None:
    """Remove one record from the index; nothing happens if it is not there."""
    for pk in SearchEntry.objects.filter(kind=kind, object_id=str(object_id)).values_list(
        "pk", flat=True
    ):
        backend().delete(pk)
    SearchEntry.objects.filter(kind=kind, object_id=str(object_id)).delete()


@transaction.atomic
def rebuild_index() -> None:
    """Rewrite the engine's index from the SearchEntry rows (SQLite; no-op on PostgreSQL)."""
    backend().rebuild()


def _query_words(query: str) -> list[str]:
    return tokens(query)[:MAX_QUERY_WORDS]


def search(
    query: str,
    *,
    include_internal: bool = False,
    kinds: Sequence[str] | None = None,
    language: str | None = None,
    include_public: bool = True,
    scopes: Sequence[KindScope] = (),
    limit: int = 20,
    offset: int = 0,
) -> list[SearchHit]:
    """Ranked hits for ``query``: every word must occur, the last one as a prefix.

    Ranking (backends module): all words in the title, then in title and
    summary, then anywhere; +1 for the exact phrase; then engine relevance,
    then the most recent update.

    Public entries are found when ``include_public``; internal ones only with
    ``include_internal`` (everything: tests, benchmarks, re-indexing) or
    through ``scopes`` (``nama.searchindex.scopes.scopes_for(user)``).
    """
    words = _query_words(query)
    if not words:
        return []
    limit = max(0, min(limit, MAX_LIMIT))
    filters = Filters(
        include_internal=include_internal,
        kinds=kinds,
        language=language,
        include_public=include_public,
        scopes=tuple(scopes),
    )
    rows = backend().search(words, filters, limit, max(0, offset))
    return [
        SearchHit(
            kind=row["kind"],
            object_id=row["object_id"],
            url=row["url"],
            title=row["display_title"],
            language=row["language"],
            score=float(row["score"]),
            snippet=snippet(row["snippet_source"], words),
            title_html=highlight(row["display_title"], words),
        )
        for row in rows
    ]


def count(
    query: str,
    *,
    include_internal: bool = False,
    kinds: Sequence[str] | None = None,
    language: str | None = None,
    include_public: bool = True,
    scopes: Sequence[KindScope] = (),
) -> int:
    """How many entries ``search`` would find in all (for pagination)."""
    words = _query_words(query)
    if not words:
        return 0
    filters = Filters(
        include_internal=include_internal,
        kinds=kinds,
        language=language,
        include_public=include_public,
        scopes=tuple(scopes),
    )
    return backend().count(words, filters)


# --- Snippets: matches found on the normalised text, shown on the original ---

_WORD = re.compile(r"[^\W_]+")


class _FoldTable(dict[int, str]):
    """``str.translate`` table folding one character at a time, filled as text is seen.

    Characters that fold to nothing (tashkeel, tatweel, invisible marks) or to
    more than one character are remembered: a text without any of them folds
    to a string of the same length, position for position (the fast path).
    """

    def __init__(self) -> None:
        super().__init__()
        self.irregular: set[str] = set()
        self._irregular_re: re.Pattern[str] | None = None

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = " " if ch.isspace() else normalize(ch)
        if len(folded) != 1:
            self.irregular.add(ch)
            self._irregular_re = None
        if len(self) < 65536:  # bounded: only characters actually seen
            self[code] = folded
        return folded

    def irregular_pattern(self) -> re.Pattern[str] | None:
        if not self.irregular:
            return None
        if self._irregular_re is None:
            self._irregular_re = re.compile(
                "[" + "".join(re.escape(ch) for ch in sorted(self.irregular)) + "]"
            )
        return self._irregular_re


_FOLD = _FoldTable()


def _fold_char(ch: str) -> str:
    return _FOLD[ord(ch)]


class _Origin:
    """Maps a position in the folded text back to the original text.

    Stored as pieces: a run of characters that fold one to one (an offset),
    or the characters one original character expanded to (a fixed position).
    """

    def __init__(self) -> None:
        self.starts: list[int] = []  # folded start of each piece
        self.pieces: list[tuple[int, bool]] = []  # (original start, fixed?)

    def add(self, folded_start: int, original_start: int, *, fixed: bool) -> None:
        self.starts.append(folded_start)
        self.pieces.append((original_start, fixed))

    def __getitem__(self, index: int) -> int:
        k = bisect.bisect_right(self.starts, index) - 1
        original, fixed = self.pieces[k]
        return original if fixed else original + index - self.starts[k]


def _fold_with_origin(text: str) -> tuple[str, _Origin | None]:
    """The folded text and, unless it is position for position, the way back.

    ``str.translate`` does the folding at C speed; only the characters that
    fold to nothing or to several characters are handled one by one.
    """
    flat = text.translate(_FOLD)  # also teaches the table every new character
    pattern = _FOLD.irregular_pattern()
    if pattern is None or (len(flat) == len(text) and pattern.search(text) is None):
        return flat, None
    parts: list[str] = []
    origin = _Origin()
    folded_at = 0
    position = 0
    for m in pattern.finditer(text):
        i = m.start()
        if i > position:
            run = text[position:i].translate(_FOLD)
            origin.add(folded_at, position, fixed=False)
            parts.append(run)
            folded_at += len(run)
        expanded = _FOLD[ord(text[i])]
        if expanded:
            origin.add(folded_at, i, fixed=True)
            parts.append(expanded)
            folded_at += len(expanded)
        position = i + 1
    if position < len(text):
        origin.add(folded_at, position, fixed=False)
        parts.append(text[position:].translate(_FOLD))
    return "".join(parts), origin


def _matches(text: str, words: list[str]) -> list[tuple[int, int]]:
    """(start, end) spans in ``text`` of its words that match the query words.

    Each original character is folded on its own and a map keeps, for every
    folded character, the original position it came from; the word spans
    found in the folded text are mapped back, so tashkeel or tatweel inside a
    word stay inside the highlighted span.
    """
    flat, origin = _fold_with_origin(text)
    exact, prefix = set(words), words[-1]
    spans = []
    for m in _WORD.finditer(flat):
        word = m.group()
        if word in exact or word.startswith(prefix):
            if origin is None:
                start, end = m.start(), m.end()
            else:
                start, end = origin[m.start()], origin[m.end() - 1] + 1
            # Marks and tatweel after the last letter belong to the word too.
            while end < len(text) and not _fold_char(text[end]):
                end += 1
            spans.append((start, end))
    return spans


def _render(text: str, spans: list[tuple[int, int]]) -> SafeString:
    out: list[str] = []
    pos = 0
    for start, end in spans:
        out.append(escape(text[pos:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped above


def highlight(text: str, words: list[str]) -> SafeString:
    """``text`` HTML-escaped, with the words matching ``words`` in <mark>."""
    return _render(text, _matches(text, words)) if words else escape(text)


def _first_spans(text: str, words: list[str], size: int) -> list[tuple[int, int]]:
    """The match spans of ``text`` as far as a snippet around the first one needs.

    Most texts match early: the start of the text is searched first, and the
    whole text only when the first match is not well inside that start.
    """
    head_end = text.find(" ", 2 * size)
    if head_end != -1:
        spans = _matches(text[:head_end], words)
        if spans and spans[0][0] + size < head_end:
            return spans
    return _matches(text, words)


def snippet(text: str, words: list[str], size: int = SNIPPET_CHARS) -> SafeString:
    """About ``size`` characters of ``text`` around its first match, escaped and highlighted."""
    spans = _first_spans(text, words, size) if words else []
    if spans:
        first = spans[0][0]
        start = max(0, first - size // 3)
        if start:  # begin on a word boundary
            space = text.find(" ", start, first)
            start = space + 1 if space != -1 else start
    else:
        start = 0
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    window = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    body = _render(text[start:end], window)
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")  # noqa: S308 - body is escaped by _render
