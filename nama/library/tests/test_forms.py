"""The library's staff forms on their own: what they accept, refuse and hand the service."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.utils import translation

from nama.core.models import Term
from nama.library import services
from nama.library.files import CheckedFile
from nama.library.forms import CollectionForm, ResourceFilterForm, ResourceForm
from nama.library.models import Collection, Resource
from nama.library.services import EDITABLE_FIELDS
from nama.library.tests.test_views import DOCX, form_data
from nama.testing.documents import docx_bytes, pdf_bytes
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db


def test_a_valid_resource_form_gives_the_service_exactly_its_editable_fields() -> None:
    form = ResourceForm(form_data())
    assert form.is_valid(), form.errors
    data = form.service_data()
    assert set(data) == set(EDITABLE_FIELDS)
    assert data["position"] == 0  # left empty
    assert data["published_on"] == date(2024, 5, 1)
    assert data["collection"] is None
    assert form.checked_file() is None
    assert not form.file_removal_asked()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "http://example.org/v",
        "data:text/html,<b>x</b>",
        "ftp://example.org/",
    ],
)
def test_a_video_link_must_be_https(url: str) -> None:
    form = ResourceForm(form_data(video_url=url))
    assert not form.is_valid()
    assert "video_url" in form.errors


def test_an_https_video_link_is_accepted() -> None:
    form = ResourceForm(form_data(video_url="https://example.org/watch?v=1"))
    assert form.is_valid(), form.errors
    assert form.service_data()["video_url"] == "https://example.org/watch?v=1"


def test_an_uploaded_docx_is_checked_by_its_bytes() -> None:
    upload = SimpleUploadedFile("guide.docx", docx_bytes("Text"), content_type=DOCX)
    form = ResourceForm(form_data(), {"file": upload})
    assert form.is_valid(), form.errors
    checked = form.checked_file()
    assert isinstance(checked, CheckedFile)
    assert (checked.kind, checked.name) == ("docx", "guide.docx")


def test_a_pdf_without_the_pdf_extension_gets_it() -> None:
    upload = SimpleUploadedFile("report", pdf_bytes("Hello"), content_type="text/plain")
    form = ResourceForm(form_data(), {"file": upload})
    assert form.is_valid(), form.errors
    checked = form.checked_file()
    assert checked is not None
    assert (checked.kind, checked.name) == ("pdf", "report.pdf")


def test_html_named_pdf_is_an_error_on_the_file_field() -> None:
    upload = SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script></html>")
    form = ResourceForm(form_data(), {"file": upload})
    with translation.override("en"):
        assert not form.is_valid()
        assert list(form.errors) == ["file"]
        assert "The library accepts PDF files" in form.errors["file"][0]


def test_topics_offer_active_terms_and_keep_a_retired_one_already_chosen(
    topics: None, personas: Personas
) -> None:
    active = list(Term.objects.of("library_topic").active().order_by("sort_order", "code")[:2])
    assert len(active) == 2
    resource = services.resource_create(
        by=personas.editor, data={"title": "Guide"}, topics=[active[0]]
    )
    Term.objects.filter(pk=active[0].pk).update(retired_at="2024-01-01T00:00:00Z")
    new_form = ResourceForm()
    offered = set(new_form.fields["topics"].queryset)  # type: ignore[attr-defined]
    assert active[0] not in offered
    assert active[1] in offered
    edit_form = ResourceForm(resource=resource)
    assert active[0] in set(edit_form.fields["topics"].queryset)  # type: ignore[attr-defined]
    assert edit_form.initial["topics"] == [active[0].pk]


def test_the_remove_file_box_is_only_there_when_the_resource_has_a_file(
    personas: Personas,
) -> None:
    resource = services.resource_create(by=personas.editor, data={"title": "Guide"})
    assert "remove_file" not in ResourceForm(resource=resource).fields
    assert "remove_file" not in ResourceForm().fields
    resource_with_file = Resource(pk=resource.pk, title="x", file="library/abc", file_kind="pdf")
    form = ResourceForm(resource=resource_with_file)
    assert "remove_file" in form.fields


def test_the_filter_form_ignores_invalid_values() -> None:
    form = ResourceFilterForm(
        QueryDict("q=+guide+&visibility=secret&collection=999&resource_type=video")
    )
    assert form.values() == {
        "q": "guide",
        "visibility": "",
        "collection": None,
        "resource_type": "video",
    }


def test_the_collection_form_refuses_an_address_already_taken(personas: Personas) -> None:
    manual = services.collection_save(by=personas.editor, data={"title": "M", "slug": "manual"})
    form = CollectionForm({"title": "Other", "language": "ar", "slug": "manual"})
    assert not form.is_valid()
    assert "slug" in form.errors
    same = CollectionForm({"title": "M", "language": "ar", "slug": "manual"}, collection=manual)
    assert same.is_valid(), same.errors
    assert Collection.objects.count() == 1


def test_the_collection_form_refuses_an_address_with_spaces_or_arabic() -> None:
    for slug in ("two words", "دليل"):
        form = CollectionForm({"title": "T", "language": "ar", "slug": slug})
        assert not form.is_valid()
        assert "slug" in form.errors
