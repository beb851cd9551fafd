"""Staff pages of meetings with officials: who gets in, what they see, forms."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from nama.core.reference_data import load_reference_data
from nama.core.roles import Role
from nama.outreach import meeting_services as services
from nama.outreach.models.meetings import (
    CommitmentStatus,
    FollowUpStatus,
    Institution,
    Meeting,
)
from nama.outreach.tests.meeting_helpers import (
    make_commitment,
    make_followup,
    make_institution,
    make_meeting,
    today,
)
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

ClientFor = Callable[[Any], Client]
REFUSED = ["analyst", "monitor_baghdad", "trainer", "outsider", "sysadmin", "lawyer", "operator"]


@pytest.fixture
def world(personas: Personas) -> dict[str, Any]:
    institution = make_institution(personas.editor)
    meeting = make_meeting(personas.editor, institution)
    commitment = make_commitment(personas.editor, meeting)
    followup = make_followup(personas.editor, meeting)
    return {
        "institution": institution,
        "meeting": meeting,
        "commitment": commitment,
        "followup": followup,
    }


def _pages(world: dict[str, Any]) -> list[tuple[str, str]]:
    """(method, url) of every meeting page."""
    m, c, f, i = (world[k].pk for k in ("meeting", "commitment", "followup", "institution"))
    return [
        ("get", reverse("outreach:meetings")),
        ("get", reverse("outreach:meeting_add")),
        ("post", reverse("outreach:meeting_add")),
        ("get", reverse("outreach:meeting", args=[m])),
        ("get", reverse("outreach:meeting_edit", args=[m])),
        ("post", reverse("outreach:meeting_edit", args=[m])),
        ("post", reverse("outreach:commitment_add", args=[m])),
        ("post", reverse("outreach:followup_add", args=[m])),
        ("get", reverse("outreach:commitments")),
        ("post", reverse("outreach:commitment_update", args=[c])),
        ("get", reverse("outreach:my_followups")),
        ("post", reverse("outreach:followup_done", args=[f])),
        ("post", reverse("outreach:followup_cancel", args=[f])),
        ("get", reverse("outreach:institutions")),
        ("get", reverse("outreach:institution_add")),
        ("post", reverse("outreach:institution_add")),
        ("get", reverse("outreach:institution", args=[i])),
        ("get", reverse("outreach:institution_edit", args=[i])),
    ]


@pytest.mark.parametrize("name", REFUSED)
def test_other_roles_get_404_on_every_page_and_change_nothing(
    personas: Personas, verified_client: ClientFor, world: dict[str, Any], name: str
) -> None:
    client = verified_client(personas.get(name))
    for method, url in _pages(world):
        response = getattr(client, method)(url, {"text": "x", "status": "broken"})
        assert response.status_code == 404, (name, method, url)
    world["followup"].refresh_from_db()
    assert world["followup"].status == FollowUpStatus.OPEN
    assert world["meeting"].commitments.count() == 1


def test_anonymous_is_sent_to_login(world: dict[str, Any]) -> None:
    response = Client().get(reverse("outreach:meeting", args=[world["meeting"].pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("name", ["editor", "director"])
def test_editor_and_director_open_every_page(
    personas: Personas, verified_client: ClientFor, world: dict[str, Any], name: str
) -> None:
    client = verified_client(personas.get(name))
    for method, url in _pages(world):
        if method == "get":
            response = client.get(url)
            assert response.status_code == 200, url
            assert "no-store" in response["Cache-Control"]


def test_restricted_meeting_is_invisible_to_an_editor_not_present(
    personas: Personas, verified_client: ClientFor
) -> None:
    other_editor = personas._make("editor2", [Role.EDITOR], [])
    institution = make_institution(personas.director, name="جهاز الأمن الوطني")
    secret = make_meeting(
        personas.director, institution, title="لقاء مقيد", restricted=True, staff=[personas.editor]
    )
    make_commitment(personas.director, secret, text="التزام مقيد")
    followup = make_followup(personas.director, secret, owner=personas.editor)
    client = verified_client(other_editor)
    assert client.get(reverse("outreach:meeting", args=[secret.pk])).status_code == 404
    assert client.get(reverse("outreach:meeting_edit", args=[secret.pk])).status_code == 404
    post = client.post(reverse("outreach:followup_done", args=[followup.pk]))
    assert post.status_code == 404
    for url in (
        reverse("outreach:meetings"),
        reverse("outreach:commitments"),
        reverse("outreach:institution", args=[institution.pk]),
    ):
        page = client.get(url).content.decode()
        assert "لقاء مقيد" not in page
        assert "التزام مقيد" not in page
    # The editor present and the director see it.
    for user in (personas.editor, personas.director):
        response = verified_client(user).get(reverse("outreach:meeting", args=[secret.pk]))
        assert response.status_code == 200
        assert "التزام مقيد" in response.content.decode()


def test_typed_script_is_escaped_everywhere(personas: Personas, verified_client: ClientFor) -> None:
    evil = "<script>alert(1)</script>"
    institution = make_institution(personas.editor, name=evil, name_en=evil)
    meeting = make_meeting(personas.editor, institution, title=evil)
    make_commitment(personas.editor, meeting, text=evil)
    make_followup(personas.editor, meeting, text=evil)
    client = verified_client(personas.editor)
    for url in (
        reverse("outreach:meetings"),
        reverse("outreach:meeting", args=[meeting.pk]),
        reverse("outreach:commitments"),
        reverse("outreach:my_followups"),
        reverse("outreach:institutions"),
        reverse("outreach:institution", args=[institution.pk]),
    ):
        page = client.get(url).content.decode()
        assert evil not in page, url
        assert "&lt;script&gt;" in page, url


def test_meeting_form_keeps_everything_typed_on_error(
    personas: Personas, verified_client: ClientFor
) -> None:
    load_reference_data()
    institution = make_institution(personas.editor)
    client = verified_client(personas.director)
    response = client.post(
        "/en/outreach/meetings/new/",
        {
            "held_on": "",  # missing
            "institution": institution.pk,
            "title": "Meeting on detention",
            "officials": "Deputy minister\nDirector general",
            "summary": "They listened.",
            "confidentiality": "internal",
            "staff_present": [personas.director.pk],
            "event_references": "EV-NOPE-1",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Meeting on detention" in page
    assert "Deputy minister\nDirector general" in page
    assert "They listened." in page
    assert "This field is required." in page
    assert "No documented event you may open has the reference: EV-NOPE-1" in page
    assert not Meeting.objects.exists()
    # Editors may open no documented event: the field is not there for them.
    editor_form = verified_client(personas.editor).get("/en/outreach/meetings/new/")
    assert 'name="event_references"' not in editor_form.content.decode()


def test_meeting_add_then_commitment_and_followup(
    personas: Personas, verified_client: ClientFor
) -> None:
    institution = make_institution(personas.editor)
    client = verified_client(personas.editor)
    response = client.post(
        reverse("outreach:meeting_add"),
        {
            "held_on": today().isoformat(),
            "institution": institution.pk,
            "title": "لقاء مع الوزير",
            "confidentiality": "internal",
            "staff_present": [personas.editor.pk],
            "other_defenders": "3",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.other_defenders == 3
    response = client.post(
        reverse("outreach:commitment_add", args=[meeting.pk]),
        {"commitment-text": "فتح تحقيق", "commitment-due_on": ""},
    )
    assert response.status_code == 302
    commitment = meeting.commitments.get()
    response = client.post(
        reverse("outreach:followup_add", args=[meeting.pk]),
        {
            "followup-text": "متابعة الوزارة",
            "followup-owner": personas.director.pk,
            "followup-due_on": (today() + timedelta(days=14)).isoformat(),
            "followup-commitment": commitment.pk,
        },
    )
    assert response.status_code == 302
    assert meeting.followups.get().owner == personas.director


def test_commitment_form_error_keeps_text(personas: Personas, verified_client: ClientFor) -> None:
    meeting = make_meeting(personas.editor, make_institution(personas.editor))
    client = verified_client(personas.editor)
    response = client.post(
        f"/en/outreach/meetings/{meeting.pk}/commitments/",
        {"commitment-text": "", "commitment-made_by": "The deputy minister"},
    )
    assert response.status_code == 400
    assert "The deputy minister" in response.content.decode()
    commitment = make_commitment(personas.editor, meeting)
    response = client.post(
        f"/en/outreach/commitments/{commitment.pk}/",
        {f"c{commitment.pk}-status": "broken", f"c{commitment.pk}-notes": "No visit at all"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Say why the commitment is marked broken or withdrawn." in page
    assert "No visit at all" in page
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.OPEN


def test_followup_done_with_htmx_answers_the_row(
    personas: Personas, verified_client: ClientFor, world: dict[str, Any]
) -> None:
    client = verified_client(personas.editor)
    followup = world["followup"]
    response = client.post(
        reverse("outreach:followup_done", args=[followup.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith("<li")
    assert f'id="followup-{followup.pk}"' in body
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.DONE
    # Without htmx: back to the meeting.
    other = make_followup(personas.editor, world["meeting"])
    response = client.post(reverse("outreach:followup_cancel", args=[other.pk]))
    assert response.status_code == 302


def test_my_followups_lists_only_mine(personas: Personas, verified_client: ClientFor) -> None:
    meeting = make_meeting(personas.editor, make_institution(personas.editor))
    make_followup(personas.editor, meeting, text="عملي أنا")
    make_followup(personas.editor, meeting, owner=personas.director, text="عمل المدير")
    page = verified_client(personas.editor).get(reverse("outreach:my_followups"))
    text = page.content.decode()
    assert "عملي أنا" in text
    assert "عمل المدير" not in text


def test_open_commitments_page_numbers(personas: Personas, verified_client: ClientFor) -> None:
    justice = make_institution(personas.editor)
    council = make_institution(
        personas.editor, name="مجلس محافظة البصرة", name_en="Basra council", kind="council"
    )
    first = make_meeting(personas.editor, justice)
    second = make_meeting(personas.editor, council, title="لقاء المجلس")
    make_commitment(personas.editor, first, due_in=10)
    make_commitment(personas.editor, first, due_in=-5)  # overdue
    make_commitment(personas.editor, first, due_in=None)
    fulfilled = make_commitment(personas.editor, first)
    broken = make_commitment(personas.editor, second, due_in=-20)
    services.commitment_update(
        by=personas.editor, commitment=fulfilled, status=CommitmentStatus.FULFILLED
    )
    services.commitment_update(
        by=personas.editor, commitment=broken, status=CommitmentStatus.BROKEN, reason="رفض"
    )
    response = verified_client(personas.editor).get("/en/outreach/commitments/")
    page = response.content.decode()

    def row(institution_pk: int) -> str:
        start = page.index(f'data-institution="{institution_pk}"')
        return page[start : page.index("</tr>", start)]

    justice_row = row(justice.pk)
    assert '<td class="nama-open">3</td>' in justice_row
    assert '<span class="badge text-bg-danger">1</span>' in justice_row
    assert '<td class="nama-fulfilled">1</td>' in justice_row
    assert '<td class="nama-broken">0</td>' in justice_row
    council_row = row(council.pk)
    assert '<td class="nama-open">0</td>' in council_row
    assert '<td class="nama-broken">1</td>' in council_row
    # Each open commitment with its meeting.
    assert page.count(f"/outreach/meetings/{first.pk}/#commitment-") == 3


def test_defenders_are_named_to_the_director_only(
    personas: Personas, verified_client: ClientFor
) -> None:
    from nama.network.tests.factories import member

    defender = member(name="ليلى المدافعة")
    meeting = make_meeting(
        personas.director,
        make_institution(personas.director),
        defenders=[defender],
    )
    url = f"/en/outreach/meetings/{meeting.pk}/"
    director_page = verified_client(personas.director).get(url).content.decode()
    assert "ليلى المدافعة" in director_page
    editor_page = verified_client(personas.editor).get(url).content.decode()
    assert "ليلى المدافعة" not in editor_page
    assert "1 member of the network (names are shown to the director)" in editor_page
    # The editor's form has no defenders field, and saving keeps the link.
    form = verified_client(personas.editor).get(f"/en/outreach/meetings/{meeting.pk}/edit/")
    assert 'name="defenders"' not in form.content.decode()
    services.meeting_update(
        by=personas.editor, meeting=meeting, data={"title": "new"}, defenders=[]
    )
    assert list(meeting.defenders.all()) == [defender]
    api = verified_client(personas.director).get(
        reverse("api-meeting-detail", args=[meeting.pk]), headers={"Accept-Language": "en"}
    )
    assert "ليلى" not in api.content.decode()
    assert api.json()["linked_defenders"] == 1


def test_institution_form_keeps_typed_text_and_refuses_a_duplicate(
    personas: Personas, verified_client: ClientFor
) -> None:
    make_institution(personas.editor)
    client = verified_client(personas.editor)
    response = client.post(
        "/en/outreach/institutions/new/",
        {"name_ar": "وزارة العدل", "name_en": "Justice again", "kind": "ministry", "notes": "n1"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "An institution with this Arabic name exists already." in page
    assert "Justice again" in page
    assert "n1" in page
    response = client.post(
        "/en/outreach/institutions/new/",
        {"name_ar": "وزارة الداخلية", "name_en": "Ministry of Interior", "kind": "security"},
    )
    assert response.status_code == 302
    institution = Institution.objects.get(name_en="Ministry of Interior")
    response = client.post(
        f"/en/outreach/institutions/{institution.pk}/edit/",
        {"name_ar": "وزارة الداخلية", "name_en": "Interior", "kind": "ministry"},
    )
    assert response.status_code == 302
    institution.refresh_from_db()
    assert (institution.name_en, institution.kind) == ("Interior", "ministry")


def test_institution_page_shows_its_history(personas: Personas, verified_client: ClientFor) -> None:
    institution = make_institution(personas.editor)
    first = make_meeting(personas.editor, institution, title="اللقاء الأول", days_ago=90)
    make_meeting(personas.editor, institution, title="اللقاء الثاني", days_ago=5)
    make_commitment(personas.editor, first, text="وعد قديم")
    page = verified_client(personas.editor).get(
        reverse("outreach:institution", args=[institution.pk])
    )
    text = page.content.decode()
    assert text.index("اللقاء الثاني") < text.index("اللقاء الأول")
    assert "وعد قديم" in text


def test_list_filters_from_the_query_string(personas: Personas, verified_client: ClientFor) -> None:
    justice = make_institution(personas.editor)
    council = make_institution(personas.editor, name="مجلس محافظة بغداد", kind="council")
    make_meeting(personas.editor, justice, title="لقاء العدل")
    make_meeting(personas.editor, council, title="لقاء المجلس")
    client = verified_client(personas.editor)
    page = client.get(reverse("outreach:meetings"), {"institution": council.pk}).content.decode()
    assert "لقاء المجلس" in page
    assert "لقاء العدل" not in page
    # A malformed filter is ignored, not an error page.
    response = client.get(reverse("outreach:meetings"), {"period_start": "yesterday"})
    assert response.status_code == 200
    assert "لقاء العدل" in response.content.decode()
