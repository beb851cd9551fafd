"""Staff sign-in in a real browser, in Arabic: password, 2FA enrolment with the
QR page, backup codes, the workspace, then a second sign-in with a backup code.
Also axe-core on the login, enrolment and verification pages in ar and en."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from nama.core.roles import Role
from nama.testing.browser import assert_no_axe_violations, save_screenshots, watch_page
from nama.testing.factories import DEFAULT_PASSWORD, UserFactory, enrol_totp

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from nama.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def director(governorates: dict) -> User:
    from django.contrib.auth.models import Group

    user = UserFactory.create(username="huda")
    user.groups.add(Group.objects.get_or_create(name=Role.DIRECTOR)[0])
    return user


def sign_in(page: Page, base: str, language: str, username: str) -> None:
    page.goto(f"{base}/{language}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()


def current_code(user: User) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def test_a_new_staff_member_enrols_in_2fa_and_signs_in_again_with_a_backup_code(
    page: Page, live_server: LiveServer, director: User, screenshot_dir: Path
) -> None:
    problems = watch_page(page)
    base = live_server.url

    sign_in(page, base, "ar", "huda")
    page.wait_for_url(f"{base}/ar/accounts/two-factor/enrol/**")
    assert page.evaluate("document.dir") == "rtl"
    assert page.locator(".nama-qr-code svg").count() == 1
    save_screenshots(page, screenshot_dir, "accounts-enrol-ar")

    # Until enrolment is done, the workspace leads back to enrolment.
    page.goto(f"{base}/ar/accounts/workspace/")
    assert "/two-factor/enrol/" in page.url

    page.locator("input[name=code]").fill(current_code(director))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/ar/accounts/two-factor/backup-codes/**")
    codes = page.locator("main ol li").all_inner_texts()
    assert len(codes) == 10
    save_screenshots(page, screenshot_dir, "accounts-backup-codes-ar")

    page.locator("main a.btn-primary").click()
    page.wait_for_url(f"{base}/ar/accounts/workspace/")
    save_screenshots(page, screenshot_dir, "accounts-workspace-ar")

    page.locator("header form[action$='/accounts/logout/'] button").click()
    sign_in(page, base, "ar", "huda")
    page.wait_for_url(f"{base}/ar/accounts/two-factor/verify/**")
    save_screenshots(page, screenshot_dir, "accounts-verify-ar")
    page.locator("input[name=code]").fill(codes[0].strip())
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/ar/accounts/workspace/")
    problems.assert_none()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_login_enrolment_and_verification_pages_pass_axe(
    page: Page, live_server: LiveServer, director: User, language: str, screenshot_dir: Path
) -> None:
    base = live_server.url
    page.goto(f"{base}/{language}/accounts/login/")
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, f"accounts-login-{language}")

    # A wrong password shows the error accessibly too.
    page.locator("input[name=username]").fill("huda")
    page.locator("input[name=password]").fill("not-the-password")
    page.locator("main form button[type=submit]").click()
    assert page.locator("main [role=alert]").count() == 1
    assert_no_axe_violations(page)

    sign_in(page, base, language, "huda")
    page.wait_for_url(f"{base}/{language}/accounts/two-factor/enrol/**")
    assert_no_axe_violations(page)

    page.locator("input[name=code]").fill(
        "000000" if current_code(director) != "000000" else "111111"
    )
    page.locator("main form button[type=submit]").click()
    assert page.locator("main .invalid-feedback").count() == 1
    assert_no_axe_violations(page)

    # An enrolled colleague meets the verification page instead.
    page.locator("header form[action$='/accounts/logout/'] button").click()
    colleague = UserFactory.create(username="karim")
    enrol_totp(colleague)
    sign_in(page, base, language, "karim")
    page.wait_for_url(f"{base}/{language}/accounts/two-factor/verify/**")
    assert_no_axe_violations(page)
