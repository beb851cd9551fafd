"""Language helpers for tests that read interface text.

Arabic is the default language, so a test that asserts on an English sentence
must request the English URL: once the Arabic catalogue has that sentence, an
``/ar/`` page no longer shows it.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation


def english_url(name: str, *args: Any, **kwargs: Any) -> str:
    """``reverse(name)`` under ``/en/``."""
    with translation.override("en"):
        return reverse(name, args=args or None, kwargs=kwargs or None)
