"""Training figures equal counts made by hand; who may see them (page and API);
the courses and sessions API is scoped like the pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client

from nama.accounts.models import User
from nama.core.roles import Role
from nama.network import training_services as services
from nama.network.models import SessionStatus
from nama.network.tests import test_training_factories as make
from nama.network.tests.factories import member
from nama.network.training_figures import training_figures
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]


@pytest.fixture
def trainer_erbil(personas: Personas) -> User:
    return personas._make("trainer_erbil", [Role.TRAINER], [personas.erbil])


@pytest.fixture
def trainings(personas: Personas, trainer_erbil: User) -> dict:
    """Session A (Baghdad, 2026, held): Sara (member), Ali completed; Huda did not.
    Session B (Erbil, 2025, held, another course): Sara again and Dilan completed;
    Karwan did not. Session C (planned): everyone present, nobody counted."""
    coordinator = personas.training_coordinator
    sara = member(name="سارة أحمد", sex="female")
    a = make.session(coordinator, trainers=[personas.trainer])
    in_a = [
        services.participant_add(session=a, by=personas.trainer, member=sara),
        make.participant(personas.trainer, a, "علي", sex="male"),
        make.participant(personas.trainer, a, "هدى", sex="female"),
    ]
    make.attend(personas.trainer, a, {in_a[0]: 3, in_a[1]: 2, in_a[2]: 1})
    services.session_set_status(session=a, by=personas.trainer, status=SessionStatus.DONE)
    second = make.course(coordinator, title_ar="حقوق المرأة", title_en="Women's rights")
    b = make.session(
        coordinator,
        of=second,
        trainers=[trainer_erbil],
        gov="erbil",
        starts_on=date(2025, 3, 1),
        ends_on=date(2025, 3, 2),
    )
    in_b = [
        services.participant_add(session=b, by=trainer_erbil, member=sara),
        make.participant(trainer_erbil, b, "ديلان", sex="female"),
        make.participant(trainer_erbil, b, "كاروان", sex="male"),
    ]
    make.attend(trainer_erbil, b, {in_b[0]: 2, in_b[1]: 2, in_b[2]: 0})
    services.session_set_status(session=b, by=trainer_erbil, status=SessionStatus.DONE)
    c = make.session(coordinator, of=second, trainers=[personas.trainer])
    everyone = make.participant(personas.trainer, c, "حاضر")
    make.attend(personas.trainer, c, {everyone: 3})
    return {"a": a, "b": b, "c": c, "second": second}


def _values(table: dict) -> dict[str, int]:
    return {row["label"]: row["value"] for row in table["rows"]}


def test_people_trained_are_counted_once_per_row_and_in_total(
    personas: Personas, trainer_erbil: User, trainings: dict
) -> None:
    from django.utils import translation

    with translation.override("en"):
        figures = training_figures()
    assert figures["total"] == 3  # Sara (once), Ali, Dilan
    assert _values(figures["by_governorate"]) == {"Baghdad": 2, "Erbil": 1}
    assert _values(figures["by_sex"]) == {"female": 2, "male": 1}
    assert {row["key"]: row["value"] for row in figures["by_year"]["rows"]} == {
        "2025": 2,
        "2026": 2,
    }
    assert _values(figures["by_course"]) == {
        "Basics of human-rights monitoring": 2,
        "Women's rights": 2,
    }
    activity = {int(row["key"]): row for row in figures["trainers"]["rows"]}
    # A: Sara 3 (via her member record), Ali 2, Huda 1 -> 6; B: 2 + 2 + 0 -> 4. C is not held.
    assert (
        activity[personas.trainer.pk]["sessions"],
        activity[personas.trainer.pk]["participant_days"],
    ) == (1, 6)
    assert (
        activity[trainer_erbil.pk]["sessions"],
        activity[trainer_erbil.pk]["participant_days"],
    ) == (1, 4)
    assert figures["held_sessions"] == 2


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("trainer", 200),
        ("training_coordinator", 200),
        ("director", 200),
        ("analyst", 200),
        ("editor", 404),
        ("outsider", 404),
        ("monitor_baghdad", 404),
    ],
)
def test_who_sees_the_figures(
    personas: Personas, verified_client: Login, who: str, status: int
) -> None:
    client = verified_client(personas.get(who))
    assert client.get("/en/network/trainings/figures/").status_code == status
    api = client.get("/api/v1/network/training-figures/", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == status


def test_the_figures_page_shows_the_tables(
    personas: Personas, verified_client: Login, trainings: dict
) -> None:
    page = verified_client(personas.director).get("/en/network/trainings/figures/")
    text = page.content.decode()
    assert 'People trained</dt><dd class="col-5 col-sm-8">3</dd>' in text
    assert 'Held sessions</dt><dd class="col-5 col-sm-8">2</dd>' in text
    assert "سارة" not in text  # counts, never names
    assert Client().get("/api/v1/network/training-figures/").status_code in (401, 403)


def test_the_api_lists_sessions_in_scope(
    personas: Personas, verified_client: Login, trainer_erbil: User, trainings: dict
) -> None:
    def ids(user: User) -> set[int]:
        response = verified_client(user).get("/api/v1/network/sessions/")
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    assert ids(personas.trainer) == {trainings["a"].pk, trainings["c"].pk}
    assert ids(trainer_erbil) == {trainings["b"].pk}
    assert ids(personas.director) == {trainings["a"].pk, trainings["b"].pk, trainings["c"].pk}
    client = verified_client(trainer_erbil)
    assert client.get(f"/api/v1/network/sessions/{trainings['a'].pk}/").status_code == 404
    detail = client.get(f"/api/v1/network/sessions/{trainings['b'].pk}/").json()
    assert detail["days"] == ["2025-03-01", "2025-03-02"]
    assert "ديلان" not in str(detail)
    for who in ("editor", "outsider", "analyst"):
        outsider = verified_client(personas.get(who))
        assert outsider.get("/api/v1/network/sessions/").status_code == 404
        assert outsider.get("/api/v1/network/courses/").status_code == 404
    courses = verified_client(personas.trainer).get("/api/v1/network/courses/").json()
    assert {row["title_en"] for row in courses["results"]} == {
        "Basics of human-rights monitoring",
        "Women's rights",
    }
