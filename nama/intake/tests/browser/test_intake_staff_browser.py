"""The intake's staff pages in a real browser, in Arabic on a 360 px phone: the
operator's call log (lookup, a call added to an earlier request, a new request
with its code read out once), and a staff reply read by the complainant on the
tracking page with the code typed in Arabic-Indic digits."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.cache import cache

from nama.core.models import Governorate, Term
from nama.core.reference_data import load_reference_data
from nama.intake import services
from nama.intake.models import CallLog, Request
from nama.testing.browser import (
    PHONE_WIDTH,
    assert_no_axe_violations,
    has_horizontal_overflow,
    save_screenshots,
    use_staff_session,
    watch_page,
)
from nama.testing.public import submit_anonymous_request

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser, Page
    from pytest_django.live_server_helper import LiveServer

    from nama.testing.personas import Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _phone_sized(page: Page) -> None:
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})


def test_the_operator_logs_calls_in_arabic_on_a_phone(
    page: Page, live_server: LiveServer, screenshot_dir: Path, personas: Personas
) -> None:
    cache.clear()
    load_reference_data()
    earlier, _code = services.request_create_by_operator(
        by=personas.operator,
        data={
            "request_type": Term.objects.of("request_type").get(code="02"),
            "governorate": Governorate.objects.get(slug="baghdad"),
            "narrative": "يحتاج محاميًا لقضية نشر",
            "anonymous": False,
            "name": "سارة",
            "phone": "07701234567",
        },
        issue_code=False,
    )
    problems = watch_page(page)
    use_staff_session(page, live_server.url, personas.operator)
    _phone_sized(page)

    page.goto(f"{live_server.url}/ar/intake/call/")
    assert page.evaluate("document.dir") == "rtl"
    # Keyboard first: the cursor is in the phone field; Enter searches.
    assert page.evaluate("document.activeElement.id") == "id_find-phone"
    page.keyboard.type("+964 770 123 4567")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/ar/intake/call/find/")
    results = page.locator("#lookup-results")
    assert results.get_by_role("link", name=earlier.reference).is_visible()
    assert not has_horizontal_overflow(page)
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, "intake-call-found-ar", widths=(PHONE_WIDTH,))

    # The caller is the same person: the call goes on the earlier request.
    page.locator(f"#id_call{earlier.pk}-duration_minutes").fill("4")
    page.locator(f"#id_call{earlier.pk}-summary").fill("اتصلت تسأل عن موعد المحامي")
    page.locator(f"#id_call{earlier.pk}-summary").press("Control+Enter")
    page.wait_for_url(f"{live_server.url}/ar/intake/requests/{earlier.pk}/")
    call = CallLog.objects.get(request=earlier)
    assert (call.operator, call.duration_seconds) == (personas.operator, 240)
    assert page.get_by_text("اتصلت تسأل عن موعد المحامي").is_visible()

    # A second caller, anonymous: a new request and its code, read out once.
    page.goto(f"{live_server.url}/ar/intake/call/")
    page.locator("#id_new-request_type_0").check()
    page.locator("#id_new-narrative").fill("يقول المتصل إن أخاه اعتُقل عند نقطة تفتيش")
    page.locator("#id_new-governorate").select_option("baghdad")
    page.locator("#id_new-urgency").select_option("urgent")
    page.locator("#id_new-summary").fill("متصل خائف، لا يريد ذكر اسمه")
    assert not has_horizontal_overflow(page)
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, "intake-call-ar", widths=(PHONE_WIDTH,))
    page.locator("#new button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ar/intake/requests/*/")

    created = Request.objects.exclude(pk=earlier.pk).get()
    assert created.anonymous
    assert created.urgency == "urgent"
    assert CallLog.objects.filter(request=created, operator=personas.operator).count() == 1
    code_text = page.locator("[data-nama-code-value]").inner_text()
    digits = "".join(ch for ch in code_text if ch.isdigit())
    assert len(digits) == 28
    assert services.tracking_lookup(typed=digits, client_key="0" * 32) == created
    assert not has_horizontal_overflow(page)
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, "intake-request-code-ar", widths=(PHONE_WIDTH,))

    # "I have read it out" masks it; a reload does not show it again.
    page.locator("[data-nama-code-hide]").click()
    assert page.locator("[data-nama-code-mask]").is_visible()
    assert digits[:4] not in page.locator("[data-nama-code-once]").inner_text()
    page.reload()
    assert page.locator("[data-nama-code-once]").count() == 0
    assert digits not in "".join(ch for ch in page.content() if ch.isdigit())

    page.goto(f"{live_server.url}/ar/intake/")
    row = page.locator("tr", has=page.get_by_role("link", name=created.reference))
    assert "nama-queue__row--urgent" in (row.get_attribute("class") or "")
    assert not has_horizontal_overflow(page)
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, "intake-queue-ar")
    problems.assert_none()


def test_a_staff_reply_reaches_the_complainant_in_arabic(
    page: Page,
    browser: Browser,
    live_server: LiveServer,
    screenshot_dir: Path,
    personas: Personas,
) -> None:
    cache.clear()
    load_reference_data()
    request, code = submit_anonymous_request()
    problems = watch_page(page)
    use_staff_session(page, live_server.url, personas.operator)
    _phone_sized(page)

    page.goto(f"{live_server.url}/ar/intake/")
    page.get_by_role("link", name=request.reference).click()
    page.wait_for_url(f"{live_server.url}/ar/intake/requests/{request.pk}/")
    page.locator("#id_reply-body").fill("وصلنا طلبك. هل يمكنك إخبارنا بتاريخ الاعتقال؟")
    page.locator("#reply button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ar/intake/requests/{request.pk}/")
    page.locator("#id_note-body").fill("ملاحظة داخلية: التحقق من سجلات المركز")
    page.locator("#note button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ar/intake/requests/{request.pk}/")
    assert not has_horizontal_overflow(page)
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, "intake-request-ar")
    problems.assert_none()

    # The complainant, on another phone with no staff session.
    complainant = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 740})
    public = complainant.new_page()
    public_problems = watch_page(public)
    public.goto(f"{live_server.url}/ar/track/")
    typed = " ".join(code.display().split("-")).translate(ARABIC_INDIC)
    public.get_by_label("رمز المتابعة").fill(typed)
    public.locator("form.nama-track__form button[type=submit]").click()
    public.wait_for_url(f"{live_server.url}/ar/track/request/")
    reply = public.locator(".nama-thread__message--centre")
    assert reply.get_by_text("وصلنا طلبك").is_visible()
    assert "ملاحظة داخلية" not in public.content()
    assert personas.operator.username not in public.content()
    save_screenshots(public, screenshot_dir, "intake-reply-seen-ar", widths=(PHONE_WIDTH,))
    public_problems.assert_none()
    complainant.close()
