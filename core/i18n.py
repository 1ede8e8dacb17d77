"""User-facing text through gettext catalogs (Babel), French by default.

Every message the bot sends is an i18n key plus parameters. Catalogs are the `.po`
files under `core/locale/<lang>/`; each domain of the product keeps its own file
(`proposals.po`, `scheduling.po`, …) and they are merged per language at first use.
Message ids are stable keys (`proposal.opened`), so both languages have a catalog.

A count that a noun follows is written `{answered:réponse|réponses}`: the number, a space,
then the singular or the plural form by the language's rule (French: 0 and 1 take the
singular; English: only 1).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
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


_PLURAL_FIELD = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*:[^{}|]*\|[^{}]*\}")


@cache
def _has_plural_field(text: str) -> bool:
    return _PLURAL_FIELD.search(text) is not None


class _Counting(string.Formatter):
    """Formats `{n:singular|plural}` as the number and the form its language takes."""

    def __init__(self, lang: str) -> None:
        self.locale = _locale(lang)

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            one, other = format_spec.split("|", 1)
            if isinstance(value, int):
                return f"{value} {one if self.locale.plural_form(value) == 'one' else other}"
            return f"{value} {other}"  # a missing count ({name}) stays readable
        return str(super().format_field(value, format_spec))


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


@lru_cache(maxsize=4096)
def _is_one(lang: str, count: int) -> bool:
    return _locale(lang).plural_form(count) == "one"


# (literal text, field name or None, format spec) for each piece of a catalog string
_Pieces = tuple[tuple[str, str | None, str], ...]


@cache
def _pieces(text: str) -> _Pieces | None:
    """A string with counts, cut once into its pieces; None when a field is more than a
    plain name (an attribute, an index, a conversion, a nested spec), which the general
    formatter then renders."""
    pieces = []
    for literal, field, spec, conversion in string.Formatter().parse(text):
        if field is not None and (conversion or not field.isidentifier() or "{" in (spec or "")):
            return None
        pieces.append((literal, field, spec or ""))
    return tuple(pieces)


def _counted(pieces: _Pieces, lang: str, params: dict[str, Any]) -> str:
    """What `_Counting(lang).vformat` gives for these pieces, without its per-field machinery
    (messages with counts go out with every position)."""
    out: list[str] = []
    for literal, field, spec in pieces:
        out.append(literal)
        if field is None:
            continue
        value = params[field] if field in params else "{" + field + "}"
        if "|" in spec:
            one, other = spec.split("|", 1)
            if isinstance(value, int):
                out.append(f"{value} {one if _is_one(lang, value) else other}")
            else:
                out.append(f"{value} {other}")  # a missing count ({name}) stays readable
        else:
            out.append(format(value, spec))
    return "".join(out)


def translate(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """Render `key` in `lang`; falls back to French, then to the key itself."""
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    text = catalog(lang).get(key) or catalog(DEFAULT_LANGUAGE).get(key) or key
    if _has_plural_field(text):
        pieces = _pieces(text)
        if pieces is not None:
            return _counted(pieces, lang, params)
        return _Counting(lang).vformat(text, (), _SafeDict(params))
    return text.format_map(_SafeDict(params))  # an unknown {name} stays as it is


def for_network(t: Callable[..., str], key: str, platform: str) -> str | None:
    """`key`'s wording for one network (`<key>.<platform>` in the catalogs), rendered with
    `t`; None when the catalogs have none for it (the caller says it in general, or not)."""
    worded = f"{key}.{platform}"
    text = t(worded)
    return None if text == worded else text


def placeholders(text: str) -> set[str]:
    """The `{name}` fields a catalog string uses (for consistency tests)."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}
