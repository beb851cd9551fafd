"""Rich text written by people outside the developers' control: sanitised with nh3.

News, statements and members' posts are written in a small HTML dialect
(paragraphs, headings, lists, emphasis, quotes, links). :func:`sanitise_html`
keeps only that dialect, on the way in (services store the sanitised text)
and again never needed on the way out: templates mark the stored value safe.

Links keep only http, https and mailto; every link gets
``rel="noopener noreferrer nofollow"`` so a post cannot leak the reader's
page to another site or pass on the centre's standing. No images, styles,
scripts, forms, frames or event handlers survive, whatever their spelling.
"""

from __future__ import annotations

import html
import re

import nh3

__all__ = ["ALLOWED_TAGS", "html_to_text", "sanitise_html"]

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "s",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "hr",
        "code",
        "pre",
    }
)
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    # Text in another script than the page (English inside Arabic) keeps its direction.
    "p": {"dir"},
    "blockquote": {"dir"},
    "li": {"dir"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_BLOCK_END = re.compile(r"</(p|h[2-4]|li|blockquote|pre)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_BLOCK_TAG = re.compile(r"<(p|div|h[1-6]|ul|ol|blockquote|pre|br|hr)\b", re.IGNORECASE)
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def sanitise_html(value: str) -> str:
    """The allowed subset of ``value``. Text without block tags (typed in a plain
    textarea) has its blank lines made paragraphs and its line breaks kept."""
    text = (value or "").strip()
    if not text:
        return ""
    if not _BLOCK_TAG.search(text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        text = "".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in paragraphs)
    return nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def html_to_text(value: str) -> str:
    """Readable plain text of sanitised HTML (search index, e-mails, feeds' summaries)."""
    text = _BLOCK_END.sub("\n", value or "")
    text = html.unescape(_TAG.sub("", text))
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
