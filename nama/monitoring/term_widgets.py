"""Vocabulary pickers of the event entry page: terms grouped by their broad term,
each option carrying ``data-nama-norm`` (its label folded by
``nama.core.text.normalize``) for the filter box of static/js/monitoring-entry.js,
and districts grouped by governorate. Values are term codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms

from nama.core.models import Term
from nama.core.text import normalize

__all__ = [
    "FILTER_FROM",
    "VOCABULARIES",
    "DistrictSelect",
    "TermChecklist",
    "TermChoiceField",
    "TermFieldMixin",
    "TermMultipleField",
    "TermSelect",
    "Vocabularies",
]

# A vocabulary picker gets a filter box when it offers more terms than this.
FILTER_FROM = 12

VOCABULARIES = (
    "act_type",
    "method_of_violence",
    "location_type",
    "victim_status",
    "victim_characteristic",
    "sex",
    "perpetrator_type",
    "right_affected",
    "source_connection",
    "source_reliability",
)


class Vocabularies:
    """The active terms of the page's vocabularies, read in one query per request.

    ``choices(key)`` groups terms under their top-level term (an ``<optgroup>``
    holding the broad term itself and the narrower ones); ``norms(key)`` maps a
    code to the folded text the filter box searches (the term and its group).
    """

    def __init__(self, keys: Iterable[str] = VOCABULARIES) -> None:
        terms = (
            Term.objects.active()
            .filter(vocabulary__key__in=list(keys))
            .select_related("vocabulary")
            .order_by("vocabulary__key", "sort_order", "code")
        )
        self._terms: dict[str, list[Term]] = {}
        self._by_code: dict[tuple[str, str], Term] = {}
        for term in terms:
            key = term.vocabulary.key
            self._terms.setdefault(key, []).append(term)
            self._by_code[(key, term.code)] = term
        self._choices: dict[str, list[Any]] = {}
        self._norms: dict[str, dict[str, str]] = {}

    def get(self, key: str, code: str) -> Term | None:
        return self._by_code.get((key, code))

    def _build(self, key: str) -> None:
        terms = self._terms.get(key, [])
        by_pk = {term.pk: term for term in terms}

        def root_of(term: Term) -> Term:
            seen = set()
            while term.parent_id in by_pk and term.pk not in seen:
                seen.add(term.pk)
                term = by_pk[term.parent_id]
            return term

        groups: dict[int, list[Term]] = {}
        for term in terms:
            groups.setdefault(root_of(term).pk, []).append(term)
        choices: list[Any] = []
        norms: dict[str, str] = {}
        for root_pk, members in groups.items():
            root = by_pk[root_pk]
            members.sort(key=lambda t: (t.pk != root_pk,))  # the broad term first
            for term in members:
                norms[term.code] = normalize(
                    term.name if term.pk == root_pk else f"{term.name} {root.name}"
                )
            if len(members) == 1:
                choices.append((root.code, root.name))
            else:
                choices.append((root.name, [(term.code, term.name) for term in members]))
        self._choices[key] = choices
        self._norms[key] = norms

    def choices(self, key: str) -> list[Any]:
        if key not in self._choices:
            self._build(key)
        return self._choices[key]

    def norms(self, key: str) -> dict[str, str]:
        if key not in self._norms:
            self._build(key)
        return self._norms[key]

    def count(self, key: str) -> int:
        return len(self._terms.get(key, []))


class FoldedOptionsMixin:
    """Options carry their folded label (``data-nama-norm``) for the filter box."""

    norms: Mapping[str, str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.norms = {}

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)  # type: ignore[misc]
        norm = self.norms.get(str(option["value"]))
        if norm:
            option["attrs"]["data-nama-norm"] = norm
        return option


class TermSelect(FoldedOptionsMixin, forms.Select):
    """A ``<select>`` of terms, grouped under their broad terms."""


class TermChecklist(FoldedOptionsMixin, forms.CheckboxSelectMultiple):
    """Checkboxes grouped like the vocabulary, in a scrolling box (several terms)."""

    template_name = "monitoring/_entry_checklist.html"


class TermFieldMixin:
    """A field offering the terms of one vocabulary; the terms arrive with :meth:`bind`."""

    filterable = False

    def setup(self, vocabulary: str, empty_label: Any) -> None:
        self.vocabulary = vocabulary
        self.empty_label = empty_label
        self.vocab: Vocabularies | None = None

    def bind(self, vocab: Vocabularies) -> None:
        field: Any = self
        self.vocab = vocab
        choices = vocab.choices(self.vocabulary)
        field.choices = [("", self.empty_label), *choices] if self.empty_label else choices
        field.widget.norms = vocab.norms(self.vocabulary)
        self.filterable = vocab.count(self.vocabulary) > FILTER_FROM

    def term(self, code: str) -> Term | None:
        assert self.vocab is not None
        return self.vocab.get(self.vocabulary, code)


class TermChoiceField(TermFieldMixin, forms.ChoiceField):
    widget = TermSelect

    def __init__(self, vocabulary: str, *, empty_label: Any = "—", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.setup(vocabulary, empty_label)

    def clean(self, value: Any) -> Term | None:
        code = super().clean(value)
        return self.term(code) if code else None


class TermMultipleField(TermFieldMixin, forms.MultipleChoiceField):
    widget = TermChecklist

    def __init__(self, vocabulary: str, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.setup(vocabulary, None)

    def clean(self, value: Any) -> list[Term]:
        codes = super().clean(value)
        return [term for code in codes if (term := self.term(code)) is not None]


class DistrictSelect(forms.Select):
    """Districts grouped by governorate; each option names its governorate for the JS."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.governorate_of: Mapping[str, str] = {}

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        governorate = self.governorate_of.get(str(option["value"]))
        if governorate:
            option["attrs"]["data-nama-governorate"] = governorate
        return option
