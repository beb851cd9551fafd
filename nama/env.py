"""Small validating helpers that read settings from the environment.

A bad value raises ``ImproperlyConfigured`` with the variable's name, so a
typo in production fails at start-up instead of silently running insecurely.
Any variable may instead be read from a file named by ``<NAME>_FILE`` (for
Docker or systemd secrets), and, for local set-ups, from the git-ignored file
``var/local.env`` that ``make run`` creates once (see ``nama.local_secrets``).
"""

from __future__ import annotations

import builtins
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def read_env_file(path: Path) -> dict[str, str]:
    """Parse a ``KEY=value`` file; blank lines and ``#`` comments are skipped."""
    values: dict[str, str] = {}
    if not path.exists():
        return values
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if "=" not in line:
            raise ImproperlyConfigured(f"{path}:{number}: expected KEY=value")
        key, value = line.split("=", 1)
        values[key.strip()] = value.strip()
    return values


class Env:
    """Reads typed values from ``os.environ``, falling back to a local file."""

    def __init__(self, fallback: dict[builtins.str, builtins.str] | None = None) -> None:
        self.fallback = fallback or {}

    def raw(self, name: builtins.str) -> builtins.str | None:
        if name in os.environ:
            return os.environ[name]
        file_name = os.environ.get(f"{name}_FILE")
        if file_name:
            try:
                return Path(file_name).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_name}: {exc}") from exc
        return self.fallback.get(name)

    def str(
        self,
        name: builtins.str,
        default: builtins.str | None = None,
        *,
        required: builtins.bool = False,
    ) -> builtins.str:
        value = self.raw(name)
        if value is None or value == "":
            if required:
                raise ImproperlyConfigured(f"{name} must be set")
            return default if default is not None else ""
        return value

    def bool(self, name: builtins.str, default: builtins.bool) -> builtins.bool:
        value = self.raw(name)
        if value is None or value == "":
            return default
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")

    def int(
        self, name: builtins.str, default: builtins.int, *, minimum: builtins.int | None = None
    ) -> builtins.int:
        value = self.raw(name)
        if value is None or value == "":
            return default
        try:
            number = int(value)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}")
        return number

    def list(
        self, name: builtins.str, default: builtins.list[builtins.str] | None = None
    ) -> builtins.list[builtins.str]:
        value = self.raw(name)
        if value is None or value.strip() == "":
            return list(default or [])
        return [item.strip() for item in value.split(",") if item.strip()]

    def choice(
        self, name: builtins.str, default: builtins.str, choices: builtins.set[builtins.str]
    ) -> builtins.str:
        value = self.str(name, default)
        if value not in choices:
            allowed = ", ".join(sorted(choices))
            raise ImproperlyConfigured(f"{name} must be one of {allowed}, not {value!r}")
        return value
