from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from nama.env import Env, read_env_file


def test_a_boolean_that_is_neither_true_nor_false_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false"):
        Env().bool("DEBUG", False)


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("True", True), ("off", False)])
def test_booleans_accept_the_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("DEBUG", raw)
    assert Env().bool("DEBUG", not expected) is expected


def test_a_number_that_is_not_a_number_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "80a")
    with pytest.raises(ImproperlyConfigured, match="PORT must be a whole number"):
        Env().int("PORT", 8000)


def test_a_number_below_its_minimum_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IDLE", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        Env().int("IDLE", 30, minimum=1)


def test_a_required_value_must_be_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NAMA_TEST_MISSING", raising=False)
    with pytest.raises(ImproperlyConfigured, match="NAMA_TEST_MISSING must be set"):
        Env().str("NAMA_TEST_MISSING", required=True)


def test_a_secret_can_come_from_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "key"
    secret.write_text("s3cret\n", encoding="utf-8")
    monkeypatch.delenv("NAMA_TEST_SECRET", raising=False)
    monkeypatch.setenv("NAMA_TEST_SECRET_FILE", str(secret))
    assert Env().str("NAMA_TEST_SECRET") == "s3cret"


def test_the_environment_wins_over_the_local_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    local = tmp_path / "local.env"
    local.write_text("# comment\nNAMA_TEST_A=from-file\nNAMA_TEST_B=file-only\n", encoding="utf-8")
    monkeypatch.setenv("NAMA_TEST_A", "from-env")
    monkeypatch.delenv("NAMA_TEST_B", raising=False)
    env = Env(fallback=read_env_file(local))
    assert env.str("NAMA_TEST_A") == "from-env"
    assert env.str("NAMA_TEST_B") == "file-only"


def test_a_malformed_local_file_names_the_line(tmp_path: Path) -> None:
    local = tmp_path / "local.env"
    local.write_text("GOOD=1\nnonsense\n", encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match=r"local\.env:2"):
        read_env_file(local)


def test_lists_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_HOSTS", "a.example, b.example,,")
    assert Env().list("ALLOWED_HOSTS") == ["a.example", "b.example"]
