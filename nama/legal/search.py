"""Legal cases in the search index: reference, subject, court and governorate.

The court case number, the opposing party, the summary, the client and the
notes are encrypted or privileged and never copied into the (unencrypted)
index. Staff find a case only when ``case_list_for_user`` lets them read it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from nama.searchindex.scopes import Document, register_model
from nama.searchindex.services import site_path
from nama.searchindex.text import all_names, join

KIND = "legal.case"


def _document(case: Any) -> Document:
    return Document(
        title=f"{case.reference} · {case.subject}",
        summary=join(case.court, all_names(case.service), all_names(case.governorate)),
        url=site_path("legal:case", case.pk),
    )


def _scope(user: Any) -> Any:
    from nama.legal.selectors import case_list_for_user

    return case_list_for_user(user=user)


def register() -> None:
    from nama.legal.models import LegalCase

    register_model(KIND, LegalCase, label=_("Legal case"), scope=_scope, document=_document)
