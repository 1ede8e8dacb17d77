"""Every "schedule." key the code uses has a French and an English text with the same
placeholders, and the scheduling catalogs hold nothing the code does not use."""

import re
from pathlib import Path

from babel.messages.pofile import read_po

import core.scheduling
from core.i18n import placeholders, translate

SOURCES = Path(core.scheduling.__file__).parent
LOCALE = SOURCES.parent / "locale"
KEY = re.compile(r"""["'](schedule\.[a-z0-9_.]+)["']""")


def used_keys() -> set[str]:
    return {key for path in SOURCES.glob("*.py") for key in KEY.findall(path.read_text())}


def po_texts(lang: str) -> dict[str, str]:
    with (LOCALE / lang / "scheduling.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    return {str(m.id): str(m.string) for m in catalog if m.id}


def test_the_scan_finds_the_keys() -> None:
    keys = used_keys()
    assert len(keys) > 40
    assert {"schedule.slot_in_past", "schedule.poll_finalized", "schedule.unknown_timezone"} <= keys


def test_every_used_key_exists_in_both_languages() -> None:
    for lang in ("fr", "en"):
        texts = po_texts(lang)
        missing = sorted(used_keys() - texts.keys())
        assert not missing, f"missing in {lang}: {missing}"
        empty = sorted(k for k in used_keys() if not texts[k].strip())
        assert not empty, f"empty in {lang}: {empty}"


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    french, english = po_texts("fr"), po_texts("en")
    assert french.keys() == english.keys()
    for key in french:
        assert placeholders(french[key]) == placeholders(english[key]), key


def test_no_unused_key() -> None:
    assert set(po_texts("fr")) - used_keys() == set()


def test_keys_reach_the_merged_catalogs() -> None:
    for key in used_keys():
        assert translate(key, "fr") != key
        assert translate(key, "en") != key
        assert translate(key, "fr") != translate(key, "en"), key
