"""The staff pages of the library: who opens what, adding a resource with a file and
seeing its text extracted, the progress partial, retry, delete, collections."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nama.accounts.models import User
from nama.core.audit import AuditEntry
from nama.core.models import Term
from nama.library import services
from nama.library.models import Collection, ExtractionStatus, Resource, Visibility
from nama.library.search import KIND
from nama.searchindex.models import SearchEntry
from nama.testing.documents import docx_bytes, pdf_bytes
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
Capture = Callable[..., Any]

LIST = "/en/library/manage/"
NEW = "/en/library/manage/new/"
COLLECTIONS = "/en/library/manage/collections/"
SCRIPT = "<script>alert(1)</script>"


def edit(resource: Resource) -> str:
    return f"/en/library/manage/{resource.pk}/"


def progress(resource: Resource) -> str:
    return f"{edit(resource)}progress/"


def retry(resource: Resource) -> str:
    return f"{edit(resource)}retry/"


def delete(resource: Resource) -> str:
    return f"{edit(resource)}delete/"


def collection_page(collection: Collection) -> str:
    return f"{COLLECTIONS}{collection.pk}/"


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> Any:
    return SimpleUploadedFile(name, data, content_type=content_type)


def form_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "دليل المدافعين عن حقوق الإنسان",
        "summary": "ملخص قصير",
        "body": "",
        "language": "ar",
        "audience": "defenders",
        "visibility": "public",
        "collection": "",
        "position": "",
        "authors": "فريق المركز",
        "published_on": "2024-05-01",
        "video_url": "",
    }
    data.update(changes)
    return data


def make_resource(by: User, **data: Any) -> Resource:
    values = {"title": "Internal guide", "visibility": Visibility.INTERNAL, **data}
    return services.resource_create(by=by, data=values)


@pytest.fixture
def resource(personas: Personas) -> Resource:
    return make_resource(personas.editor)


# ---------------------------------------------------------------------------
# Who may open what


@pytest.mark.parametrize("name", ["outsider", "sysadmin"])
def test_every_page_is_404_for_outsiders_and_the_system_administrator(
    name: str, resource: Resource, personas: Personas, verified_client: ClientFor
) -> None:
    collection = services.collection_save(by=personas.editor, data={"title": "Manual"})
    client = verified_client(personas.get(name))
    for url in (
        LIST,
        NEW,
        edit(resource),
        progress(resource),
        delete(resource),
        COLLECTIONS,
        collection_page(collection),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        NEW,
        edit(resource),
        retry(resource),
        delete(resource),
        COLLECTIONS,
        collection_page(collection),
        f"{collection_page(collection)}delete/",
    ):
        assert client.post(url, form_data()).status_code == 404, url
    assert Resource.objects.filter(pk=resource.pk).exists()
    assert Collection.objects.filter(pk=collection.pk).exists()


def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login_page(resource: Resource) -> None:
    response = Client().get(LIST)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_analyst_reads_the_list_with_internal_resources_but_cannot_manage(
    resource: Resource, personas: Personas, verified_client: ClientFor
) -> None:
    collection = services.collection_save(by=personas.editor, data={"title": "Manual"})
    client = verified_client(personas.analyst)
    response = client.get(LIST)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "Internal guide" in body
    assert f'href="/en/library/{resource.pk}/"' in body  # the public page, not the editor
    assert NEW not in body
    for url in (NEW, edit(resource), progress(resource), delete(resource), COLLECTIONS):
        assert client.get(url).status_code == 404, url
    assert client.get(collection_page(collection)).status_code == 404
    assert client.post(NEW, form_data()).status_code == 404
    assert client.post(delete(resource)).status_code == 404
    assert client.post(retry(resource)).status_code == 404
    assert Resource.objects.filter(pk=resource.pk).exists()


@pytest.mark.parametrize("name", ["editor", "training_coordinator"])
def test_library_managers_see_the_edit_links_and_the_buttons(
    name: str, resource: Resource, personas: Personas, verified_client: ClientFor
) -> None:
    body = verified_client(personas.get(name)).get(LIST).content.decode()
    assert f'href="{edit(resource)}"' in body
    assert f'href="{NEW}"' in body
    assert f'href="{COLLECTIONS}"' in body


def test_the_list_escapes_a_script_in_a_title(
    personas: Personas, verified_client: ClientFor
) -> None:
    make_resource(personas.editor, title=SCRIPT)
    body = verified_client(personas.editor).get(LIST).content.decode()
    assert SCRIPT not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_the_list_filters_by_visibility_collection_and_type(
    personas: Personas, verified_client: ClientFor
) -> None:
    manual = services.collection_save(by=personas.editor, data={"title": "Manual"})
    make_resource(personas.editor, title="Chapter one", collection=manual)
    make_resource(personas.editor, title="Open letter", visibility=Visibility.PUBLIC)
    make_resource(personas.editor, title="Talk", video_url="https://example.org/v")
    client = verified_client(personas.editor)
    body = client.get(LIST, {"visibility": "public"}).content.decode()
    assert "Open letter" in body
    assert "Chapter one" not in body
    body = client.get(LIST, {"collection": manual.pk}).content.decode()
    assert "Chapter one" in body
    assert "Open letter" not in body
    body = client.get(LIST, {"resource_type": "video"}).content.decode()
    assert "Talk" in body
    assert "Chapter one" not in body
    assert client.get(LIST, {"collection": "nonsense", "page": "x"}).status_code == 200


def test_a_search_in_the_list_finds_arabic_titles_written_without_hamza(
    personas: Personas, verified_client: ClientFor
) -> None:
    make_resource(personas.editor, title="دليل الإعلام الحقوقي")
    make_resource(personas.editor, title="تقرير سنوي")
    body = verified_client(personas.editor).get(LIST, {"q": "الاعلام"}).content.decode()
    assert "<mark>" in body
    assert "تقرير سنوي" not in body
    assert "1 resource" in body


def test_a_search_escapes_a_script_in_a_title(
    personas: Personas, verified_client: ClientFor
) -> None:
    make_resource(personas.editor, title=f"guide {SCRIPT}")
    body = verified_client(personas.editor).get(LIST, {"q": "guide"}).content.decode()
    assert SCRIPT not in body
    assert "<mark>guide</mark>" in body


def test_the_list_is_paginated_by_fifty(personas: Personas, verified_client: ClientFor) -> None:
    for n in range(51):
        Resource.objects.create(title=f"Resource {n:02d}")
    client = verified_client(personas.analyst)
    first = client.get(LIST).content.decode()
    assert "51 resources" in first
    assert "page=2" in first
    assert first.count("<tr>") == 51  # the header and 50 rows
    assert client.get(LIST, {"page": 2}).content.decode().count("<tr>") == 2


# ---------------------------------------------------------------------------
# Adding and editing a resource


def test_the_editor_adds_a_resource_with_a_docx_file_and_its_text_is_extracted(
    topics: None,
    personas: Personas,
    verified_client: ClientFor,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    topic = Term.objects.of("library_topic").active().first()
    assert topic is not None
    client = verified_client(personas.editor)
    page = client.get(NEW).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert f'value="{topic.pk}"' in page
    data = form_data(
        topics=[topic.pk],
        file=upload("دليل.docx", docx_bytes("الحق في محاكمة عادلة", "Fair trial"), DOCX),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW, data)
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert response["Location"] == edit(resource)
    assert resource.title == "دليل المدافعين عن حقوق الإنسان"
    assert resource.visibility == Visibility.PUBLIC
    assert list(resource.topics.all()) == [topic]
    assert resource.file_kind == "docx"
    assert resource.resource_type == "document"
    assert resource.extraction_status == ExtractionStatus.DONE
    assert "الحق في محاكمة عادلة" in resource.extracted_text
    entry = AuditEntry.objects.get(action="library.resource.created", target_id=str(resource.pk))
    assert entry.actor_id == personas.editor.pk
    page = client.get(response["Location"]).content.decode()
    assert "The resource was saved." in page
    assert f"Text extracted: {len(resource.extracted_text)} characters" in page
    assert "hx-trigger" not in page


def test_a_pdf_has_its_text_read_by_pdftotext(
    personas: Personas, verified_client: ClientFor, django_capture_on_commit_callbacks: Capture
) -> None:
    client = verified_client(personas.editor)
    data = form_data(
        file=upload("report.pdf", pdf_bytes("Annual report on detention"), "application/pdf")
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW, data)
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.file_kind == "pdf"
    assert resource.extraction_status == ExtractionStatus.DONE
    assert "Annual report on detention" in resource.extracted_text


def test_an_html_file_renamed_pdf_is_refused_and_what_was_typed_is_kept(
    personas: Personas, verified_client: ClientFor
) -> None:
    client = verified_client(personas.editor)
    fake = upload(
        "x.pdf", b"<html><body><script>alert(1)</script></body></html>", "application/pdf"
    )
    response = client.post(NEW, form_data(title="Typed title stays", file=fake))
    assert response.status_code == 400
    body = response.content.decode()
    assert "The library accepts PDF files, Word documents (DOCX) and images" in body
    assert 'value="Typed title stays"' in body
    assert "please choose it again" in body
    assert 'aria-invalid="true"' in body
    assert not Resource.objects.exists()


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "http://example.org/video", "ftp://example.org/v.mp4"]
)
def test_a_video_link_that_is_not_https_is_refused(
    url: str, personas: Personas, verified_client: ClientFor
) -> None:
    response = verified_client(personas.editor).post(NEW, form_data(video_url=url))
    assert response.status_code == 400
    assert 'id="id_video_url_error"' in response.content.decode()
    assert not Resource.objects.exists()


def test_an_https_video_link_makes_a_video_resource(
    personas: Personas, verified_client: ClientFor
) -> None:
    response = verified_client(personas.editor).post(
        NEW, form_data(video_url="https://video.example.org/watch?v=1")
    )
    assert response.status_code == 302
    assert Resource.objects.get().resource_type == "video"


def test_a_missing_title_is_a_400_with_the_other_fields_kept(
    personas: Personas, verified_client: ClientFor
) -> None:
    response = verified_client(personas.editor).post(NEW, form_data(title="", authors="Kept"))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="Kept"' in body
    assert "please choose it again" not in body  # no file was sent


def test_the_editor_changes_a_resource_and_the_change_is_audited(
    resource: Resource, personas: Personas, verified_client: ClientFor
) -> None:
    client = verified_client(personas.editor)
    page = client.get(edit(resource)).content.decode()
    assert 'value="Internal guide"' in page
    response = client.post(edit(resource), form_data(title="Renamed guide", visibility="internal"))
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.title == "Renamed guide"
    entry = AuditEntry.objects.get(action="library.resource.changed", target_id=str(resource.pk))
    assert "title" in entry.data["fields"]


def test_the_editor_removes_the_file_of_a_resource(
    personas: Personas, verified_client: ClientFor, django_capture_on_commit_callbacks: Capture
) -> None:
    client = verified_client(personas.editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEW, form_data(file=upload("a.docx", docx_bytes("Some text"), DOCX)))
    resource = Resource.objects.get()
    page = client.get(edit(resource)).content.decode()
    assert 'name="remove_file"' in page
    assert "Replace the file" in page
    assert "The text of a PDF or DOCX file is read automatically." in page
    assert "a.docx" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit(resource), form_data(remove_file="on"))
    assert response.status_code == 302
    resource.refresh_from_db()
    assert not resource.has_file
    assert resource.extracted_text == ""


def test_the_edit_page_escapes_a_script_in_the_title(
    personas: Personas, verified_client: ClientFor
) -> None:
    resource = make_resource(personas.editor, title=SCRIPT)
    body = verified_client(personas.editor).get(edit(resource)).content.decode()
    assert SCRIPT not in body


# ---------------------------------------------------------------------------
# Extraction progress, failure and retry


def test_the_progress_partial_polls_while_running_and_stops_when_done(
    personas: Personas, verified_client: ClientFor, django_capture_on_commit_callbacks: Capture
) -> None:
    client = verified_client(personas.editor)
    with django_capture_on_commit_callbacks(execute=False):  # the task does not run
        client.post(NEW, form_data(file=upload("a.docx", docx_bytes("Text"), DOCX)))
    resource = Resource.objects.get()
    Resource.objects.filter(pk=resource.pk).update(
        extraction_status=ExtractionStatus.RUNNING, extraction_progress=40
    )
    page = client.get(edit(resource)).content.decode()
    assert f'hx-get="{progress(resource)}"' in page
    assert 'hx-trigger="every 2s"' in page
    assert 'hx-swap="outerHTML"' in page
    assert f'href="{edit(resource)}"' in page  # "Refresh" without JavaScript
    partial = client.get(progress(resource))
    assert partial.status_code == 200
    text = partial.content.decode()
    assert '<progress id="extraction-progress" class="w-100" max="100" value="40">' in text
    assert "40% done." in text
    assert 'hx-trigger="every 2s"' in text
    assert "<html" not in text
    Resource.objects.filter(pk=resource.pk).update(
        extraction_status=ExtractionStatus.DONE, extraction_progress=100, extracted_text="Text"
    )
    text = client.get(progress(resource)).content.decode()
    assert "hx-trigger" not in text
    assert "Text extracted: 4 characters" in text


def test_a_failed_extraction_offers_to_try_again_and_retry_requeues(
    personas: Personas, verified_client: ClientFor, django_capture_on_commit_callbacks: Capture
) -> None:
    client = verified_client(personas.editor)
    broken = upload("broken.pdf", b"%PDF-1.4\nnot really a pdf\n", "application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(NEW, form_data(file=broken)).status_code == 302
    resource = Resource.objects.get()
    assert resource.extraction_status == ExtractionStatus.FAILED
    page = client.get(edit(resource)).content.decode()
    assert "The text of this file could not be read; the file can still be downloaded." in page
    assert f'action="{retry(resource)}"' in page
    assert "hx-trigger" not in page
    assert client.get(retry(resource)).status_code == 405
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(retry(resource))
    assert response.status_code == 302
    assert response["Location"] == edit(resource)
    assert len(callbacks) == 1  # the extraction task, queued on commit
    resource.refresh_from_db()
    assert resource.extraction_status == ExtractionStatus.PENDING
    assert AuditEntry.objects.filter(
        action="library.resource.extraction_retried", target_id=str(resource.pk)
    ).exists()


# ---------------------------------------------------------------------------
# Deleting


def test_the_editor_deletes_a_resource_and_its_search_entry(
    resource: Resource, personas: Personas, verified_client: ClientFor
) -> None:
    assert SearchEntry.objects.filter(kind=KIND, object_id=str(resource.pk)).exists()
    client = verified_client(personas.editor)
    page = client.get(delete(resource))
    assert page.status_code == 200
    assert "Internal guide" in page.content.decode()
    response = client.post(delete(resource))
    assert response.status_code == 302
    assert response["Location"] == LIST
    assert not Resource.objects.filter(pk=resource.pk).exists()
    assert not SearchEntry.objects.filter(kind=KIND, object_id=str(resource.pk)).exists()
    assert AuditEntry.objects.filter(
        action="library.resource.deleted", target_id=str(resource.pk)
    ).exists()
    assert "The resource was deleted." in client.get(LIST).content.decode()


def test_posts_without_a_csrf_token_are_refused(resource: Resource, personas: Personas) -> None:
    from nama.testing.fixtures import login_client

    client = login_client(personas.editor, verified=True, client=Client(enforce_csrf_checks=True))
    assert client.post(delete(resource)).status_code == 403
    assert client.post(NEW, form_data()).status_code == 403
    assert Resource.objects.filter(pk=resource.pk).exists()


# ---------------------------------------------------------------------------
# Collections


def test_the_editor_adds_edits_and_deletes_a_collection(
    resource: Resource, personas: Personas, verified_client: ClientFor
) -> None:
    client = verified_client(personas.editor)
    assert client.get(COLLECTIONS).status_code == 200
    response = client.post(
        COLLECTIONS, {"title": "Training manual", "description": "", "language": "ar", "slug": ""}
    )
    assert response.status_code == 302
    collection = Collection.objects.get()
    assert collection.slug == "training-manual"
    assert response["Location"] == collection_page(collection)
    resource.collection = collection
    resource.save()
    listing = client.get(COLLECTIONS).content.decode()
    assert "Training manual" in listing
    assert "<td>1</td>" in listing
    response = client.post(
        collection_page(collection),
        {"title": "Manual, 2nd edition", "description": "d", "language": "en", "slug": "manual"},
    )
    assert response.status_code == 302
    collection.refresh_from_db()
    assert (collection.title, collection.slug, collection.language) == (
        "Manual, 2nd edition",
        "manual",
        "en",
    )
    assert client.get(f"{collection_page(collection)}delete/").status_code == 405
    response = client.post(f"{collection_page(collection)}delete/")
    assert response.status_code == 302
    assert response["Location"] == COLLECTIONS
    assert not Collection.objects.exists()
    resource.refresh_from_db()
    assert resource.collection is None
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"library.collection.saved", "library.collection.deleted"} <= actions


def test_a_collection_without_a_title_or_with_a_taken_address_is_a_400(
    personas: Personas, verified_client: ClientFor
) -> None:
    services.collection_save(by=personas.editor, data={"title": "Manual", "slug": "manual"})
    client = verified_client(personas.editor)
    response = client.post(COLLECTIONS, {"title": "", "language": "ar", "description": "Kept"})
    assert response.status_code == 400
    assert "Kept" in response.content.decode()
    response = client.post(COLLECTIONS, {"title": "Other", "language": "ar", "slug": "manual"})
    assert response.status_code == 400
    assert "Another collection already has this address." in response.content.decode()
    assert Collection.objects.count() == 1


def test_collection_titles_are_escaped(personas: Personas, verified_client: ClientFor) -> None:
    collection = services.collection_save(by=personas.editor, data={"title": SCRIPT})
    client = verified_client(personas.editor)
    assert SCRIPT not in client.get(COLLECTIONS).content.decode()
    assert SCRIPT not in client.get(collection_page(collection)).content.decode()
