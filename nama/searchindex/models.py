"""One row per searchable record, whichever app owns it.

Write only through ``nama.searchindex.services``: on SQLite the FTS5 table is
kept in step by the service, not by database triggers, so that the text
normalisation stays in Python (a row saved behind the service's back is
invisible to search until ``services.rebuild_index()``).

``title``, ``summary`` and ``body`` hold the *normalised* words (``tokens()``
joined by spaces), for matching only. Display text stays in the owning record;
the index keeps just ``display_title`` and ``snippet_source`` (the start of the
original summary and body) to show results without a second query.
"""

from __future__ import annotations

from django.db import models

__all__ = ["SearchEntry", "Visibility"]


class Visibility(models.TextChoices):
    PUBLIC = "public", "public"
    INTERNAL = "internal", "internal"


class SearchEntry(models.Model):
    kind = models.CharField(max_length=64)  # "library.resource", "news.article", ...
    object_id = models.CharField(max_length=64)
    visibility = models.CharField(max_length=16, choices=Visibility.choices)
    language = models.CharField(max_length=16, blank=True)
    url = models.CharField(max_length=500)
    display_title = models.CharField(max_length=300)
    snippet_source = models.TextField(blank=True)
    title = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="searchindex_kind_object"),
        ]
        indexes = [models.Index(fields=["visibility", "kind"], name="searchindex_vis_kind")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
