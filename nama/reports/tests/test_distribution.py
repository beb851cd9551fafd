"""The distribution log: bodies reported to, dispatches, responses, the year view."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from nama.core.audit import AuditEntry
from nama.reports import distribution_services as services
from nama.reports.distribution_selectors import (
    body_get_for_user,
    body_list_for_user,
    dispatch_list_for_user,
    received_by_body,
)
from nama.reports.models import Body, BodyKind, BuildStatus, Channel, Dispatch, Report, ReportBuild
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def en(name: str, *args: Any) -> str:
    with translation.override("en"):
        return reverse(f"reports:{name}", args=args)


def make_build(
    by: Any, *, status: str = BuildStatus.DONE, reference: str = "R-2026-001"
) -> ReportBuild:
    report = Report.objects.create(
        reference=reference,
        title=f"Quarterly report {reference}",
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        created_by=by,
    )
    return ReportBuild.objects.create(
        report=report, number=1, inputs={}, status=status, requested_by=by
    )


def make_body(by: Any, name: str = "OHCHR", kind: str = BodyKind.UN_MECHANISM, **data: Any) -> Body:
    return services.body_save(by=by, data={"name": name, "kind": kind, **data})


# ---------------------------------------------------------------------------
# Services


def test_body_save_creates_and_changes_a_body_and_audits_field_names(personas: Personas) -> None:
    body = make_body(personas.analyst, email="geneva@example.org", contact_name="Desk officer")
    services.body_save(
        by=personas.analyst, body=body, data={"name": "OHCHR Geneva", "email": "geneva@example.org"}
    )
    body.refresh_from_db()
    assert body.name == "OHCHR Geneva"
    entries = list(AuditEntry.objects.filter(action="reports.body.saved", target_id=str(body.pk)))
    assert [e.data["created"] for e in entries] == [True, False]
    assert entries[1].data["fields"] == ["name"]
    assert "geneva@example.org" not in str([e.data for e in entries])


@pytest.mark.parametrize("name", ["monitor_baghdad", "lawyer", "outsider", "sysadmin"])
def test_services_refuse_users_outside_reports(personas: Personas, name: str) -> None:
    user = personas.get(name)
    body = make_body(personas.director)
    with pytest.raises(PermissionDenied):
        services.body_save(by=user, data={"name": "X", "kind": BodyKind.OTHER})
    with pytest.raises(PermissionDenied):
        services.body_deactivate(by=user, body=body)
    with pytest.raises(PermissionDenied):
        services.dispatch_record(
            by=user, body=body, item_title="Statement", sent_on=TODAY, channel=Channel.EMAIL
        )


def test_body_deactivate_hides_it_from_the_list_but_keeps_it(personas: Personas) -> None:
    body = make_body(personas.analyst)
    services.body_deactivate(by=personas.analyst, body=body)
    assert not body_list_for_user(personas.analyst).filter(pk=body.pk).exists()
    assert body_list_for_user(personas.analyst, include_inactive=True).filter(pk=body.pk).exists()
    assert body_get_for_user(personas.analyst, body.pk) == body
    assert AuditEntry.objects.filter(action="reports.body.deactivated").count() == 1


def test_dispatch_needs_a_report_or_a_title(personas: Personas) -> None:
    body = make_body(personas.analyst)
    with pytest.raises(ValidationError):
        services.dispatch_record(
            by=personas.analyst, body=body, sent_on=TODAY, channel=Channel.EMAIL
        )
    unfinished = make_build(personas.analyst, status=BuildStatus.RUNNING)
    with pytest.raises(ValidationError):
        services.dispatch_record(
            by=personas.analyst, body=body, build=unfinished, sent_on=TODAY, channel=Channel.EMAIL
        )
    assert not Dispatch.objects.exists()


def test_dispatch_record_update_and_response(personas: Personas) -> None:
    body = make_body(personas.analyst)
    build = make_build(personas.analyst)
    dispatch = services.dispatch_record(
        by=personas.analyst,
        body=body,
        build=build,
        sent_on=date(2026, 10, 5),
        channel=Channel.EMAIL,
    )
    assert dispatch.sent_by == personas.analyst
    services.dispatch_update(
        by=personas.director, dispatch=dispatch, data={"channel": Channel.POST}
    )
    with pytest.raises(ValidationError):
        services.dispatch_record_response(
            by=personas.analyst, dispatch=dispatch, response="Thanks", response_on=date(2026, 10, 1)
        )
    services.dispatch_record_response(
        by=personas.analyst,
        dispatch=dispatch,
        response="Acknowledged",
        response_on=date(2026, 10, 9),
    )
    dispatch.refresh_from_db()
    assert (dispatch.channel, dispatch.response, dispatch.response_on) == (
        Channel.POST,
        "Acknowledged",
        date(2026, 10, 9),
    )
    actions = list(
        AuditEntry.objects.filter(
            target_id=str(dispatch.pk), action__startswith="reports.dispatch"
        ).values_list("action", flat=True)
    )
    assert actions == [
        "reports.dispatch.saved",
        "reports.dispatch.saved",
        "reports.dispatch.response",
    ]


# ---------------------------------------------------------------------------
# Selectors


def test_selectors_are_empty_for_users_outside_reports(personas: Personas) -> None:
    body = make_body(personas.analyst)
    services.dispatch_record(
        by=personas.analyst, body=body, item_title="Letter", sent_on=TODAY, channel=Channel.EMAIL
    )
    for user in (personas.monitor_baghdad, personas.outsider, personas.sysadmin):
        assert not body_list_for_user(user).exists()
        assert not dispatch_list_for_user(user).exists()
        assert received_by_body(user, TODAY.year) == []


def test_body_list_filters_by_kind_and_search(personas: Personas) -> None:
    make_body(personas.analyst, "OHCHR")
    make_body(
        personas.analyst, "Amnesty International", BodyKind.INGO, contact_name="Iraq researcher"
    )
    user = personas.analyst
    assert [b.name for b in body_list_for_user(user, kind=BodyKind.INGO)] == [
        "Amnesty International"
    ]
    assert [b.name for b in body_list_for_user(user, q="researcher")] == ["Amnesty International"]
    assert [b.name for b in body_list_for_user(user, q="ohchr")] == ["OHCHR"]


def test_received_by_body_is_two_queries_whatever_the_number_of_bodies(
    personas: Personas, django_assert_num_queries: Any
) -> None:
    user = personas.analyst
    build = make_build(user)
    for i in range(4):
        body = make_body(user, f"Body {i}")
        services.dispatch_record(
            by=user, body=body, build=build, sent_on=date(2026, 3, 1), channel=Channel.EMAIL
        )
        services.dispatch_record(
            by=user,
            body=body,
            item_title="Old letter",
            sent_on=date(2025, 3, 1),
            channel=Channel.POST,
        )
    make_body(user, "Nothing sent")
    with django_assert_num_queries(2):
        rows = received_by_body(user, 2026)
        titles = [
            [d.build.report.title if d.build else d.item_title for d in sent] for _, sent in rows
        ]
    assert len(rows) == 5
    assert titles.count([]) == 1
    assert all(t == [] or t == ["Quarterly report R-2026-001"] for t in titles)


# ---------------------------------------------------------------------------
# Views: who


@pytest.mark.parametrize("name", ["monitor_baghdad", "lawyer", "outsider", "sysadmin"])
def test_pages_are_404_for_users_outside_reports(
    personas: Personas, verified_client: Any, name: str
) -> None:
    body = make_body(personas.analyst)
    dispatch = services.dispatch_record(
        by=personas.analyst, body=body, item_title="Letter", sent_on=TODAY, channel=Channel.EMAIL
    )
    client = verified_client(personas.get(name))
    for url in (
        en("bodies"),
        en("body", body.pk),
        en("body_new"),
        en("body_edit", body.pk),
        en("dispatch_new"),
        en("dispatch_edit", dispatch.pk),
        en("dispatch_response", dispatch.pk),
        en("received"),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(en("body_deactivate", body.pk)).status_code == 404
    assert Body.objects.get(pk=body.pk).active


def test_anonymous_users_are_sent_to_log_in(client: Any) -> None:
    response = client.get(en("bodies"))
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


# ---------------------------------------------------------------------------
# Views: bodies


def test_bodies_list_with_kind_filter_and_search(personas: Personas, verified_client: Any) -> None:
    make_body(personas.analyst, "Geneva office")
    make_body(personas.analyst, "Embassy of Norway", BodyKind.EMBASSY)
    client = verified_client(personas.analyst)
    page = client.get(en("bodies"), {"kind": BodyKind.EMBASSY})
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "Embassy of Norway" in page.content.decode()
    assert "Geneva office" not in page.content.decode()
    page = client.get(en("bodies"), {"q": "geneva"})
    assert "Geneva office" in page.content.decode()
    assert "Norway" not in page.content.decode()


def test_add_and_edit_a_body(personas: Personas, verified_client: Any) -> None:
    client = verified_client(personas.director)
    response = client.post(
        en("body_new"),
        {
            "name": "Human Rights Committee",
            "kind": BodyKind.UN_MECHANISM,
            "email": "ccpr@example.org",
        },
    )
    body = Body.objects.get(name="Human Rights Committee")
    assert response.status_code == 302
    assert response["Location"] == en("body", body.pk)
    response = client.post(
        en("body_edit", body.pk),
        {"name": "Human Rights Committee (CCPR)", "kind": BodyKind.UN_MECHANISM, "active": "on"},
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.name == "Human Rights Committee (CCPR)"
    assert body.email == ""
    assert body.active


def test_a_refused_body_form_keeps_what_was_typed(personas: Personas, verified_client: Any) -> None:
    client = verified_client(personas.analyst)
    response = client.post(
        en("body_new"), {"name": "Typed name", "kind": "", "email": "not-an-address"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Typed name"' in html
    assert 'value="not-an-address"' in html
    assert "Enter a valid email address." in html
    assert not Body.objects.exists()


def test_body_detail_shows_contacts_dispatches_and_responses(
    personas: Personas, verified_client: Any
) -> None:
    body = make_body(personas.analyst, contact_name="Ms Desk", email="desk@example.org")
    build = make_build(personas.analyst)
    dispatch = services.dispatch_record(
        by=personas.analyst,
        body=body,
        build=build,
        sent_on=date(2026, 10, 5),
        channel=Channel.EMAIL,
    )
    services.dispatch_record_response(
        by=personas.analyst,
        dispatch=dispatch,
        response="We will raise it.",
        response_on=date(2026, 10, 20),
    )
    other = make_body(personas.analyst, "Another body")
    services.dispatch_record(
        by=personas.analyst,
        body=other,
        item_title="Not for this body",
        sent_on=TODAY,
        channel=Channel.EMAIL,
    )
    html = verified_client(personas.analyst).get(en("body", body.pk)).content.decode()
    for text in ("Ms Desk", "desk@example.org", "Quarterly report R-2026-001", "We will raise it."):
        assert text in html
    assert "Not for this body" not in html


def test_deactivate_a_body_from_its_page(personas: Personas, verified_client: Any) -> None:
    body = make_body(personas.analyst)
    response = verified_client(personas.analyst).post(en("body_deactivate", body.pk))
    assert response.status_code == 302
    assert not Body.objects.get(pk=body.pk).active


# ---------------------------------------------------------------------------
# Views: dispatches


def test_record_a_dispatch_of_a_report(personas: Personas, verified_client: Any) -> None:
    body = make_body(personas.analyst)
    build = make_build(personas.analyst)
    client = verified_client(personas.analyst)
    page = client.get(en("dispatch_new"), {"body": body.pk})
    assert page.status_code == 200
    assert (
        f'<option value="{build.pk}">R-2026-001 / 1: Quarterly report R-2026-001</option>'
        in page.content.decode()
    )
    response = client.post(
        en("dispatch_new"),
        {
            "body": body.pk,
            "build": build.pk,
            "sent_on": "2026-10-05",
            "channel": Channel.ONLINE,
            "notes": "",
        },
    )
    assert response.status_code == 302
    dispatch = Dispatch.objects.get()
    assert (dispatch.body, dispatch.build, dispatch.sent_by) == (body, build, personas.analyst)


def test_only_finished_builds_and_active_bodies_are_offered(
    personas: Personas, verified_client: Any
) -> None:
    make_build(personas.analyst, status=BuildStatus.FAILED, reference="R-2026-009")
    gone = make_body(personas.analyst, "Gone body")
    services.body_deactivate(by=personas.analyst, body=gone)
    html = verified_client(personas.analyst).get(en("dispatch_new")).content.decode()
    assert "R-2026-009" not in html
    assert "Gone body" not in html


def test_a_dispatch_without_report_or_title_is_refused_and_keeps_what_was_typed(
    personas: Personas, verified_client: Any
) -> None:
    body = make_body(personas.analyst)
    response = verified_client(personas.analyst).post(
        en("dispatch_new"),
        {
            "body": body.pk,
            "build": "",
            "item_title": "  ",
            "sent_on": "2026-10-05",
            "channel": Channel.EMAIL,
            "notes": "Typed note",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose a report or name what was sent." in html
    assert "Typed note" in html
    assert 'value="2026-10-05"' in html
    assert not Dispatch.objects.exists()


def test_the_refusal_is_translated(personas: Personas, verified_client: Any) -> None:
    body = make_body(personas.analyst)
    with translation.override("ar"):
        url = reverse("reports:dispatch_new")
    response = verified_client(personas.analyst).post(
        url, {"body": body.pk, "sent_on": "2026-10-05", "channel": Channel.EMAIL}
    )
    assert response.status_code == 400
    with translation.override("ar"):
        expected = translation.gettext("Choose a report or name what was sent.")
    assert 'lang="ar"' in response.content.decode()
    assert escape(expected) in response.content.decode()


def test_a_statement_can_be_sent_without_a_report(personas: Personas, verified_client: Any) -> None:
    body = make_body(personas.analyst)
    response = verified_client(personas.analyst).post(
        en("dispatch_new"),
        {
            "body": body.pk,
            "item_title": "Statement on Nasiriyah",
            "sent_on": "2026-10-05",
            "channel": Channel.MEETING,
        },
    )
    assert response.status_code == 302
    assert Dispatch.objects.get().item_title == "Statement on Nasiriyah"


def test_record_the_response(personas: Personas, verified_client: Any) -> None:
    body = make_body(personas.analyst)
    dispatch = services.dispatch_record(
        by=personas.analyst,
        body=body,
        item_title="Letter",
        sent_on=date(2026, 10, 5),
        channel=Channel.EMAIL,
    )
    client = verified_client(personas.director)
    response = client.post(
        en("dispatch_response", dispatch.pk),
        {"response_on": "2026-10-01", "response": "Early answer"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The response cannot have come before the sending date" in html
    assert "Early answer" in html
    response = client.post(
        en("dispatch_response", dispatch.pk),
        {"response_on": "2026-10-07", "response": "Received, thank you"},
    )
    assert response.status_code == 302
    dispatch.refresh_from_db()
    assert dispatch.response_on == date(2026, 10, 7)


def test_edit_a_dispatch(personas: Personas, verified_client: Any) -> None:
    body = make_body(personas.analyst)
    dispatch = services.dispatch_record(
        by=personas.analyst,
        body=body,
        item_title="Letter",
        sent_on=date(2026, 10, 5),
        channel=Channel.EMAIL,
    )
    response = verified_client(personas.analyst).post(
        en("dispatch_edit", dispatch.pk),
        {
            "body": body.pk,
            "item_title": "Letter to the committee",
            "sent_on": "2026-10-06",
            "channel": Channel.POST,
        },
    )
    assert response.status_code == 302
    dispatch.refresh_from_db()
    assert (dispatch.item_title, dispatch.sent_on, dispatch.channel) == (
        "Letter to the committee",
        date(2026, 10, 6),
        Channel.POST,
    )


def test_the_sending_date_cannot_be_in_the_future(personas: Personas, verified_client: Any) -> None:
    body = make_body(personas.analyst)
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    response = verified_client(personas.analyst).post(
        en("dispatch_new"),
        {"body": body.pk, "item_title": "Letter", "sent_on": tomorrow, "channel": Channel.EMAIL},
    )
    assert response.status_code == 400
    assert "The sending date cannot be in the future." in response.content.decode()


# ---------------------------------------------------------------------------
# Views: the year


def test_the_year_view(personas: Personas, verified_client: Any) -> None:
    user = personas.analyst
    ohchr = make_body(user, "OHCHR")
    make_body(user, "Quiet embassy", BodyKind.EMBASSY)
    first = services.dispatch_record(
        by=user,
        body=ohchr,
        item_title="Letter one",
        sent_on=date(2025, 2, 1),
        channel=Channel.EMAIL,
    )
    services.dispatch_record(
        by=user,
        body=ohchr,
        item_title="Letter two",
        sent_on=date(2025, 5, 1),
        channel=Channel.EMAIL,
    )
    services.dispatch_record(
        by=user,
        body=ohchr,
        item_title="Letter of 2024",
        sent_on=date(2024, 5, 1),
        channel=Channel.EMAIL,
    )
    services.dispatch_record_response(
        by=user, dispatch=first, response="Noted", response_on=date(2025, 3, 1)
    )
    response = verified_client(user).get(en("received"), {"year": "2025"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Letter one" in html
    assert "Letter two" in html
    assert "Letter of 2024" not in html
    assert "Quiet embassy" in html
    assert "Nothing this year" in html
    assert "2 dispatches this year" in html
    row = response.context["rows"][0]
    assert (row["body"], len(row["dispatches"]), row["responses"]) == (ohchr, 2, 1)


def test_the_year_view_defaults_to_this_year_and_ignores_nonsense(
    personas: Personas, verified_client: Any
) -> None:
    client = verified_client(personas.analyst)
    assert client.get(en("received")).context["year"] == TODAY.year
    assert client.get(en("received"), {"year": "abc"}).context["year"] == TODAY.year
