"""Library objects for tests, made through the services like the pages make them."""

from __future__ import annotations

import io
from typing import Any

from nama.library import files, services
from nama.library.models import Resource


def add_resource(
    by: Any, *, file: tuple[bytes, str] | None = None, topics: Any = (), **data: Any
) -> Resource:
    """A resource added by ``by`` (a library manager); ``file`` is (bytes, name)."""
    data.setdefault("title", "دليل")
    data.setdefault("visibility", "public")
    checked = None
    if file is not None:
        content, name = file
        checked = files.check_upload(io.BytesIO(content), name=name, size=len(content))
    return services.resource_create(by=by, data=data, topics=topics, file=checked)
