"""Anti-abuse on public forms: honeypot, proof of work, the no-JavaScript fallback.

No database and no sleeps: the module's clock is frozen and moved by hand.
"""

from __future__ import annotations

import itertools
import json
import pickle
import time
from typing import Any, cast

import pytest
from django import forms
from django.core import signing
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django.utils.functional import Promise
from pytest_django.fixtures import Settings

from nama.core import antiabuse, ratelimit
from nama.core.antiabuse import (
    CHALLENGE_FIELD,
    HONEYPOT_FIELD,
    SOLUTION_FIELD,
    AntiAbuseFormMixin,
    HoneypotFormMixin,
    issue_challenge,
    solves,
    verify_antiabuse,
)
from nama.testing.public import solve_pow

T0 = 1_750_003_200
ADDRESS = "203.0.113.77"
OTHER_ADDRESS = "198.51.100.23"
SCOPE = "test.complaint"


class Clock:
    def __init__(self) -> None:
        self.now = float(T0)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    caches["default"].clear()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    frozen = Clock()
    monkeypatch.setattr(antiabuse, "_clock", frozen)
    monkeypatch.setattr(ratelimit, "_clock", frozen)
    return frozen


@pytest.fixture(autouse=True)
def _easy_pow(settings: Settings) -> None:
    settings.NAMA_POW_DIFFICULTY = 8
    settings.NAMA_POW_MIN_SECONDS = 3
    settings.NAMA_POW_MAX_AGE = 7200
    settings.NAMA_POW_FALLBACK_LIMIT = 2
    settings.NAMA_POW_FALLBACK_WINDOW = 3600


def wrong_solution(token: str, bits: int) -> str:
    for counter in itertools.count():
        if not solves(token, str(counter), bits):
            return str(counter)
    raise AssertionError("unreachable")


def submission(*, scope: str = SCOPE, solved: bool = True, **extra: str) -> dict[str, str]:
    challenge = issue_challenge(scope=scope)
    data = {
        CHALLENGE_FIELD: challenge.token,
        SOLUTION_FIELD: solve_pow(challenge.token, challenge.difficulty) if solved else "",
        HONEYPOT_FIELD: "",
    }
    data.update(extra)
    return data


def post(address: str = ADDRESS) -> HttpRequest:
    return RequestFactory().post("/form/", REMOTE_ADDR=address)


def stored_items() -> list[tuple[str, object]]:
    entries: dict[str, bytes] = getattr(cast(LocMemCache, caches["default"]), "_cache")  # noqa: B009
    return [(key, pickle.loads(value)) for key, value in entries.items()]  # noqa: S301


class ComplaintForm(AntiAbuseFormMixin, forms.Form):
    antiabuse_scope = SCOPE

    summary = forms.CharField()


class JoinForm(AntiAbuseFormMixin, forms.Form):
    antiabuse_scope = "test.join"

    name = forms.CharField()


def bound_form(data: dict[str, str], *, address: str = ADDRESS) -> ComplaintForm:
    return ComplaintForm({"summary": "Arrested at a checkpoint", **data}, request=post(address))


# --- The challenge -----------------------------------------------------------


def test_a_challenge_is_signed_and_holds_nonce_time_difficulty_and_scope(clock: Clock) -> None:
    challenge = issue_challenge(scope=SCOPE)
    payload = signing.Signer(salt=antiabuse.SALT).unsign_object(challenge.token)
    assert set(payload) == {"v", "n", "t", "d", "s"}
    assert payload["t"] == T0
    assert payload["d"] == challenge.difficulty == 8
    assert payload["s"] == SCOPE
    assert len(payload["n"]) >= 22


def test_every_challenge_has_its_own_nonce(clock: Clock) -> None:
    assert issue_challenge(scope=SCOPE).token != issue_challenge(scope=SCOPE).token


def test_the_difficulty_comes_from_the_settings(clock: Clock, settings: Settings) -> None:
    settings.NAMA_POW_DIFFICULTY = 12
    assert issue_challenge(scope=SCOPE).difficulty == 12
    settings.NAMA_POW_DIFFICULTY = 40
    with pytest.raises(ImproperlyConfigured):
        issue_challenge(scope=SCOPE)


def test_the_default_difficulty_is_kind_to_cheap_phones(clock: Clock, settings: Settings) -> None:
    del settings.NAMA_POW_DIFFICULTY
    assert issue_challenge(scope=SCOPE).difficulty == antiabuse.DEFAULT_DIFFICULTY == 14


def test_solves_counts_leading_zero_bits() -> None:
    token = "token"
    solution = solve_pow(token, 12)
    assert solves(token, solution, 12)
    assert solves(token, solution, 0)
    assert not solves(token, "", 0)
    assert not solves(token, "12a", 0)


