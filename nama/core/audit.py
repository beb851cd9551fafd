"""Append-only, hash-chained audit log (placeholder: filled in by the audit work)."""

from __future__ import annotations

from django.db import models


class AuditEntry(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "core"
