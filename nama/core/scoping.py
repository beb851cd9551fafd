"""The selector pattern: every read of sensitive objects is scoped to the user.

Views and API endpoints never query sensitive models directly. They call a
function in ``<app>/selectors.py`` that takes the acting user as ``user=`` and
returns only what that user may see::

    # nama/legal/selectors.py
    def case_list_for_user(*, user: User) -> QuerySet[LegalCase]:
        \"\"\"Cases the user may read: lawyers their own and their governorates'
        unassigned ones, coordinators and the director all.\"\"\"
        if not has_role(user, Role.LAWYER, Role.LEGAL_COORDINATOR, Role.DIRECTOR):
            return LegalCase.objects.none()
        cases = scope_by_governorate(LegalCase.objects.all(), user)
        ...
        return cases

    def case_get_for_user(*, user: User, pk: int) -> LegalCase:
        return get_object_for_user_or_404(case_list_for_user(user=user), pk=pk)

Two rules follow:

1. A selector first asks whether the user's roles may read this kind of
   record at all (``nama.core.roles``), then narrows by assignment and by
   governorate (``scope_by_governorate``).
2. A single object is fetched *through* the scoped queryset with
   ``get_object_for_user_or_404``, so an object outside the user's scope
   answers 404 exactly like one that does not exist: nobody learns that a
   record exists by being refused it.

``nama.accounts.selectors`` is the first worked example; docs/architecture.md
("Selectors and scoping") explains the pattern for new apps.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.db.models.constants import LOOKUP_SEP
from django.http import Http404

from nama.core.roles import scoped_governorates, sees_all_governorates

M = TypeVar("M", bound=models.Model)


def _is_many_valued(model: type[models.Model], path: str) -> bool:
    """Whether following ``path`` from ``model`` can match several rows (M2M or reverse FK)."""
    current: type[models.Model] | None = model
    for name in path.split(LOOKUP_SEP):
        if current is None:
            return False
        try:
            field = current._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        if field.many_to_many or field.one_to_many:
            return True
        current = field.related_model if field.is_relation else None  # type: ignore[assignment]
    return False


def scope_by_governorate(
    queryset: QuerySet[M], user: Any, *, field: str = "governorate"
) -> QuerySet[M]:
    """Keep the rows whose ``field`` lies in the user's governorate scope.

    ``field`` is a lookup path to a Governorate (``"governorate"``,
    ``"event__governorate"``, ``"governorates"`` for a many-to-many, ``"pk"``
    for a queryset of governorates). Users with a nationwide role get the
    queryset unchanged, rows without a governorate included; everyone else
    only rows in their own governorates; anonymous and deactivated users get
    nothing. The queryset is never widened: filter by role first.
    """
    if sees_all_governorates(user):
        return queryset
    governorate_ids = scoped_governorates(user).values("pk")
    lookup = {f"{field}__in": governorate_ids}
    if not _is_many_valued(queryset.model, field):
        return queryset.filter(**lookup)
    # A many-valued path would repeat a row once per matching governorate;
    # filtering by primary key keeps each row once without DISTINCT.
    matching = queryset.model._default_manager.filter(**lookup).values("pk")
    return queryset.filter(pk__in=matching)


def get_object_for_user_or_404(queryset: QuerySet[M], **lookup: Any) -> M:
    """One object from an already scoped ``queryset``, or 404.

    Missing, out of scope and malformed lookups (a non-numeric id, say) all
    answer the same 404, so the response never tells them apart.
    """
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
