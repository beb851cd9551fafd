"""The catalogues: Arabic is complete and reviewed; Sorani is complete, marked for review."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def label(entry: polib.POEntry) -> str:
    return entry.msgid[:60]


def test_every_arabic_message_is_translated_and_not_fuzzy() -> None:
    po = catalogue("ar")
    assert len(po) > 0
    untranslated = [label(e) for e in po.untranslated_entries() if not e.obsolete]
    fuzzy = [label(e) for e in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_every_arabic_plural_has_all_six_forms() -> None:
    for entry in catalogue("ar"):
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == 6, label(entry)
            assert all(entry.msgstr_plural.values()), label(entry)


def test_every_sorani_message_is_translated() -> None:
    po = catalogue("ckb")
    assert [label(e) for e in po.untranslated_entries() if not e.obsolete] == []


def test_the_sorani_catalogue_is_marked_for_review() -> None:
    header = catalogue("ckb").header
    assert "review" in header.lower()


@pytest.mark.parametrize("language", ["ar", "ckb"])
def test_placeholders_survive_translation(language: str) -> None:
    import re

    pattern = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")
    for entry in catalogue(language):
        if not entry.msgstr or entry.msgid_plural:
            continue
        assert set(pattern.findall(entry.msgid)) == set(pattern.findall(entry.msgstr)), label(entry)
