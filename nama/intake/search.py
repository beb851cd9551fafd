"""Requests in the search index: reference, type and governorate only.

The narrative and everything about the complainant are encrypted at rest and
never copied into the (unencrypted) index; staff find a request by its
reference, type or governorate, and only when ``request_list_for_user`` lets
them read it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from nama.searchindex.scopes import Document, register_model
from nama.searchindex.services import site_path
from nama.searchindex.text import all_names, join

KIND = "intake.request"


def _document(request: Any) -> Document:
    return Document(
        title=request.reference,
        summary=join(all_names(request.request_type), all_names(request.governorate)),
        url=site_path("intake:request", request.pk),
    )


def _scope(user: Any) -> Any:
    from nama.intake.selectors import request_list_for_user

    return request_list_for_user(user=user)


def register() -> None:
    from nama.intake.models import Request

    register_model(KIND, Request, label=_("Request"), scope=_scope, document=_document)
