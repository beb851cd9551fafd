"""Create the git-ignored ``var/local.env`` once, so local restarts keep their keys.

Run as ``python -m nama.local_secrets``. An existing file is never rewritten:
losing ``NAMA_FIELD_KEYS`` would make every encrypted field unreadable.
Production sets these variables itself and has no such file.
"""

from __future__ import annotations

import base64
import os
import secrets
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
LOCAL_ENV = BASE_DIR / "var" / "local.env"


def generate() -> str:
    field_key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    return (
        "# Generated once by `python -m nama.local_secrets` for this checkout.\n"
        "# Keep it: the field keys decrypt the identifying data in var/nama.sqlite3.\n"
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
        f"NAMA_FIELD_KEYS={field_key}\n"
        f"NAMA_INDEX_KEY={secrets.token_urlsafe(32)}\n"
    )


def main() -> int:
    if LOCAL_ENV.exists():
        return 0
    LOCAL_ENV.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(LOCAL_ENV, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(generate())
    print(f"Created {LOCAL_ENV.relative_to(BASE_DIR)} with new local keys.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
