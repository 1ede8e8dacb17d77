"""User-facing text through gettext catalogs (Babel), French by default.

Every message the bot sends is an i18n key plus parameters. Catalogs are the `.po`
files under `core/locale/<lang>/`; each domain of the product keeps its own file
(`proposals.po`, `scheduling.po`, …) and they are merged per language at first use.
Message ids are stable keys (`proposal.opened`), so both languages have a catalog.
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
_LOCALE_DIR = Path(__file__).parent / "locale"


@cache
def catalog(lang: str) -> dict[str, str]:
    """All translated strings of one language, merged from every `.po` file."""
    merged: dict[str, str] = {}
    for po_path in sorted((_LOCALE_DIR / lang).glob("*.po")):
        with po_path.open("rb") as handle:
            po = read_po(handle, locale=lang)
        for message in po:
            if message.id and message.string:
                key = message.id if isinstance(message.id, str) else message.id[0]
                text = message.string if isinstance(message.string, str) else message.string[0]
                merged[key] = text
    return merged


class _SafeDict(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def translate(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """Render `key` in `lang`; falls back to French, then to the key itself."""
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    text = catalog(lang).get(key) or catalog(DEFAULT_LANGUAGE).get(key) or key
    return text.format_map(_SafeDict(params))  # an unknown {name} stays as it is


def placeholders(text: str) -> set[str]:
    """The `{name}` fields a catalog string uses (for consistency tests)."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}
