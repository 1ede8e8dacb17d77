"""The numbers a network proposes while someone types a command's number (Discord's
autocomplete): the proposals, polls, meetings and open tensions of the room's assembly the
command applies to right now (core.threads.applicable), latest first, each named by its number,
its title (a tension's first line) and where it stands, in the room's language.

What is typed so far narrows the list: digits alone are the start of a number (`1` → #1,
#12…), words are found in titles whatever their case and accents (`jardin` → "Jardin
partagé").
When nothing the command applies to right now matches, the open items of the command's kind
that match are proposed all the same (a proposal still in clarification for `/consent`):
people may still pick one, and the answer to the command then says why it cannot be done yet.

Read only: the room's assembly is looked up, never created, and nothing is written.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from core.i18n import translate
from core.ports import UnitOfWork
from core.threads import Applicable, applicable

MAX_SUGGESTIONS = 25  # Discord shows at most 25 choices
NAME_MAX = 100  # and each choice's name has at most 100 characters


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One number to propose, with the words that name it ("#3 Jardin partagé — tour de
    consentement")."""

    number: int
    name: str


def folded(text: str) -> str:
    """`text` without case or accents, for matching what people type ("Équipe" → "equipe")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def matches(item: Applicable, typed: str) -> bool:
    """Whether `item` is one of those `typed` (what is typed so far) may mean: digits alone
    start its number (`#` optional); words are each found in its title (digits among words
    may also start its number: `jardin 3`, `budget 2027`)."""
    title = folded(item.title)
    words = [word.lstrip("#") for word in folded(typed).split()]
    words = [word for word in words if word]
    number = str(item.number)
    if len(words) == 1 and words[0].isdigit():
        return number.startswith(words[0])
    return all(word in title or (word.isdigit() and number.startswith(word)) for word in words)


def choice_name(item: Applicable, lang: str) -> str:
    """"#3 Jardin partagé — tour de consentement", at most NAME_MAX characters: a long title
    is cut (with "…"), never the number or where it stands."""
    title = " ".join(item.title.split())
    name = translate("applicable.choice", lang, number=item.number, title=title, state=item.state)
    if len(name) <= NAME_MAX:
        return name
    room = len(title) - (len(name) - NAME_MAX) - 1  # what the title may keep, "…" aside
    if room < 1:
        return name[:NAME_MAX]
    shortened = title[:room].rstrip() + "…"
    return translate("applicable.choice", lang, number=item.number, title=shortened, state=item.state)[:NAME_MAX]


async def suggest(uow: UnitOfWork, platform: str, room: str, word: str, typed: str,
                  now: datetime) -> list[Suggestion]:
    """The numbers to propose for the command `word` typed in `room`, narrowed by `typed`;
    none when the room has no assembly. Reads only (the unit of work is never committed)."""
    assembly = await uow.assemblies.find(platform, room)
    if assembly is None:
        return []
    found = [item for item in await applicable(uow, assembly, word, now, any_phase=True) if matches(item, typed)]
    items = [item for item in found if item.applies_now]
    if not items:  # nothing the command applies to now: what it could be about, to pick all the same
        items = found
    return [Suggestion(item.number, choice_name(item, assembly.language)) for item in items[:MAX_SUGGESTIONS]]
