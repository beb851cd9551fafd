"""Search index: one full-text index that the library, news, requests, events and cases feed.

Owning apps call ``nama.searchindex.services.index_entry`` when a record is
saved and ``remove_entry`` when it is deleted or leaves the index; pages and the
API call ``search``. Text is folded by ``nama.core.text`` (DESIGN.md §5) in
Python, identically for the indexed text and the query, then handed to SQLite
FTS5 or PostgreSQL full-text search (``nama.searchindex.backends``).
"""