# --- verify_antiabuse ---------------------------------------------------------


def test_a_valid_proof_of_work_is_accepted(clock: Clock) -> None:
    data = submission()
    clock.advance(5)
    verdict = verify_antiabuse(data, scope=SCOPE, client_key=post())
    assert verdict.accepted
    assert not verdict.fallback


def test_a_filled_honeypot_is_refused_with_a_generic_error(clock: Clock) -> None:
    data = submission(website="https://spam.example")
    clock.advance(5)
    verdict = verify_antiabuse(data, scope=SCOPE, client_key=post())
    assert (verdict.accepted, verdict.code) == (False, "honeypot")
    assert "honeypot" not in verdict.message.lower()
    assert verdict.message == str(antiabuse.GENERIC_ERROR)


def test_a_wrong_solution_is_refused(clock: Clock) -> None:
    data = submission()
    data[SOLUTION_FIELD] = wrong_solution(data[CHALLENGE_FIELD], 8)
    clock.advance(5)
    assert verify_antiabuse(data, scope=SCOPE, client_key=post()).code == "solution"


def test_an_expired_challenge_is_refused(clock: Clock) -> None:
    data = submission()
    clock.advance(7201)
    verdict = verify_antiabuse(data, scope=SCOPE, client_key=post())
    assert verdict.code == "expired"
    assert verdict.message == str(antiabuse.EXPIRED_ERROR)


def test_the_lifetime_comes_from_the_settings(clock: Clock, settings: Settings) -> None:
    settings.NAMA_POW_MAX_AGE = 600
    data = submission()
    clock.advance(601)
    assert verify_antiabuse(data, scope=SCOPE, client_key=post()).code == "expired"


def test_a_tampered_challenge_is_refused(clock: Clock) -> None:
    data = submission()
    payload = signing.Signer(salt=antiabuse.SALT).unsign_object(data[CHALLENGE_FIELD])
    payload["d"] = 0
    forged = signing.Signer(salt="something else").sign_object(payload)
    clock.advance(5)
    for token in (forged, data[CHALLENGE_FIELD][:-2] + "xx", "garbage"):
        tampered = {**data, CHALLENGE_FIELD: token, SOLUTION_FIELD: "0"}
        assert verify_antiabuse(tampered, scope=SCOPE, client_key=post()).code == "invalid"


def test_a_missing_challenge_is_refused(clock: Clock) -> None:
    verdict = verify_antiabuse({SOLUTION_FIELD: "1"}, scope=SCOPE, client_key=post())
    assert verdict.code == "missing"


def test_a_challenge_from_another_form_is_refused(clock: Clock) -> None:
    data = submission(scope="test.join")
    clock.advance(5)
    assert verify_antiabuse(data, scope=SCOPE, client_key=post()).code == "scope"


def test_a_replayed_challenge_is_refused(clock: Clock) -> None:
    data = submission()
    clock.advance(5)
    assert verify_antiabuse(data, scope=SCOPE, client_key=post()).accepted
    clock.advance(60)
    verdict = verify_antiabuse(data, scope=SCOPE, client_key=post(OTHER_ADDRESS))
    assert verdict.code == "replayed"


def test_a_spent_nonce_is_kept_until_its_challenge_expires(clock: Clock) -> None:
    clock.advance(100)
    data = submission()
    clock.advance(5)
    assert verify_antiabuse(data, scope=SCOPE, client_key=post()).accepted
    ((key, _value),) = stored_items()
    # LocMemCache counts expiry on the real clock: compare the timeout it was given.
    expires_at: float = getattr(cast(LocMemCache, caches["default"]), "_expire_info")[key]  # noqa: B009
    timeout = expires_at - time.time()
    # Issued at T0 + 100, expires at T0 + 7300, kept until the next 10 minutes: T0 + 7800.
    assert T0 + 7800 - clock.now - 5 < timeout <= T0 + 7800 - clock.now


def test_a_submission_too_soon_after_the_challenge_is_refused(clock: Clock) -> None:
    data = submission()
    clock.advance(1)
    assert verify_antiabuse(data, scope=SCOPE, client_key=post()).code == "too_fast"
    clock.advance(2)
    assert verify_antiabuse(data, scope=SCOPE, client_key=post()).accepted


def test_a_challenge_from_the_future_is_refused(clock: Clock) -> None:
    clock.advance(3600)
    data = submission()
    clock.advance(-3600)
    assert verify_antiabuse(data, scope=SCOPE, client_key=post()).code == "invalid"


