"""Telegram's view of the chat commands: menu entries and the `/cmd` ↔ `!cmd` mapping.

Telegram command names may only use `a-z`, `0-9` and `_`, so the menu lists ASCII names with
`_` where the command contract uses `-` (`/withdraw_objection` stands for `!withdraw-objection`).
Whatever the user types after `/` is handed to the core with the `!` prefix; the core's parser
knows every alias, accented or not, and is told the command was typed with `/`
(`Inbound.prefix`), so that a refusal names it so (`/mot`). In the other direction, `!verb`
hints in the core's texts, and the `/verb` of such a refusal, are shown as the `/verb` names
Telegram shows as commands (`/etat` for `!état`, `/compte_rendu` for `/compte-rendu`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from core.commands import VERBS
from core.i18n import translate

COMMAND_NAME_RE = re.compile(r"^[a-z0-9_]{1,32}$")
# "/name" or "/name@bot" at the very start, followed by a space, a new line or the end.
_LEADING_COMMAND_RE = re.compile(r"^/([^\s@/]+)(?:@([A-Za-z0-9_]+))?(?=\s|$)")


@dataclass(frozen=True, slots=True)
class MenuEntry:
    concept: str  # i18n key suffix of the description: telegram.command.<concept>
    english: str
    french: str | None  # None: not listed in the French menu (name already taken there)


# Most used first: Telegram shows the menu in this order.
MENU: tuple[MenuEntry, ...] = (
    MenuEntry("propose", "propose", "proposer"),
    MenuEntry("consent", "consent", "consentement"),
    MenuEntry("concern", "concern", "reserve"),
    MenuEntry("object", "object", "objection"),
    MenuEntry("standaside", "standaside", "abstenir"),
    MenuEntry("status", "status", "etat"),
    MenuEntry("todo", "todo", "a_faire"),
    MenuEntry("ask", "ask", "question"),
    MenuEntry("answer", "answer", "reponse"),
    MenuEntry("react", "react", "reaction"),
    MenuEntry("next", "next", "suivant"),
    MenuEntry("amend", "amend", "amender"),
    MenuEntry("withdraw_objection", "withdraw_objection", "lever"),
    MenuEntry("close", "close", "clore"),
    MenuEntry("withdraw", "withdraw", "retirer"),
    MenuEntry("decisions", "decisions", "decisions"),
    MenuEntry("vote", "vote", "vote"),
    MenuEntry("agree", "agree", "accord"),
    MenuEntry("disagree", "disagree", "desaccord"),
    MenuEntry("abstain", "abstain", "abstention"),
    MenuEntry("block", "block", "bloquer"),
    MenuEntry("advise", "advise", "avis"),
    MenuEntry("tension", "tension", "tension"),
    MenuEntry("tensions", "tensions", "tensions"),
    MenuEntry("schedule", "schedule", "planifier"),
    MenuEntry("avail", "avail", "dispo"),
    MenuEntry("finalize", "finalize", "valider"),
    MenuEntry("meeting", "meeting", "reunion"),
    MenuEntry("rsvp", "rsvp", "present"),
    MenuEntry("cancel", "cancel", "annuler"),
    MenuEntry("reschedule", "reschedule", "reporter"),
    MenuEntry("agenda", "agenda", "odj"),
    MenuEntry("note", "note", "cr"),
    MenuEntry("ics", "ics", "calendrier"),
    MenuEntry("swap", "swap", "echanger"),
    MenuEntry("round", "round", "tour"),
    MenuEntry("record", "record", "noter"),
    MenuEntry("minutes", "minutes", "compte_rendu"),
    MenuEntry("join", "join", "rejoindre"),
    MenuEntry("leave", "leave", "quitter"),
    MenuEntry("link", "link", "lier"),
    MenuEntry("federate", "federate", "federer"),
    MenuEntry("lang", "lang", "langue"),
    MenuEntry("tz", "tz", "fuseau"),
    MenuEntry("role", "role", "role"),
    MenuEntry("welcome", "welcome", "bienvenue"),
    MenuEntry("export_me", "export_me", "mes_donnees"),
    MenuEntry("forget_me", "forget_me", "oublier"),
    MenuEntry("help", "help", "aide"),
)


def menu(lang: str) -> list[tuple[str, str]]:
    """(command name, description) pairs for Telegram's command menu in `lang`."""
    entries: list[tuple[str, str]] = []
    for entry in MENU:
        name = entry.english if lang == "en" else entry.french
        if name is None:
            continue
        entries.append((name, translate(f"telegram.command.{entry.concept}", lang)))
    return entries


class ForeignCommand(Exception):
    """The command is addressed to another bot (`/cmd@otherbot`)."""


def to_core_text(text: str, bot_username: str | None) -> str:
    """Turn a leading `/cmd` or `/cmd@ourbot` into `!cmd`; other text is returned unchanged.

    Raises `ForeignCommand` for `/cmd@someone` when `someone` is not this bot (or when this
    bot's username is not known yet: better to miss a command than to act on another's).
    """
    match = _LEADING_COMMAND_RE.match(text)
    if match is None:
        return text
    name, addressee = match.group(1).lower(), match.group(2)
    if addressee is not None and (
        bot_username is None or addressee.lower() != bot_username.lower()
    ):
        raise ForeignCommand(addressee)
    if name.replace("_", "-") in VERBS:  # the contract's spelling: /withdraw_objection → -
        name = name.replace("_", "-")
    return "!" + name + text[match.end() :]


# "!verb" as the core writes it in hints ("Tapez !etat #1").
_TYPED_COMMAND_RE = re.compile(r"(?<![\w!/])!([^\s!#@,.;:?()«»\"'`<>&]+)")
# "/verb" as the core writes it in answering a command typed with "/" (core.messages.Inbound.prefix):
# "/état", "/compte-rendu" (not inside a word, a path, an address or an HTML tag)
_SLASHED_COMMAND_RE = re.compile(r"(?<![\w!/:.<=-])/([^\s!#@,.;:?()«»\"'`<>&/]+)")


def telegram_name(word: str) -> str | None:
    """The name Telegram can show as a command for the verb `word`, if there is one."""
    canonical = VERBS.get(word.casefold())
    if canonical is None:
        return None
    folded = unicodedata.normalize("NFKD", word.casefold()).encode("ascii", "ignore").decode()
    name = folded.replace("-", "_")
    if not COMMAND_NAME_RE.match(name) or VERBS.get(name.replace("_", "-"), VERBS.get(name)) != (
        canonical
    ):
        return None
    return name


def slash_hints(text: str) -> str:
    """'Tapez !état #1' → 'Tapez /etat #1', and '/compte-rendu' → '/compte_rendu': commands as
    they are typed on Telegram, by the names it shows as commands (a tap on one sends it).
    Other words keep their `!` or `/` (`/mot`, a command that does not exist, named as typed)."""

    def replace(match: re.Match[str]) -> str:
        name = telegram_name(match.group(1))
        return "/" + name if name else match.group(0)

    return _SLASHED_COMMAND_RE.sub(replace, _TYPED_COMMAND_RE.sub(replace, text))
