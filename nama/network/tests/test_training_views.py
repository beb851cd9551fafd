"""Staff pages of trainings: who gets in (404 for the rest), the attendance sheet,
issuing, downloading and revoking certificates, forms that keep what was typed."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest
from django.test import Client

from nama.accounts.models import User
from nama.core.roles import Role
from nama.network.models import Attendance, Certificate, SessionStatus, TrainingSession
from nama.network.tests import test_training_factories as make
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]


@pytest.fixture
def other_trainer(personas: Personas) -> User:
    return personas._make("trainer_erbil", [Role.TRAINER], [personas.erbil])


@pytest.fixture
def held(personas: Personas) -> tuple[TrainingSession, dict]:
    return make.held_session(personas.training_coordinator, personas.trainer)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("trainer", 200),
        ("training_coordinator", 200),
        ("director", 200),
        ("editor", 404),
        ("outsider", 404),
        ("analyst", 404),
        ("lawyer", 404),
        ("sysadmin", 404),
    ],
)
def test_who_reads_a_session(
    personas: Personas, verified_client: Login, held: tuple, who: str, status: int
) -> None:
    training, _people = held
    client = verified_client(personas.get(who))
    assert client.get(f"/en/network/trainings/sessions/{training.pk}/").status_code == status
    assert client.get("/en/network/trainings/").status_code == status
    assert client.get(f"/en/network/trainings/courses/{training.course_id}/").status_code == status


@pytest.mark.parametrize("who", ["other_trainer", "outsider"])
def test_a_trainer_of_another_session_and_an_outsider_get_404_everywhere(
    verified_client: Login, held: tuple, other_trainer: User, personas: Personas, who: str
) -> None:
    training, people = held
    client = verified_client(other_trainer if who == "other_trainer" else personas.outsider)
    certificate = Certificate.objects.create(
        participant=people["sara"],
        code="A" * 15,
        printed_name="x",
        course_title_ar="x",
        course_title_en="x",
        issued_at=training.created_at,
    )
    base = f"/en/network/trainings/sessions/{training.pk}"
    day = training.days.first()
    for url in (
        f"{base}/",
        f"{base}/edit/",
        f"{base}/days/{day.pk}/",
        f"{base}/participants/{people['sara'].pk}/",
        f"{base}/certificates/download/?lang=ar",
        f"/en/network/trainings/certificates/{certificate.pk}/download/?lang=ar",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{base}/days/{day.pk}/", {"present": []}).status_code == 404
    assert client.post(f"{base}/certificates/").status_code == 404
    assert client.post(f"{base}/participants/", {"name": "x"}).status_code == 404
    # The courses list is open to trainers, but shows no session of others.
    page = client.get("/en/network/trainings/")
    assert f"/sessions/{training.pk}/" not in page.content.decode()
    assert not Certificate.objects.exclude(pk=certificate.pk).exists()


def test_the_director_reads_but_changes_nothing(
    personas: Personas, verified_client: Login, held: tuple
) -> None:
    training, _people = held
    client = verified_client(personas.director)
    day = training.days.first()
    base = f"/en/network/trainings/sessions/{training.pk}"
    assert client.get(f"{base}/days/{day.pk}/").status_code == 200
    assert client.post(f"{base}/days/{day.pk}/", {"present": []}).status_code == 404
    assert client.post(f"{base}/certificates/").status_code == 404
    assert client.get("/en/network/trainings/courses/new/").status_code == 404
    assert Attendance.objects.filter(day=day, present=True).count() == 3


def test_the_attendance_sheet_saves_a_day_at_once_with_htmx(
    personas: Personas, verified_client: Login, held: tuple
) -> None:
    training, people = held
    client = verified_client(personas.trainer)
    day = training.days.order_by("date").last()
    url = f"/en/network/trainings/sessions/{training.pk}/days/{day.pk}/"
    response = client.post(
        url, {"present": [people["huda"].pk, 999999, "x"]}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Saved: 1 of 3 present." in response.content.decode()
    assert "<html" not in response.content.decode()
    present = set(
        Attendance.objects.filter(day=day, present=True).values_list("participant", flat=True)
    )
    assert present == {people["huda"].pk}
    page = client.get(url).content.decode()
    assert f'id="present-{people["huda"].pk}" checked' in page
    assert 'hx-post="' in page


def test_issuing_from_the_page_lists_who_got_none_and_why(
    personas: Personas, verified_client: Login, held: tuple
) -> None:
    training, _people = held
    client = verified_client(personas.trainer)
    response = client.post(f"/en/network/trainings/sessions/{training.pk}/certificates/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "2 certificates issued now." in text
    assert "Present 1 of 3 days (33%); the course asks for 60%." in text
    again = client.post(f"/en/network/trainings/sessions/{training.pk}/certificates/")
    assert "0 certificates issued now." in again.content.decode()
    assert Certificate.objects.count() == 2


def test_certificates_download_as_pdf_and_zip(
    personas: Personas, verified_client: Login, held: tuple
) -> None:
    training, people = held
    client = verified_client(personas.trainer)
    client.post(f"/en/network/trainings/sessions/{training.pk}/certificates/")
    certificate = Certificate.objects.get(participant=people["sara"])
    one = client.get(f"/en/network/trainings/certificates/{certificate.pk}/download/?lang=ar")
    assert one["Content-Type"] == "application/pdf"
    assert (
        one["Content-Disposition"]
        == f'attachment; filename="certificate-C{certificate.pk:05d}-ar.pdf"'
    )
    assert one.content.startswith(b"%PDF")
    assert (
        client.get(
            f"/en/network/trainings/certificates/{certificate.pk}/download/?lang=fr"
        ).status_code
        == 404
    )
    archive = client.get(
        f"/en/network/trainings/sessions/{training.pk}/certificates/download/?lang=en&format=zip"
    )
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert len(names) == 2
    assert all(name.endswith("-en.pdf") for name in names)


def test_only_the_coordinator_revokes(
    personas: Personas, verified_client: Login, held: tuple
) -> None:
    training, people = held
    verified_client(personas.trainer).post(
        f"/en/network/trainings/sessions/{training.pk}/certificates/"
    )
    certificate = Certificate.objects.get(participant=people["ali"])
    url = f"/en/network/trainings/certificates/{certificate.pk}/revoke/"
    assert verified_client(personas.trainer).post(url, {"reason": "x"}).status_code == 404
    coordinator = verified_client(personas.training_coordinator)
    assert coordinator.post(url, {"reason": ""}).status_code == 400
    assert coordinator.post(url, {"reason": "mistake"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.is_revoked


def test_adding_a_participant_refused_keeps_what_was_typed_and_escapes_names(
    personas: Personas, verified_client: Login
) -> None:
    training = make.session(personas.training_coordinator, trainers=[personas.trainer])
    client = verified_client(personas.trainer)
    url = f"/en/network/trainings/sessions/{training.pk}/participants/"
    refused = client.post(url, {"member": "M-99999", "name_latin": "Kept Latin"})
    assert refused.status_code == 400
    assert 'value="Kept Latin"' in refused.content.decode()
    assert "No accepted member you may see has this reference." in refused.content.decode()
    client.post(url, {"name": "<script>alert(1)</script>"})
    page = client.get(f"/en/network/trainings/sessions/{training.pk}/").content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_member_is_added_by_reference(personas: Personas, verified_client: Login) -> None:
    from nama.network.tests.factories import member

    someone = member(name="ليلى جاسم")
    elsewhere = member(name="دلشاد", gov="erbil")
    training = make.session(personas.training_coordinator, trainers=[personas.trainer])
    client = verified_client(personas.trainer)
    url = f"/en/network/trainings/sessions/{training.pk}/participants/"
    assert client.post(url, {"member": f"M-{someone.pk:05d}"}).status_code == 302
    # A trainer in Baghdad cannot reach a member of Erbil by guessing references.
    assert client.post(url, {"member": str(elsewhere.pk)}).status_code == 400
    assert [p.member_id for p in training.participants.all()] == [someone.pk]


def test_the_coordinator_adds_a_course_and_a_session(
    personas: Personas, verified_client: Login
) -> None:
    client = verified_client(personas.training_coordinator)
    response = client.post(
        "/en/network/trainings/courses/new/",
        {
            "title_ar": "حقوق المرأة",
            "title_en": "Women's rights",
            "min_attendance_percent": 75,
            "active": "on",
        },
    )
    assert response.status_code == 302
    course_url = response["Location"]
    assert client.get(course_url).status_code == 200
    pk = course_url.rstrip("/").split("/")[-1]
    bad = client.post(
        f"/en/network/trainings/courses/{pk}/sessions/new/",
        {
            "starts_on": "2026-12-03",
            "ends_on": "2026-12-01",
            "mode": "in_person",
            "governorate": personas.baghdad.pk,
            "status": "planned",
            "place": "Kept place",
        },
    )
    assert bad.status_code == 400
    assert 'value="Kept place"' in bad.content.decode()
    good = client.post(
        f"/en/network/trainings/courses/{pk}/sessions/new/",
        {
            "starts_on": "2026-12-01",
            "ends_on": "2026-12-02",
            "mode": "in_person",
            "governorate": personas.baghdad.pk,
            "status": "planned",
            "trainers": [personas.trainer.pk],
        },
    )
    assert good.status_code == 302
    session = TrainingSession.objects.get()
    assert session.days.count() == 2
    assert list(session.trainers.all()) == [personas.trainer]
    assert (
        verified_client(personas.trainer).get("/en/network/trainings/courses/new/").status_code
        == 404
    )


def test_a_trainer_marks_the_session_held(personas: Personas, verified_client: Login) -> None:
    training = make.session(personas.training_coordinator, trainers=[personas.trainer])
    client = verified_client(personas.trainer)
    edit = client.get(f"/en/network/trainings/sessions/{training.pk}/edit/")
    assert edit.status_code == 200
    assert 'name="trainers"' not in edit.content.decode()  # only the coordinator decides
    response = client.post(
        f"/en/network/trainings/sessions/{training.pk}/edit/",
        {
            "starts_on": "2026-10-05",
            "ends_on": "2026-10-06",
            "mode": "online",
            "governorate": personas.baghdad.pk,
            "status": "planned",
        },
    )
    assert response.status_code == 302
    assert training.days.count() == 2
    assert list(training.trainers.all()) == [personas.trainer]
    client.post(f"/en/network/trainings/sessions/{training.pk}/status/", {"status": "done"})
    training.refresh_from_db()
    assert training.status == SessionStatus.DONE
