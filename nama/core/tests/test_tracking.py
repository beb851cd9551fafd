"""Tracking codes: format, entropy, parsing every way people type them, check digit, hashing.

No database. Hashing runs at ``TEST_PARAMETERS`` (autouse fixture below)
except in the tests that check the production parameters themselves.
"""

# Arabic-Indic and Persian digits look like Latin ones to ruff; here they are the point.
# ruff: noqa: RUF001

from __future__ import annotations

import math
import random
import re

import argon2
import pytest
from django.core.exceptions import ImproperlyConfigured
from pytest_django.fixtures import Settings

from nama.core import tracking
from nama.core.tracking import (
    CODE_DIGITS,
    LOOKUP_DIGITS,
    PRODUCTION_PARAMETERS,
    SECRET_DIGITS,
    LookupSpaceExhausted,
    ParsedCode,
    TrackingCode,
    generate,
    hash_secret,
    needs_rehash,
    parse,
    verify_against_nothing,
    verify_secret,
)

# A fixed code for the parsing tests: lookup 123456, secret 789012345678901234567.
CODE = TrackingCode(lookup="123456", secret="789012345678901234567")
LATIN = CODE.display()
ARABIC_INDIC = LATIN.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
PERSIAN = LATIN.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


@pytest.fixture(autouse=True)
def _cheap_hashing(settings: Settings) -> None:
    settings.NAMA_TRACKING_HASH_COST = "test"


def parts(code: TrackingCode | None) -> tuple[str, str] | None:
    return None if code is None else (code.lookup, code.secret)


# --- format and entropy ---------------------------------------------------------------


def test_the_secret_alone_has_at_least_64_bits() -> None:
    assert 10**SECRET_DIGITS >= 2**64
    assert math.log2(10**SECRET_DIGITS) > 69


def test_the_secret_keeps_64_bits_even_to_someone_who_saw_the_check_digit() -> None:
    assert 10 ** (SECRET_DIGITS - 1) >= 2**64


def test_a_code_is_lookup_plus_secret_plus_one_check_digit() -> None:
    assert CODE_DIGITS == LOOKUP_DIGITS + SECRET_DIGITS + 1 == 28


def test_a_generated_code_has_the_documented_shape() -> None:
    code = generate()
    assert re.fullmatch(r"[0-9]{6}", code.lookup)
    assert re.fullmatch(r"[0-9]{21}", code.secret)
    assert re.fullmatch(r"[0-9]{28}", code.digits)
    assert code.digits == code.lookup + code.secret + code.check


def test_it_is_displayed_in_groups_of_four_for_reading_aloud() -> None:
    assert CODE.check == "8"
    assert LATIN == "1234-5678-9012-3456-7890-1234-5678"
    assert re.fullmatch(r"[0-9]{4}(-[0-9]{4}){6}", generate().display())


def test_it_can_be_displayed_with_arabic_indic_digits() -> None:
    assert CODE.display(arabic_indic=True) == ARABIC_INDIC


def test_generated_codes_differ() -> None:
    codes = [generate() for _ in range(200)]
    assert len({code.secret for code in codes}) == 200
    assert len({code.lookup for code in codes}) > 190


def test_the_digits_are_spread_evenly() -> None:
    # 2,000 codes, 54,000 digits: each digit near 5,400. A biased generator
    # (modulo bias, a missing zero pad) would be far off.
    counts = [0] * 10
    for _ in range(2000):
        code = generate()
        for digit in code.lookup + code.secret:
            counts[int(digit)] += 1
    assert all(4900 < count < 5900 for count in counts), counts


def test_leading_zeros_are_kept() -> None:
    code = TrackingCode(lookup="000001", secret="0" * 20 + "7")
    assert parts(parse(code.display())) == ("000001", "0" * 20 + "7")


def test_it_retries_a_taken_lookup_part() -> None:
    seen: list[str] = []

    def is_taken(lookup: str) -> bool:
        seen.append(lookup)
        return len(seen) < 4

    code = generate(is_taken=is_taken)
    assert len(seen) == 4
    assert code.lookup == seen[-1]


