import pytest
from django.test import Client

from nama.core.reference_data import load_reference_data

pytestmark = pytest.mark.django_db


def test_the_schema_is_an_openapi_document(client: Client) -> None:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_the_api_docs_use_no_third_party_assets(client: Client) -> None:
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assert "<script>" not in html  # the split view keeps the script out of the page (CSP)


def test_the_api_root_lists_the_endpoints(client: Client) -> None:
    response = client.get("/api/v1/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "governorates" in response.json()


def test_governorates_are_public_reference_data(client: Client) -> None:
    load_reference_data()
    response = client.get("/api/v1/governorates/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert len(response.json()) == 19
    erbil = client.get("/api/v1/governorates/erbil/").json()
    assert erbil["name_ar"] == "أربيل"


def test_vocabularies_carry_their_hierarchical_terms(client: Client) -> None:
    load_reference_data()
    body = client.get("/api/v1/vocabularies/act_type/").json()
    torture = next(term for term in body["terms"] if term["code"] == "0301")
    assert torture["parent"] == "03"


def test_who_am_i_needs_a_signed_in_user(client: Client) -> None:
    response = client.get("/api/v1/me/")
    assert response.status_code in {401, 403}


def test_the_schema_builds_without_warnings() -> None:
    # check --deploy in CI fails on schema warnings; catch them here first.
    from io import StringIO

    from django.core.management import call_command

    call_command("spectacular", "--fail-on-warn", "--validate", stdout=StringIO())
