"""Template tags of the page shell (templates/base.html)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info, override

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool
    direction: str


@register.simple_tag(takes_context=True)
def language_links(context: dict[str, Any]) -> list[LanguageLink]:
    """The current page in each interface language: plain links, no cookie, no JS.

    A page that cannot be translated (a 404, say) links to each language's home.
    """
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    current = get_language()
    links = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and code != current:
            with override(code):
                url = reverse("portal:home")
        links.append(
            LanguageLink(
                code=code,
                name=name,
                url=url,
                current=code == current,
                direction="rtl" if get_language_info(code)["bidi"] else "ltr",
            )
        )
    return links


@register.simple_tag
def quick_exit_url() -> str:
    """The quick-exit target, for pages rendered without context processors (500.html)."""
    return settings.NAMA_QUICK_EXIT_URL
