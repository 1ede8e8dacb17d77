"""The chat commands as Discord slash commands, and back to command lines.

Every command of the chat contract is one slash command with the canonical English
name and a French `name_localizations`. Discord sends back the canonical name and the
option values; `command_line` rebuilds the text command the core parses
(`!propose --method vote Title` …). Descriptions come from the i18n catalogs
(`discord.cmd.*`, `discord.opt.*`, `discord.choice.*`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Any

from core.i18n import catalog, translate

NAME_PATTERN = re.compile(r"^[-_\w]{1,32}$")
DESCRIPTION_MAX = 100


class OptionType(IntEnum):
    STRING = 3
    INTEGER = 4
    BOOLEAN = 5
    USER = 6


class Render(StrEnum):
    """How an option value is written back into the command line."""

    NUMBER = "number"  # "#3"
    WORD = "word"  # the value as typed
    FLAG = "flag"  # --name "value"
    SWITCH = "switch"  # --name (when true)
    USER = "user"  # "@discord:<id>"
    KEYWORD = "keyword"  # "<keyword> value" (e.g. "add <item>")
    BODY = "body"  # on the next line


@dataclass(frozen=True, slots=True)
class OptionSpec:
    name: str
    fr_name: str
    type: OptionType
    render: Render
    required: bool = False
    choices: tuple[str, ...] = ()
    keyword: str = ""  # for Render.FLAG / SWITCH / KEYWORD; defaults to the name
    max_length: int | None = None
    # Discord asks the bot what to propose as the option is typed (AUTOCOMPLETE interactions)
    autocomplete: bool = False
    # the command whose numbers are proposed (core.threads.applicable); defaults to the
    # command's own (`/propose tension:` proposes what `!tension #N` applies to)
    suggests: str = ""


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    fr_name: str
    options: tuple[OptionSpec, ...] = ()
    # Order of the options in the rebuilt command line (registration order puts the
    # required options first, as Discord demands).
    text_order: tuple[str, ...] | None = None

    def ordered_for_text(self) -> tuple[OptionSpec, ...]:
        if self.text_order is None:
            return self.options
        by_name = {option.name: option for option in self.options}
        return tuple(by_name[name] for name in self.text_order)


def _number(required: bool = True) -> OptionSpec:
    """The proposal / poll / meeting number: Discord proposes those the command applies to
    as it is typed (see `number_being_typed`)."""
    return OptionSpec("number", "numéro", OptionType.INTEGER, Render.NUMBER, required, autocomplete=True)


def _text(name: str, fr_name: str, required: bool = True, max_length: int = 1500) -> OptionSpec:
    return OptionSpec(
        name, fr_name, OptionType.STRING, Render.WORD, required, max_length=max_length
    )


def _member(required: bool = True) -> OptionSpec:
    return OptionSpec("member", "membre", OptionType.USER, Render.USER, required)


def _cmd(
    name: str, fr_name: str, *options: OptionSpec, order: tuple[str, ...] | None = None
) -> CommandSpec:
    return CommandSpec(name, fr_name, options, order)


_METHODS = ("consent", "consensus", "vote", "advice")
_POSITIONS = ("consent", "concern", "object", "standaside")

COMMANDS: tuple[CommandSpec, ...] = (
    # Proposals and consent
    _cmd(
        "propose",
        "proposer",
        _text("title", "titre", max_length=200),
        OptionSpec("body", "détails", OptionType.STRING, Render.BODY, max_length=1500),
        OptionSpec("method", "méthode", OptionType.STRING, Render.FLAG, choices=_METHODS),
        OptionSpec("options", "options", OptionType.STRING, Render.FLAG, max_length=500),
        OptionSpec("deadline", "échéance", OptionType.STRING, Render.FLAG, max_length=40),
        OptionSpec("quorum", "quorum", OptionType.STRING, Render.FLAG, max_length=10),
        OptionSpec("threshold", "seuil", OptionType.STRING, Render.FLAG, max_length=10),
        OptionSpec("anonymous", "anonyme", OptionType.BOOLEAN, Render.SWITCH),
        OptionSpec("hide-results", "masquer-résultats", OptionType.BOOLEAN, Render.SWITCH),
        OptionSpec(
            "tension", "tension", OptionType.INTEGER, Render.FLAG, autocomplete=True, suggests="tension"
        ),
        order=(
            "tension",
            "method",
            "options",
            "deadline",
            "quorum",
            "threshold",
            "anonymous",
            "hide-results",
            "title",
            "body",
        ),
    ),
    _cmd("ask", "question", _number(), _text("question", "question")),
    _cmd("answer", "réponse", _number(), _text("text", "texte")),
    _cmd("react", "réaction", _number(), _text("text", "texte")),
    _cmd("next", "suivant", _number()),
    _cmd("consent", "consentement", _number()),
    _cmd("concern", "réserve", _number(), _text("text", "texte")),
    _cmd("object", "objection", _number(), _text("reason", "raison")),
    _cmd("standaside", "abstention", _number()),
    _cmd("amend", "amender", _number(), _text("text", "texte")),
    _cmd("withdraw-objection", "lever", _number()),
    _cmd("close", "clore", _number(), _text("decision", "décision", required=False)),
    _cmd("withdraw", "retirer", _number()),
    _cmd("status", "état", _number(required=False)),
    _cmd("todo", "a-faire"),
    _cmd("decisions", "décisions"),
    _cmd("help", "aide", _text("command", "commande", required=False, max_length=40)),
    # Other decision methods
    _cmd("agree", "accord", _number()),
    _cmd("disagree", "désaccord", _number()),
    _cmd("abstain", "s-abstenir", _number()),
    _cmd("block", "bloquer", _number(), _text("reason", "raison")),
    _cmd("vote", "voter", _number(), _text("option", "option", max_length=200)),
    _cmd("advise", "avis", _number(), _text("text", "texte")),
    # Tensions
    # `/tension text:…` notes one; `/tension number:3 text:odj` processes #3 (`!tension #3 odj`)
    _cmd(
        "tension",
        "tension",
        _text("text", "texte", required=False, max_length=2000),
        _number(required=False),
        order=("number", "text"),
    ),
    _cmd("tensions", "tensions"),
    # Scheduling assemblies
    _cmd(
        "schedule",
        "planifier",
        _text("title", "titre", max_length=200),
        OptionSpec("slots", "créneaux", OptionType.STRING, Render.FLAG, True, max_length=1000),
    ),
    _cmd("avail", "dispo", _number(), _text("answers", "réponses", max_length=500)),
    _cmd(
        "finalize", "valider", _number(), _text("slot", "créneau", required=False, max_length=100)
    ),
    _cmd(
        "meeting",
        "réunion",
        _text("title", "titre", max_length=200),
        _text("when", "quand", max_length=100),
        OptionSpec("place", "lieu", OptionType.STRING, Render.FLAG, max_length=200),
        OptionSpec("every", "récurrence", OptionType.STRING, Render.FLAG, max_length=60),
    ),
    _cmd(
        "rsvp",
        "présent",
        _number(),
        OptionSpec(
            "answer", "réponse", OptionType.STRING, Render.WORD, True, ("yes", "maybe", "no")
        ),
    ),
    _cmd(
        "agenda",
        "odj",
        _number(),
        OptionSpec("add", "ajouter", OptionType.STRING, Render.KEYWORD, max_length=500),
    ),
    _cmd("note", "cr", _number(), _text("text", "texte")),
    _cmd("ics", "ics", _number(required=False)),
    _cmd(
        "calendar",
        "calendrier",
        OptionSpec(
            "visibility", "visibilité", OptionType.STRING, Render.WORD, False, ("public", "private")
        ),
    ),
    _cmd(
        "swap",
        "échanger",
        _number(),
        _text("role", "rôle", max_length=40),
        _member(),
    ),
    _cmd(
        "round",
        "tour",
        _number(),
        OptionSpec("live", "direct", OptionType.BOOLEAN, Render.SWITCH),
    ),
    _cmd(
        "record",
        "noter",
        _number(),
        _member(),
        OptionSpec("position", "position", OptionType.STRING, Render.WORD, True, _POSITIONS),
    ),
    _cmd("minutes", "compte-rendu", _number()),
    _cmd("cancel", "annuler", _number()),
    _cmd(
        "reschedule",
        "reporter",
        _number(),
        _text("when", "quand", max_length=100),
    ),
    # Membership and identity
    _cmd("join", "rejoindre"),
    _cmd("leave", "quitter"),
    # `/link` alone gives a code; `/link code:ABCD-EF23` types one; `code:remove` unlinks this account
    _cmd("link", "lier", _text("code", "code", required=False, max_length=40)),
    # Several rooms, one assembly: `/federate` alone lists the rooms; `text:invite` gives a code,
    # `text:ABCD-EF23` (in the other room) joins, `text:remove 2` takes room 2 out
    _cmd("federate", "federer", _text("text", "texte", required=False, max_length=40)),
    _cmd(
        "lang",
        "langue",
        OptionSpec("language", "langue", OptionType.STRING, Render.WORD, True, ("fr", "en")),
    ),
    _cmd("tz", "fuseau", _text("zone", "fuseau", max_length=60)),
    # `/role` alone lists who holds which role and until when (`!role`)
    _cmd(
        "role",
        "rôle",
        _member(required=False),
        _text("role", "rôle", required=False, max_length=40),
        OptionSpec("term", "mandat", OptionType.STRING, Render.FLAG, max_length=40),
    ),
    _cmd("welcome", "bienvenue", _text("text", "texte", required=False)),
    _cmd("export-me", "mes-données"),
    _cmd("forget-me", "oublier"),
)

COMMANDS_BY_NAME: dict[str, CommandSpec] = {spec.name: spec for spec in COMMANDS}
COMMANDS_BY_LOCAL_NAME: dict[str, CommandSpec] = {
    name: spec for spec in COMMANDS for name in (spec.name, spec.fr_name)
}


# --- registration payloads -------------------------------------------------------------


def _description(key: str, lang: str) -> str:
    text = translate(key, lang)
    return text[:DESCRIPTION_MAX]


def _option_description_key(command: str, option: str) -> str:
    specific = f"discord.opt.{command}.{option}"
    if specific in catalog("en") and specific in catalog("fr"):
        return specific
    return f"discord.opt.{option}"


def _option_payload(command: CommandSpec, option: OptionSpec) -> dict[str, Any]:
    key = _option_description_key(command.name, option.name)
    payload: dict[str, Any] = {
        "type": int(option.type),
        "name": option.name,
        "name_localizations": {"fr": option.fr_name},
        "description": _description(key, "en"),
        "description_localizations": {"fr": _description(key, "fr")},
        "required": option.required,
    }
    if option.type is OptionType.INTEGER:
        payload["min_value"] = 1
    if option.autocomplete:
        payload["autocomplete"] = True
    if option.max_length is not None:
        payload["max_length"] = option.max_length
    if option.choices:
        payload["choices"] = [
            {
                "name": translate(f"discord.choice.{value}", "en")[:DESCRIPTION_MAX],
                "name_localizations": {
                    "fr": translate(f"discord.choice.{value}", "fr")[:DESCRIPTION_MAX]
                },
                "value": value,
            }
            for value in option.choices
        ]
    return payload


def command_payloads() -> list[dict[str, Any]]:
    """The body of `PUT /applications/{app}/commands` (bulk overwrite)."""
    payloads: list[dict[str, Any]] = []
    for spec in COMMANDS:
        options = sorted(spec.options, key=lambda option: not option.required)
        payloads.append(
            {
                "type": 1,  # CHAT_INPUT
                "name": spec.name,
                "name_localizations": {"fr": spec.fr_name},
                "description": _description(f"discord.cmd.{spec.name}", "en"),
                "description_localizations": {"fr": _description(f"discord.cmd.{spec.name}", "fr")},
                "options": [_option_payload(spec, option) for option in options],
                "contexts": [0],  # guild channels only: assemblies live in servers
            }
        )
    return payloads


# --- interaction data → command line ---------------------------------------------------


class UnknownCommand(Exception):
    """The interaction names a command this bot does not know (stale registration)."""


_QUOTE_PAIRS = (('"', '"'), ("«", "»"), ("“", "”"), ("'", "'"))


def _quote(value: str) -> str:
    """Quote a flag value the way the command parser reads it (no escapes: pick a
    quote pair that does not occur in the value)."""
    for opening, closing in _QUOTE_PAIRS:
        if closing not in value:
            return f"{opening}{value}{closing}"
    return '"' + value.replace('"', "''") + '"'


def _one_line(value: str) -> str:
    return " ".join(value.split())


def user_mention(user_id: str) -> str:
    """How a Discord member is written in a command line: '@' + their platform id."""
    return f"@discord:{user_id}"


TYPED_MAX = 100  # what is read of a focused option's value


def number_being_typed(data: dict[str, Any]) -> tuple[str, str] | None:
    """(command whose numbers to propose, what the number holds so far) from AUTOCOMPLETE data
    whose focused option is a number Discord completes (a command's number, the `tension` of
    `/propose`, which takes what `/tension` applies to); None for anything else. Discord sends
    the focused value as typed, a string, possibly empty or not a number yet."""
    name = data.get("name")
    spec = COMMANDS_BY_NAME.get(name) if isinstance(name, str) else None
    if spec is None:
        return None
    numbers = {option.name: option.suggests or spec.name for option in spec.options if option.autocomplete}
    for item in data.get("options") or ():
        if not isinstance(item, dict) or item.get("focused") is not True:
            continue
        focused = item.get("name")
        word = numbers.get(focused) if isinstance(focused, str) else None
        if word is None:
            return None
        value = item.get("value")
        if isinstance(value, bool) or not isinstance(value, str | int):
            value = ""
        return word, _one_line(str(value))[:TYPED_MAX]
    return None


def command_line(data: dict[str, Any]) -> str:
    """Rebuild '!verb args' from APPLICATION_COMMAND data (canonical names)."""
    name = data.get("name")
    spec = COMMANDS_BY_NAME.get(name) if isinstance(name, str) else None
    if spec is None:
        raise UnknownCommand(str(name))
    given: dict[str, Any] = {}
    for item in data.get("options") or ():
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            given[item["name"]] = item.get("value")
    parts = ["!" + spec.name]
    body = ""
    for option in spec.ordered_for_text():
        value = given.get(option.name)
        if value is None:
            continue
        keyword = option.keyword or option.name
        match option.render:
            case Render.NUMBER:
                if isinstance(value, bool) or not isinstance(value, int):
                    continue
                parts.append(f"#{value}")
            case Render.WORD:
                text = _one_line(str(value))
                if text:
                    parts.append(text)
            case Render.FLAG:
                text = _one_line(str(value))
                if text:
                    needs_quotes = " " in text or any(q in text for q, _ in _QUOTE_PAIRS)
                    parts.append(f"--{keyword} {_quote(text) if needs_quotes else text}")
            case Render.SWITCH:
                if value is True:
                    parts.append(f"--{keyword}")
            case Render.USER:
                user_id = str(value)
                if user_id.isdigit():
                    parts.append(user_mention(user_id))
            case Render.KEYWORD:
                text = _one_line(str(value))
                if text:
                    parts.append(f"{keyword} {text}")
            case Render.BODY:
                body = str(value).strip()
    line = " ".join(parts)
    return f"{line}\n{body}" if body else line