def test_it_gives_up_when_every_lookup_part_is_taken() -> None:
    with pytest.raises(LookupSpaceExhausted):
        generate(is_taken=lambda lookup: True, attempts=5)


def test_repr_and_str_hide_both_parts() -> None:
    for text in (repr(CODE), str(CODE), repr(parse(LATIN)), f"{CODE}"):
        assert CODE.lookup not in text
        assert CODE.secret[:6] not in text
    assert repr(CODE) == "TrackingCode(<hidden>)"


def test_malformed_parts_are_refused_without_echoing_them() -> None:
    with pytest.raises(ValueError, match="lookup part") as excinfo:
        TrackingCode(lookup="12345", secret="7" * 21)
    assert "12345" not in str(excinfo.value)
    with pytest.raises(ValueError, match="secret part"):
        TrackingCode(lookup="123456", secret="٧" * 21)


# --- parsing --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(LATIN, id="latin-dashes"),
        pytest.param(CODE.digits, id="latin-no-separators"),
        pytest.param(ARABIC_INDIC, id="arabic-indic"),
        pytest.param(PERSIAN, id="persian"),
        pytest.param(LATIN.replace("-", " "), id="spaces"),
        pytest.param(LATIN.replace("-", "."), id="dots"),
        pytest.param(LATIN.replace("-", "\u2013"), id="en-dash"),
        pytest.param(LATIN.replace("-", "\u2212"), id="minus-sign"),
        pytest.param(LATIN.replace("-", "\u00a0"), id="no-break-space"),
        pytest.param(ARABIC_INDIC.replace("-", "\u066b"), id="arabic-decimal-separator"),
        pytest.param(ARABIC_INDIC.replace("-", "\u060c "), id="arabic-comma"),
        pytest.param("\u200f" + ARABIC_INDIC + "\u200f", id="rlm-around"),
        pytest.param("\u2066" + LATIN + "\u2069", id="lri-pdi-isolate"),
        pytest.param(LATIN.replace("-", "\u200e-\u200e"), id="lrm-between-groups"),
        pytest.param("\u061c" + PERSIAN.replace("-", " - "), id="alm-and-spaced-dashes"),
        pytest.param("\ufeff" + LATIN, id="byte-order-mark"),
        pytest.param("  " + LATIN + "\n", id="surrounding-whitespace"),
        pytest.param(LATIN[:10] + ARABIC_INDIC[10:20] + PERSIAN[20:], id="mixed-digit-systems"),
    ],
)
def test_it_parses_every_way_the_code_is_typed(typed: str) -> None:
    parsed = parse(typed)
    assert isinstance(parsed, ParsedCode)
    assert parts(parsed) == (CODE.lookup, CODE.secret)


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param(CODE.digits[:-1], id="one-digit-short"),
        pytest.param(CODE.digits + "0", id="one-digit-long"),
        pytest.param(CODE.digits[:6], id="lookup-only"),
        pytest.param("code: " + LATIN, id="letters"),
        pytest.param(LATIN.replace("-", "/"), id="slashes"),
        pytest.param(LATIN + "#", id="hash-sign"),
        pytest.param(" " * 300 + LATIN, id="too-long-input"),
    ],
)
def test_it_refuses_what_is_not_a_code(typed: str) -> None:
    assert parse(typed) is None


def test_the_check_digit_is_damms() -> None:
    # The worked example of Damm's algorithm: 572 → 4, and 5724 checks to 0.
    assert tracking.check_digit("572") == "4"
    assert tracking.check_digit("5724") == "0"


def test_it_refuses_a_wrong_check_digit() -> None:
    wrong = str((int(CODE.check) + 1) % 10)
    assert parse(CODE.digits[:-1] + wrong) is None


def _codes(count: int) -> list[TrackingCode]:
    rng = random.Random(20240601)
    return [
        TrackingCode(
            lookup="".join(rng.choices("0123456789", k=LOOKUP_DIGITS)),
            secret="".join(rng.choices("0123456789", k=SECRET_DIGITS)),
        )
        for _ in range(count)
    ]


