"""Federation: one assembly across several rooms, on one network or several (`!federate`), and
one member across several network identities (`!link`).

A room joins an assembly with a one-time code that a facilitator of the assembly asked for:
from then on the room shares the assembly's proposals, numbers, members and settings, and
what the assembly says goes to each of its rooms. An identity joins a member with two codes,
one typed from each side, so that nobody can link an account that is not theirs by copying a
code seen in a room: the member is then counted once, whichever account they speak from.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from core.errors import DomainError
from core.ids import AssemblyId, MemberId

ROOM_CODE_VALID = timedelta(hours=1)
IDENTITY_CODE_VALID = timedelta(minutes=15)
AUDIT_SUBJECT = "federation"

# Codes are read aloud and copied between apps: no letters that look alike (0/O, 1/I/L).
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_LENGTH = 8  # 31^8: about 8.5e11 codes, each valid for an hour at most and used once

# Nor are codes to be found by trying one after another: once an account typed this many codes
# that do not exist within the window, the codes it types are refused until the oldest of them
# is older than that.
MAX_WRONG_CODES = 10
WRONG_CODES_WINDOW = timedelta(hours=1)


class CodeKind(StrEnum):
    ROOM = "room"  # `!federate invite`: a room joins the assembly that asked for it
    IDENTITY = "identity"  # `!link`: another identity of the same person is to type it
    CONFIRM = "confirm"  # the answer to an identity code: the first identity is to type it
    WRONG = "wrong"  # no code to use: a code that did not exist, typed by `member` (see MAX_WRONG_CODES)


@dataclass(frozen=True, slots=True)
class LinkCode:
    code: str
    kind: CodeKind
    member: MemberId  # who asked for it (for a confirm code: the identity that typed the first one)
    created_at: datetime
    expires_at: datetime
    assembly: AssemblyId | None = None  # a room code: the assembly the room is invited into
    other: MemberId | None = None  # a confirm code: the member the first code was asked by
    used_at: datetime | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Room:
    """A room of an assembly; `home` is the room the assembly began in."""

    platform: str
    room: str
    title: str = ""
    home: bool = False


@dataclass(frozen=True, slots=True)
class LinkConflict:
    """Why two identities cannot be linked yet: both took a position in the same open round
    (`number`), which linking would count twice."""

    number: int


def new_code() -> str:
    """A fresh code, shown as `ABCD-EFGH`."""
    letters = "".join(secrets.choice(_ALPHABET) for _ in range(_CODE_LENGTH))
    return f"{letters[:4]}-{letters[4:]}"


# Capital letters of other scripts drawn like letters and digits of the alphabet, as a phone
# keyboard set to Russian, Ukrainian or Greek types them: read as what they look like.
_LOOKALIKES = str.maketrans({
    # Cyrillic: А В Е З К М Н Р С Т У Х Ѕ Ј Ԛ Ԝ
    "\u0410": "A", "\u0412": "B", "\u0415": "E", "\u0417": "3", "\u041a": "K", "\u041c": "M",
    "\u041d": "H", "\u0420": "P", "\u0421": "C", "\u0422": "T", "\u0423": "Y", "\u0425": "X",
    "\u0405": "S", "\u0408": "J", "\u051a": "Q", "\u051c": "W",
    # Greek: Α Β Ε Ζ Η Κ Μ Ν Ρ Τ Υ Χ
    "\u0391": "A", "\u0392": "B", "\u0395": "E", "\u0396": "Z", "\u0397": "H", "\u039a": "K",
    "\u039c": "M", "\u039d": "N", "\u03a1": "P", "\u03a4": "T", "\u03a5": "Y", "\u03a7": "X",
})


def read_code(text: str) -> str | None:
    """The code in what was typed, however it was spaced, dashed or cased; None when `text`
    cannot be a code (so that `!federer retirer 2` is not read as one)."""
    if len(text) > 40:
        return None
    # full-width or other compatibility forms of letters and digits are read as themselves,
    # and letters of other scripts as the ones they look like
    letters = "".join(ch for ch in unicodedata.normalize("NFKC", text).upper().translate(_LOOKALIKES)
                      if ch not in " -_.–—")
    if len(letters) != _CODE_LENGTH or any(ch not in _ALPHABET for ch in letters):
        return None
    return f"{letters[:4]}-{letters[4:]}"


def check_usable(code: LinkCode | None, kind: CodeKind | tuple[CodeKind, ...], now: datetime) -> LinkCode:
    """The code, if it can still be used for this; else the error that says why."""
    kinds = (kind,) if isinstance(kind, CodeKind) else kind
    if code is None or code.kind not in kinds:
        raise DomainError("federation.code_unknown")
    if code.used_at is not None:
        raise DomainError("federation.code_used")
    if code.expires_at <= now:
        raise DomainError("federation.code_expired")
    return code


NETWORKS = {"matrix": "Matrix", "telegram": "Telegram", "discord": "Discord", "webhook": "webhook",
            "console": "console"}  # as people name them


def platform_name(platform: str) -> str:
    """A network as people name it."""
    return NETWORKS.get(platform, platform)


def network_of(member: str) -> str:
    """The network a member id belongs to ('discord:42' → 'discord', a Matrix id → 'matrix')."""
    if member.startswith("@"):
        return "matrix"
    network, sep, _ = member.partition(":")
    return network if sep else ""


def account(identity: str) -> str:
    """An identity as its owner recognises it: the name, and the network where the id does not
    say it already ('ana (Discord)'; a Matrix id, '@ana:example.org', says it)."""
    network, sep, name = identity.partition(":")
    if sep and network in ("console", "telegram", "discord", "webhook"):
        return f"{name} ({platform_name(network)})"
    return identity