def test_without_javascript_the_fallback_is_accepted_then_rate_limited(clock: Clock) -> None:
    first, second, third = (submission(solved=False) for _ in range(3))
    clock.advance(5)
    verdict = verify_antiabuse(first, scope=SCOPE, client_key=post())
    assert (verdict.accepted, verdict.fallback) == (True, True)
    assert verify_antiabuse(second, scope=SCOPE, client_key=post()).accepted
    refused = verify_antiabuse(third, scope=SCOPE, client_key=post())
    assert (refused.accepted, refused.code) == (False, "rate_limited")
    assert refused.message == str(antiabuse.RATE_LIMITED_ERROR)


def test_the_fallback_limit_is_per_connection_and_spares_proofs_of_work(clock: Clock) -> None:
    without = [submission(solved=False) for _ in range(3)]
    proof = submission()
    clock.advance(5)
    assert verify_antiabuse(without[0], scope=SCOPE, client_key=post()).accepted
    assert verify_antiabuse(without[1], scope=SCOPE, client_key=post()).accepted
    assert verify_antiabuse(without[2], scope=SCOPE, client_key=post(OTHER_ADDRESS)).accepted
    assert verify_antiabuse(proof, scope=SCOPE, client_key=post()).accepted


def test_the_fallback_limit_starts_again_in_the_next_window(clock: Clock) -> None:
    for _ in range(2):
        data = submission(solved=False)
        clock.advance(5)
        assert verify_antiabuse(data, scope=SCOPE, client_key=post()).accepted
    data = submission(solved=False)
    clock.advance(5)
    assert verify_antiabuse(data, scope=SCOPE, client_key=post()).code == "rate_limited"
    clock.advance(3600)
    data = submission(solved=False)
    clock.advance(5)
    assert verify_antiabuse(data, scope=SCOPE, client_key=post()).accepted


def test_client_key_may_be_an_address_string(clock: Clock) -> None:
    data = submission(solved=False)
    clock.advance(5)
    assert verify_antiabuse(data, scope=SCOPE, client_key=ADDRESS).accepted


def test_consume_false_spends_and_counts_nothing(clock: Clock) -> None:
    data = submission(solved=False)
    clock.advance(5)
    assert verify_antiabuse(data, scope=SCOPE, client_key=post(), consume=False).accepted
    assert stored_items() == []


def test_nothing_in_the_challenge_or_the_cache_holds_the_client_address(clock: Clock) -> None:
    tokens = []
    for solved in (True, False):
        data = submission(solved=solved)
        tokens.append(data[CHALLENGE_FIELD])
        clock.advance(5)
        assert verify_antiabuse(data, scope=SCOPE, client_key=post()).accepted
    items = stored_items()
    assert len(items) == 3  # two spent nonces, one fallback counter
    for token in tokens:
        payload = signing.Signer(salt=antiabuse.SALT).unsign_object(token)
        assert ADDRESS not in token
        assert ADDRESS not in json.dumps(payload)
    for key, value in items:
        assert ADDRESS not in key
        assert ADDRESS not in repr(value)
    # Nor the nonce itself: only its keyed hash.
    nonces = [signing.Signer(salt=antiabuse.SALT).unsign_object(t)["n"] for t in tokens]
    assert not any(nonce in key for nonce in nonces for key, _ in items)


def test_a_bad_scope_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="scope"):
        issue_challenge(scope="Not a scope!")


# --- The form mixins ------------------------------------------------------------


def test_the_form_accepts_a_valid_proof_of_work(clock: Clock) -> None:
    form = bound_form(submission())
    clock.advance(5)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["summary"] == "Arrested at a checkpoint"
    assert form.antiabuse_verdict is not None
    assert not form.antiabuse_verdict.fallback


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({HONEYPOT_FIELD: "http://spam.example"}, "honeypot"),
        ({SOLUTION_FIELD: "x"}, "solution"),
        ({CHALLENGE_FIELD: "tampered"}, "invalid"),
        ({CHALLENGE_FIELD: ""}, "missing"),
    ],
)
def test_the_form_refuses_with_a_non_field_error_and_keeps_what_was_typed(
    clock: Clock, change: dict[str, str], code: str
) -> None:
    form = bound_form({**submission(), **change})
    clock.advance(5)
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["__all__"]] == [code]
    assert form["summary"].value() == "Arrested at a checkpoint"


def test_the_form_refuses_a_challenge_of_another_form(clock: Clock) -> None:
    form = bound_form(submission(scope="test.join"))
    clock.advance(5)
    assert not form.is_valid()
    assert form.errors.as_data()["__all__"][0].code == "scope"


def test_the_form_refuses_a_replay_and_a_quick_submission(clock: Clock) -> None:
    data = submission()
    assert bound_form(data).errors.as_data()["__all__"][0].code == "too_fast"
    clock.advance(5)
    assert bound_form(data).is_valid()
    assert bound_form(data).errors.as_data()["__all__"][0].code == "replayed"


