"""The database side of search: SQLite FTS5 or PostgreSQL full-text search.

Both receive words already folded by ``nama.core.text.tokens`` and both answer
the same question the same way:

- a record matches when every query word occurs in it (title, summary or body,
  any mix); the last word also matches as a prefix (search as you type);
- its score is ``tier + phrase + relevance``: tier 3 when all words are in the
  title, 2 when all are in title and summary, else 1; ``phrase`` adds 1 when the
  query's words occur side by side in one field (queries of two words or
  more); ``relevance`` is the engine's own rank squashed into [0, 1) (FTS5 bm25
  weighted 10/4/1, PostgreSQL ts_rank with weights A/B/C), so it only orders
  records within the same tier and phrase bonus;
- ties go to the most recently updated record, then the highest id.

The tier and phrase parts are computed with the same boolean queries on both
engines, so the order of results is the same on both up to ``relevance``.
"""

# SQL is assembled from fixed table and column names and "%s" placeholders only;
# every value, the query terms included, is passed as a parameter.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from nama.searchindex.models import SearchEntry

__all__ = ["Filters", "KindScope", "backend"]

TABLE = SearchEntry._meta.db_table
FTS_TABLE = "searchindex_fts"
COLUMNS = "e.id, e.kind, e.object_id, e.url, e.display_title, e.snippet_source, e.language"


