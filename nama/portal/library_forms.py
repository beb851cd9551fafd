"""The GET forms of the public library and the site search.

Both only narrow what a page shows, so a value that does not fit (a topic id
that is not one of the choices, a page of letters, an unknown kind) is dropped
rather than answered with an error: ``parse_get`` keeps the valid fields.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from nama.core.forms import AccessibleFormMixin
from nama.core.models import Term
from nama.library.models import Collection, ResourceLanguage, ResourceType

__all__ = ["MAX_QUERY", "LibraryFilterForm", "SiteSearchForm", "parse_get"]

MAX_QUERY = 200  # longer queries are cut, not refused

FormT = TypeVar("FormT", bound=forms.Form)


class _QueryField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Search for"),
            required=False,
            widget=forms.TextInput(
                attrs={
                    "type": "search",
                    "maxlength": MAX_QUERY,
                    "dir": "auto",
                    "enterkeyhint": "search",
                }
            ),
            **kwargs,
        )

    def clean(self, value: Any) -> str:
        return str(super().clean(value))[:MAX_QUERY].strip()


class LibraryFilterForm(AccessibleFormMixin, forms.Form):
    q = _QueryField()
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    collection = forms.ChoiceField(label=_("Collection"), required=False)
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *ResourceType.choices],
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All languages")), *ResourceLanguage.choices],
    )

    def __init__(
        self,
        *args: Any,
        topics: Iterable[Term] = (),
        collections: Iterable[Collection] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._topics = {str(topic.pk): topic for topic in topics}
        self._collections = {collection.slug: collection for collection in collections}
        topic_field: Any = self.fields["topic"]
        topic_field.choices = [("", _("All topics"))] + [
            (pk, topic.name) for pk, topic in self._topics.items()
        ]
        collection_field: Any = self.fields["collection"]
        collection_field.choices = [("", _("All collections"))] + [
            (slug, collection.title) for slug, collection in self._collections.items()
        ]
        self.style_widgets()

    def filters(self) -> dict[str, Any]:
        """Keyword arguments of ``resource_filter`` / ``resource_search`` (valid form only)."""
        data = self.cleaned_data
        return {
            "topic": self._topics.get(data.get("topic") or ""),
            "collection": self._collections.get(data.get("collection") or ""),
            "resource_type": data.get("type") or "",
            "language": data.get("language") or "",
        }

    @property
    def has_filters(self) -> bool:
        return any(
            self.cleaned_data.get(name) for name in ("topic", "collection", "type", "language")
        )


class SiteSearchForm(AccessibleFormMixin, forms.Form):
    q = _QueryField()
    kind = forms.ChoiceField(label=_("Type"), required=False)

    def __init__(self, *args: Any, kinds: Iterable[tuple[str, Any]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind_field: Any = self.fields["kind"]
        kind_field.choices = [("", _("Everything")), *kinds]
        self.style_widgets()


def parse_get(form_class: type[FormT], data: QueryDict, **kwargs: Any) -> FormT:
    """A valid bound form of ``data``'s fields, invalid fields left out, the query cut."""
    if len(data.get("q", "")) > MAX_QUERY:
        data = data.copy()
        data["q"] = str(data.get("q", ""))[:MAX_QUERY]
    form = form_class(data, **kwargs)
    if form.is_valid():
        return form
    kept = QueryDict(mutable=True)
    for name in form.fields:
        if name in data and name not in form.errors:
            kept[name] = str(data.get(name, ""))
    form = form_class(kept, **kwargs)
    form.is_valid()  # every remaining field is valid
    return form
