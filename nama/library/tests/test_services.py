"""Library services: who may write, what is audited, extraction and the search index."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from nama.core.audit import AuditEntry
from nama.core.models import Term
from nama.library import services
from nama.library.models import Collection, ExtractionStatus, Resource, ResourceType
from nama.library.tests.factories import add_resource
from nama.searchindex.models import SearchEntry
from nama.searchindex.selectors import search_for_user
from nama.testing.documents import docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def test_an_editor_adds_a_text_resource_that_is_indexed_and_audited(personas: Any) -> None:
    resource = add_resource(personas.editor, title="دليل الرصد", summary="ملخص", body="نص")

    assert resource.resource_type == ResourceType.TEXT
    entry = SearchEntry.objects.get(kind="library.resource", object_id=str(resource.pk))
    assert (entry.visibility, entry.display_title) == ("public", "دليل الرصد")
    assert AuditEntry.objects.filter(action="library.resource.created").count() == 1


@pytest.mark.parametrize("name", ["analyst", "director", "trainer", "sysadmin", "outsider"])
def test_only_editors_and_training_coordinators_write(personas: Any, name: str) -> None:
    with pytest.raises(PermissionDenied):
        add_resource(personas.get(name))
    assert not Resource.objects.exists()


def test_a_training_coordinator_may_add_resources(personas: Any) -> None:
    assert add_resource(personas.training_coordinator).pk


def test_a_docx_is_read_by_the_background_task(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    data = docx_bytes("دليلُ المدافعين", table=[["الحق", "في الحياة"]])
    with django_capture_on_commit_callbacks(execute=True):
        resource = add_resource(personas.editor, file=(data, "دليل.docx"), visibility="internal")

    resource.refresh_from_db()
    assert resource.resource_type == ResourceType.DOCUMENT
    assert resource.extraction_status == ExtractionStatus.DONE
    assert resource.extraction_progress == 100
    assert "دليلُ المدافعين" in resource.extracted_text
    assert "الحق | في الحياة" in resource.extracted_text
    # The extracted text is searchable (internal: staff only).
    assert search_for_user(user=personas.analyst, query="المدافعين").total == 1


def test_a_pdf_is_read_page_batch_by_page_batch_with_progress(
    personas: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    seen: list[int] = []
    original = services._set_progress

    def spy(pk: int, percent: int) -> None:
        seen.append(percent)
        original(pk, percent)

    monkeypatch.setattr(services, "_set_progress", spy)
    data = pdf_bytes(*[f"page {n} torture prevention" for n in range(1, 26)])
    with django_capture_on_commit_callbacks(execute=True):
        resource = add_resource(personas.editor, file=(data, "manual.pdf"))

    resource.refresh_from_db()
    assert resource.extraction_status == ExtractionStatus.DONE
    assert "page 25 torture prevention" in resource.extracted_text
    assert seen == [40, 80, 100]  # 25 pages, 10 a step
    assert search_for_user(user=AnonymousUser(), query="torture").total == 1


def test_a_broken_pdf_fails_and_can_be_retried(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        resource = add_resource(personas.editor, file=(b"%PDF-1.4\nnot really", "broken.pdf"))
    resource.refresh_from_db()
    assert resource.extraction_status == ExtractionStatus.FAILED
    assert resource.extraction_error

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.extraction_retry(resource=resource, by=personas.editor)
    resource.refresh_from_db()
    assert resource.extraction_status == ExtractionStatus.PENDING
    assert len(callbacks) == 1


def test_a_task_queued_twice_runs_once(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        resource = add_resource(personas.editor, file=(docx_bytes("نص"), "a.docx"))

    assert services.resource_extract_text(resource_id=resource.pk) == ExtractionStatus.DONE
    assert services.resource_extract_text(resource_id=resource.pk) == "skipped"


def test_an_image_makes_an_image_resource_without_extraction(personas: Any) -> None:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    resource = add_resource(personas.editor, file=(buffer.getvalue(), "poster.png"))

    assert resource.resource_type == ResourceType.IMAGE
    assert resource.extraction_status == ExtractionStatus.NONE


def test_a_video_link_makes_a_video_resource(personas: Any) -> None:
    resource = add_resource(personas.editor, video_url="https://example.org/v")
    assert resource.resource_type == ResourceType.VIDEO


def test_making_a_resource_internal_hides_it_from_the_public(personas: Any) -> None:
    resource = add_resource(personas.editor, title="دليل الحماية")
    assert search_for_user(user=AnonymousUser(), query="الحماية").total == 1

    services.resource_update(resource=resource, by=personas.editor, data={"visibility": "internal"})

    assert search_for_user(user=AnonymousUser(), query="الحماية").total == 0
    assert search_for_user(user=personas.director, query="الحماية").total == 1
    entry = AuditEntry.objects.filter(action="library.resource.changed").get()
    assert entry.data["fields"] == ["visibility"]


def test_removing_the_file_clears_the_extracted_text(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        resource = add_resource(personas.editor, file=(docx_bytes("كلمة_نادرة"), "a.docx"))
    services.resource_update(resource=resource, by=personas.editor, data={}, remove_file=True)

    resource.refresh_from_db()
    assert not resource.file
    assert resource.extracted_text == ""
    assert resource.resource_type == ResourceType.TEXT
    assert search_for_user(user=AnonymousUser(), query="كلمة_نادرة").total == 0


def test_deleting_a_resource_removes_its_index_entry(personas: Any) -> None:
    resource = add_resource(personas.editor)
    services.resource_delete(resource=resource, by=personas.editor)

    assert not SearchEntry.objects.filter(kind="library.resource").exists()
    assert AuditEntry.objects.filter(action="library.resource.deleted").exists()


def test_topics_are_set(personas: Any, topics: None) -> None:
    term = Term.objects.of("library_topic").get(code="03")
    resource = add_resource(personas.editor, topics=[term])
    assert list(resource.topics.all()) == [term]


def test_a_collection_name_is_searchable_and_its_removal_keeps_resources(personas: Any) -> None:
    collection = services.collection_save(
        by=personas.editor, data={"title": "Training manual", "description": ""}
    )
    assert collection.slug == "training-manual"
    resource = add_resource(personas.editor, title="الفصل الأول", collection=collection)
    assert search_for_user(user=AnonymousUser(), query="manual").hits[0].object_id == str(
        resource.pk
    )

    services.collection_delete(collection=collection, by=personas.editor)

    resource.refresh_from_db()
    assert resource.collection is None
    assert search_for_user(user=AnonymousUser(), query="manual").total == 0


def test_collection_slugs_stay_unique_for_arabic_titles(personas: Any) -> None:
    first = services.collection_save(by=personas.editor, data={"title": "دليل"})
    second = services.collection_save(by=personas.editor, data={"title": "دليل"})
    assert first.slug != second.slug
    assert Collection.objects.count() == 2