def test_every_single_digit_typo_is_caught_before_any_lookup() -> None:
    for code in _codes(25):
        digits = code.digits
        for position in range(CODE_DIGITS):
            for replacement in "0123456789":
                if replacement == digits[position]:
                    continue
                typo = digits[:position] + replacement + digits[position + 1 :]
                assert parse(typo) is None, (position, replacement)


def test_every_swap_of_two_adjacent_digits_is_caught() -> None:
    # Including 09 <-> 90, which the Luhn check digit misses.
    codes = [*_codes(25), TrackingCode(lookup="090909", secret="909090909090909090909")]
    for code in codes:
        digits = code.digits
        for position in range(CODE_DIGITS - 1):
            first, second = digits[position], digits[position + 1]
            if first == second:
                continue
            swapped = digits[:position] + second + first + digits[position + 2 :]
            assert parse(swapped) is None, position


# --- hashing --------------------------------------------------------------------------


def test_a_hash_verifies_its_secret() -> None:
    stored = hash_secret(CODE.secret)
    assert verify_secret(CODE.secret, stored) is True


def test_a_wrong_secret_is_false_not_an_exception() -> None:
    stored = hash_secret(CODE.secret)
    assert verify_secret("1" * SECRET_DIGITS, stored) is False
    assert verify_secret("", stored) is False


def test_a_broken_stored_hash_is_false_not_an_exception() -> None:
    assert verify_secret(CODE.secret, "not a hash") is False
    assert verify_secret(CODE.secret, "") is False


def test_checking_against_nothing_is_false_even_for_the_dummy_secret() -> None:
    assert verify_against_nothing(CODE.secret) is False
    assert verify_against_nothing("") is False


def test_hashes_are_salted() -> None:
    first, second = hash_secret(CODE.secret), hash_secret(CODE.secret)
    assert first != second
    assert verify_secret(CODE.secret, first)
    assert verify_secret(CODE.secret, second)


def test_the_hash_is_argon2id_and_does_not_contain_the_secret() -> None:
    stored = hash_secret(CODE.secret)
    assert stored.startswith("$argon2id$v=19$")
    assert CODE.secret not in stored


def test_the_production_parameters_meet_owasp() -> None:
    assert PRODUCTION_PARAMETERS.type is argon2.Type.ID
    assert PRODUCTION_PARAMETERS.memory_cost >= 19 * 1024
    assert PRODUCTION_PARAMETERS.time_cost >= 2
    assert PRODUCTION_PARAMETERS.salt_len >= 16


def test_production_cost_is_the_default(settings: Settings) -> None:
    del settings.NAMA_TRACKING_HASH_COST
    stored = hash_secret(CODE.secret)
    assert argon2.extract_parameters(stored) == PRODUCTION_PARAMETERS
    assert verify_secret(CODE.secret, stored)


def test_the_dummy_hash_costs_what_a_real_hash_costs(settings: Settings) -> None:
    # Equal parameters mean equal work: an unknown lookup part and a wrong
    # secret take the same time. (Timing itself is too noisy to assert.)
    settings.NAMA_TRACKING_HASH_COST = "production"
    verify_against_nothing(CODE.secret)
    dummy = tracking._dummy_hash("production")
    assert argon2.extract_parameters(dummy) == PRODUCTION_PARAMETERS
    assert argon2.extract_parameters(hash_secret(CODE.secret)) == PRODUCTION_PARAMETERS


def test_hashes_verify_whatever_the_current_cost(settings: Settings) -> None:
    cheap = hash_secret(CODE.secret)
    settings.NAMA_TRACKING_HASH_COST = "production"
    assert verify_secret(CODE.secret, cheap)
    assert needs_rehash(cheap) is True
    assert needs_rehash(hash_secret(CODE.secret)) is False


def test_an_unknown_cost_setting_is_refused(settings: Settings) -> None:
    settings.NAMA_TRACKING_HASH_COST = "cheap"
    with pytest.raises(ImproperlyConfigured, match="NAMA_TRACKING_HASH_COST"):
        hash_secret(CODE.secret)