def test_the_form_without_javascript_is_accepted_then_rate_limited(clock: Clock) -> None:
    forms_sent = [bound_form(submission(solved=False)) for _ in range(3)]
    clock.advance(5)
    assert forms_sent[0].is_valid()
    assert forms_sent[0].antiabuse_verdict is not None
    assert forms_sent[0].antiabuse_verdict.fallback
    assert forms_sent[1].is_valid()
    assert not forms_sent[2].is_valid()
    assert forms_sent[2].errors.as_data()["__all__"][0].code == "rate_limited"


def test_a_form_with_other_errors_spends_and_counts_nothing(clock: Clock) -> None:
    data = submission(solved=False)
    form = ComplaintForm({**data, "summary": ""}, request=post())
    clock.advance(5)
    assert not form.is_valid()
    assert list(form.errors) == ["summary"]
    assert stored_items() == []
    # The same challenge still works once the person fixes the field.
    assert bound_form(data).is_valid()


def test_the_honeypot_is_refused_even_with_other_errors(clock: Clock) -> None:
    form = ComplaintForm({**submission(), "summary": "", HONEYPOT_FIELD: "x"}, request=post())
    clock.advance(5)
    assert not form.is_valid()
    assert form.errors.as_data()["__all__"][0].code == "honeypot"


def test_error_messages_are_translatable() -> None:
    for message in antiabuse.MESSAGES.values():
        assert isinstance(message, Promise)


def test_the_honeypot_mixin_alone_refuses_a_filled_honeypot() -> None:
    class NewsletterForm(HoneypotFormMixin, forms.Form):
        email = forms.EmailField()

    assert NewsletterForm({"email": "a@example.org"}).is_valid()
    form = NewsletterForm({"email": "a@example.org", "website": "x"})
    assert not form.is_valid()
    assert form.errors.as_data()["__all__"][0].code == "honeypot"


def test_a_bound_form_needs_the_request(clock: Clock) -> None:
    form = ComplaintForm({"summary": "x", **submission()})
    with pytest.raises(ImproperlyConfigured, match="request"):
        form.is_valid()


def test_a_form_without_a_scope_is_a_programming_error() -> None:
    class Unscoped(AntiAbuseFormMixin, forms.Form):
        pass

    with pytest.raises(ImproperlyConfigured, match="antiabuse_scope"):
        Unscoped()


def test_the_honeypot_is_left_out_of_the_ordinary_field_rendering() -> None:
    form = ComplaintForm()
    assert [field.name for field in form] == ["summary"]
    assert 'name="website"' not in str(form)
    assert 'name="summary"' in str(form)


def test_the_partial_renders_fields_honeypot_status_and_script(clock: Clock) -> None:
    form = ComplaintForm()
    with translation.override("en"):
        html = render_to_string("core/_antiabuse_fields.html", {"form": form})
    token = form.antiabuse_challenge.token
    assert f'name="{CHALLENGE_FIELD}" value="{token}"' in html
    assert f'data-challenge="{token}"' in html
    assert 'data-difficulty="8"' in html
    assert f'name="{SOLUTION_FIELD}" value=""' in html
    assert 'class="nama-hp" aria-hidden="true"' in html
    for attribute in ('tabindex="-1"', 'autocomplete="off"', 'aria-hidden="true"'):
        assert attribute in html.split('name="website"')[1].split(">")[0]
    assert "Leave this field empty" in html
    assert 'role="status" aria-live="polite"' in html
    assert 'data-status-pending="Preparing the form…"' in html
    assert "js/pow.js" in html
    assert " defer>" in html
    assert "style=" not in html
    assert "<script>" not in html


def test_a_rejected_form_is_rendered_with_a_fresh_challenge(clock: Clock) -> None:
    data = submission(website="spam")
    form = bound_form(data)
    clock.advance(5)
    assert not form.is_valid()
    html = render_to_string("core/_antiabuse_fields.html", {"form": form})
    assert data[CHALLENGE_FIELD] not in html
    assert form.antiabuse_challenge.token in html


def test_a_prefixed_form_reads_prefixed_inputs(clock: Clock) -> None:
    data = submission()
    prefixed = {f"join-{key}": value for key, value in data.items()}
    form = JoinForm({"join-name": "Sara", **prefixed}, request=post(), prefix="join")
    clock.advance(5)
    assert not form.is_valid()  # a complaint's challenge, offered to the join form
    assert form.errors.as_data()["__all__"][0].code == "scope"
    assert form.challenge_input_name == f"join-{CHALLENGE_FIELD}"
    join_data: dict[str, Any] = submission(scope="test.join")
    form = JoinForm(
        {"join-name": "Sara", **{f"join-{k}": v for k, v in join_data.items()}},
        request=post(),
        prefix="join",
    )
    clock.advance(5)
    assert form.is_valid(), form.errors