@dataclass(frozen=True)
class KindScope:
    """Entries of ``kind`` whose ``object_id`` is in a subquery (``sql`` with ``params``).

    The subquery comes from the owning app's selector (``nama.searchindex.scopes``)
    and selects object ids as text; ``sql=None`` allows every entry of the kind.
    """

    kind: str
    sql: str | None = None
    params: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Filters:
    """Which entries a search may return.

    An entry is allowed when it is public (and ``include_public``), when
    ``include_internal`` allows everything, or when one of ``scopes`` allows
    it; ``kinds`` and ``language`` then narrow the allowed entries.
    """

    include_internal: bool = False
    kinds: Sequence[str] | None = None
    language: str | None = None
    include_public: bool = True
    scopes: Sequence[KindScope] = ()

    def _allowed(self) -> tuple[str, list[Any]]:
        if self.include_internal:
            return "", []
        alternatives: list[str] = []
        params: list[Any] = []
        if self.include_public:
            alternatives.append("e.visibility = %s")
            params.append("public")
        for scope in self.scopes:
            if scope.sql is None:
                alternatives.append("e.kind = %s")
                params.append(scope.kind)
            else:
                alternatives.append(f"(e.kind = %s AND e.object_id IN ({scope.sql}))")
                params.extend([scope.kind, *scope.params])
        if not alternatives:
            return "1 = 0", []
        return "(" + " OR ".join(alternatives) + ")", params

    def sql(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        allowed, allowed_params = self._allowed()
        if allowed:
            clauses.append(allowed)
            params.extend(allowed_params)
        if self.kinds is not None:
            kinds = list(self.kinds)
            if not kinds:
                clauses.append("1 = 0")
            else:
                clauses.append(f"e.kind IN ({', '.join(['%s'] * len(kinds))})")
                params.extend(kinds)
        if self.language:
            clauses.append("e.language = %s")
            params.append(self.language)
        return "".join(f" AND {c}" for c in clauses), params


class SqliteBackend:
    """FTS5 table ``searchindex_fts`` whose rowid is the SearchEntry id."""

    def write(self, entry: SearchEntry) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [entry.pk])
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
                [entry.pk, entry.title, entry.summary, entry.body],
            )

    def delete(self, pk: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [pk])

    def rebuild(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body) "
                f"SELECT id, title, summary, body FROM {TABLE}"
            )

    @staticmethod
    def _terms(words: list[str]) -> str:
        # Words are letters and digits only (tokens()), so quoting cannot break out.
        quoted = [f'"{w}"' for w in words]
        quoted[-1] += "*"
        return " ".join(quoted)

    def _queries(self, words: list[str]) -> dict[str, str]:
        terms = self._terms(words)
        return {
            "all": terms,
            "title": f"{{title}} : ({terms})",
            "title_summary": f"{{title summary}} : ({terms})",
            "phrase": f'"{" ".join(words)}"*',
        }

    def search(self, words: list[str], filters: Filters, limit: int, offset: int) -> list[dict]:
        q = self._queries(words)
        where, params = filters.sql()
        phrase = (
            f"(CASE WHEN e.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) "
            "THEN 1 ELSE 0 END)"
            if len(words) > 1
            else "0"
        )
        sql = (
            f"SELECT {COLUMNS}, "
            f"(CASE WHEN e.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) THEN 3 "
            f"WHEN e.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) THEN 2 "
            f"ELSE 1 END) + {phrase} "
            f"+ (-bm25({FTS_TABLE}, 10.0, 4.0, 1.0)) / (1.0 - bm25({FTS_TABLE}, 10.0, 4.0, 1.0)) "
            "AS score "
            f"FROM {FTS_TABLE} JOIN {TABLE} e ON e.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s{where} "
            "ORDER BY score DESC, e.updated_at DESC, e.id DESC LIMIT %s OFFSET %s"
        )
        args: list[Any] = [q["title"], q["title_summary"]]
        if len(words) > 1:
            args.append(q["phrase"])
        args += [q["all"], *params, limit, offset]
        return _fetch(sql, args)

    def count(self, words: list[str], filters: Filters) -> int:
        where, params = filters.sql()
        sql = (
            f"SELECT COUNT(*) FROM {FTS_TABLE} JOIN {TABLE} e ON e.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s{where}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self._queries(words)["all"], *params])
            return cursor.fetchone()[0]


class PostgresBackend:
    """Generated column ``document`` (tsvector, ``simple``, weights A/B/C) with a GIN index."""

    def write(self, entry: SearchEntry) -> None:  # the generated column follows the row
        pass

    def delete(self, pk: int) -> None:
        pass

    def rebuild(self) -> None:
        pass

    @staticmethod
    def _queries(words: list[str]) -> dict[str, str]:
        # Words are letters and digits only (tokens()), so they cannot inject operators.
        def terms(weights: str = "", joiner: str = " & ") -> str:
            parts = [f"{w}:{weights}" if weights else w for w in words]
            last = f"{words[-1]}:*{weights}"
            return joiner.join([*parts[:-1], last])

        return {
            "all": terms(),
            "title": terms("A"),
            "title_summary": terms("AB"),
            "phrase": " | ".join(f"({terms(w, ' <-> ')})" for w in "ABC"),
        }

    def search(self, words: list[str], filters: Filters, limit: int, offset: int) -> list[dict]:
        q = self._queries(words)
        where, params = filters.sql()
        phrase = (
            "(CASE WHEN e.document @@ to_tsquery('simple', %s) THEN 1 ELSE 0 END)"
            if len(words) > 1
            else "0"
        )
        sql = (
            f"SELECT {COLUMNS}, "
            "(CASE WHEN e.document @@ to_tsquery('simple', %s) THEN 3 "
            "WHEN e.document @@ to_tsquery('simple', %s) THEN 2 ELSE 1 END) "
            f"+ {phrase} + ts_rank(e.document, to_tsquery('simple', %s), 32) AS score "
            f"FROM {TABLE} e WHERE e.document @@ to_tsquery('simple', %s){where} "
            "ORDER BY score DESC, e.updated_at DESC, e.id DESC LIMIT %s OFFSET %s"
        )
        args: list[Any] = [q["title"], q["title_summary"]]
        if len(words) > 1:
            args.append(q["phrase"])
        args += [q["all"], q["all"], *params, limit, offset]
        return _fetch(sql, args)

    def count(self, words: list[str], filters: Filters) -> int:
        where, params = filters.sql()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {TABLE} e "
                f"WHERE e.document @@ to_tsquery('simple', %s){where}",
                [self._queries(words)["all"], *params],
            )
            return cursor.fetchone()[0]


def _fetch(sql: str, args: list[Any]) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def backend() -> SqliteBackend | PostgresBackend:
    if connection.vendor == "sqlite":
        return SqliteBackend()
    if connection.vendor == "postgresql":
        return PostgresBackend()
    raise NotImplementedError(f"no search backend for {connection.vendor}")
