"""Assemblies (one per room) and their members."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from core.errors import DomainError
from core.i18n import LANGUAGES
from core.ids import AssemblyId, MemberId


class MembershipMode(StrEnum):
    EXPLICIT = "explicit"  # members !join and !leave (console, Telegram, Discord, webhooks)
    ROOM = "room"  # the room's joined members are the members (Matrix)


# the networks whose rooms list their members: an assembly begun there is MembershipMode.ROOM
ROOM_MEMBERSHIP_PLATFORMS = frozenset({"matrix"})


class Role(StrEnum):
    FACILITATOR = "facilitator"
    CATALYSER = "catalyser"
    NOTE_TAKER = "note_taker"
    TIME_KEEPER = "time_keeper"
    NEWCOMER_COORDINATOR = "newcomer_coordinator"
    DELEGATE = "delegate"


ROLE_NAMES: dict[str, Role] = {
    "facilitator": Role.FACILITATOR, "facilitateur": Role.FACILITATOR,
    "facilitatrice": Role.FACILITATOR, "animateur": Role.FACILITATOR,
    "animatrice": Role.FACILITATOR, "animation": Role.FACILITATOR,
    "catalyser": Role.CATALYSER, "catalyst": Role.CATALYSER, "catalyseur": Role.CATALYSER,
    "catalyseuse": Role.CATALYSER, "catalyseur·ice": Role.CATALYSER,
    "note-taker": Role.NOTE_TAKER, "note_taker": Role.NOTE_TAKER, "secretaire": Role.NOTE_TAKER,
    "secrétaire": Role.NOTE_TAKER, "prise-de-notes": Role.NOTE_TAKER,
    "time-keeper": Role.TIME_KEEPER, "time_keeper": Role.TIME_KEEPER,
    "gardien-du-temps": Role.TIME_KEEPER, "gardienne-du-temps": Role.TIME_KEEPER,
    "gardien·ne-du-temps": Role.TIME_KEEPER,
    "newcomer-coordinator": Role.NEWCOMER_COORDINATOR, "newcomer_coordinator": Role.NEWCOMER_COORDINATOR,
    "accueil": Role.NEWCOMER_COORDINATOR, "coordination": Role.NEWCOMER_COORDINATOR,
    "coordinateur": Role.NEWCOMER_COORDINATOR, "coordinatrice": Role.NEWCOMER_COORDINATOR,
    "coordinateur·ice": Role.NEWCOMER_COORDINATOR, "coordinateur-nouveaux": Role.NEWCOMER_COORDINATOR,
    "coordination-des-nouveaux-arrivants": Role.NEWCOMER_COORDINATOR,
    "delegate": Role.DELEGATE, "federe": Role.DELEGATE, "fédéré": Role.DELEGATE,
    "fédérée": Role.DELEGATE, "federee": Role.DELEGATE, "fédéré·e": Role.DELEGATE,
    "délégué": Role.DELEGATE, "déléguée": Role.DELEGATE, "delegue": Role.DELEGATE,
    "deleguee": Role.DELEGATE, "délégué·e": Role.DELEGATE,
}
# The name of each role that the room's language offers when it lists them (each one is
# a key of ROLE_NAMES; a role of several words is typed with dashes or spaces).
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "fr": ("animation", "catalyseur", "prise-de-notes", "gardien-du-temps", "accueil", "fédéré"),
    "en": ("facilitator", "catalyser", "note-taker", "time-keeper", "newcomer-coordinator", "delegate"),
}
# `!role @member remove facilitator`: the words that take a role away instead of giving it.
REMOVE_WORDS = frozenset({"retirer", "enlever", "remove", "drop"})

DEFAULT_TIMEZONE = "Europe/Paris"


def parse_role(word: str, lang: str = "fr") -> Role:
    """A role from the word people type (`animation`, `prise de notes`, `délégué`…)."""
    role = ROLE_NAMES.get("-".join(word.split()).casefold())
    if role is None:
        words = ROLE_WORDS.get(lang, ROLE_WORDS["fr"])
        raise DomainError("role.unknown", role=word[:40], roles=", ".join(words))
    return role


def check_timezone(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 64 or ".." in name or name.startswith("/"):
        raise DomainError("tz.unknown", tz=name[:64])
    # `europe/paris` is Europe/Paris: zone names are matched whatever their case, and the
    # answer gives the name as the time zone database spells it.
    spelt = _zones_by_folded_name().get(name.casefold())
    try:
        ZoneInfo(spelt or name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DomainError("tz.unknown", tz=name[:64]) from None
    return spelt or name


@cache
def _zones_by_folded_name() -> dict[str, str]:
    return {zone.casefold(): zone for zone in available_timezones()}


ROOM_TITLE_MAX = 100


def room_title(name: str | None) -> str:
    """A room's name as a network gives it, fit to show: one line, no control characters,
    at most ROOM_TITLE_MAX characters ("" for none)."""
    if not name:
        return ""
    text = " ".join("".join(c if c.isprintable() else " " for c in name).split())
    return text if len(text) <= ROOM_TITLE_MAX else text[: ROOM_TITLE_MAX - 1].rstrip() + "…"


def check_language(code: str) -> str:
    code = code.strip().casefold()[:2]
    if code not in LANGUAGES:
        raise DomainError("lang.unknown", lang=code, languages=" | ".join(LANGUAGES))
    return code


def role_word(role: Role, lang: str) -> str:
    """The word that gives `role` in a command typed in a room of `lang` (`catalyseur`)."""
    words = ROLE_WORDS.get(lang, ROLE_WORDS["fr"])
    return words[list(Role).index(role)]


@dataclass(frozen=True, slots=True)
class Mandate:
    """A role held for a term: it ends at `ends`, when the role is taken away (the room is
    reminded before, then told, and the holder is invited to give an account of it)."""

    ends: datetime
    since: datetime  # when it was given (or last renewed)
    by: MemberId | None = None  # who gave it
    term: str = ""  # the length as it was typed ('6m', '3 semaines'); "" when a date was given


@dataclass(slots=True)
class Member:
    member: MemberId
    roles: set[Role] = field(default_factory=set)
    # The roles held for a term (a role not here has no end).
    mandates: dict[Role, Mandate] = field(default_factory=dict)
    active: bool = True
    joined_at: datetime | None = None
    timezone: str | None = None
    # set when the room welcomes them, and written with the row (read back with the assembly's
    # welcome only: `Welcome.last_welcomed`)
    welcomed_at: datetime | None = None
    dirty: bool = False


@dataclass(slots=True)
class Assembly:
    id: AssemblyId
    platform: str
    room: str
    language: str = "fr"
    timezone: str = DEFAULT_TIMEZONE
    mode: MembershipMode = MembershipMode.EXPLICIT
    next_number: int = 1
    title: str = ""  # the room's name on its network, as last seen ("" when it has none)
    # Loaded members: all of them only when `members_complete` (a command usually needs
    # just its sender's row; `Context.load_members` completes the list when needed).
    members: dict[MemberId, Member] = field(default_factory=dict)
    members_complete: bool = True
    dirty: bool = False
    # the assembly spans several rooms (`!federate`): what it says goes to each of them
    federated: bool = False
    # the member the speaking identity acts as, when it was linked to another one (`!link`)
    acting_as: MemberId | None = None

    def active_members(self) -> tuple[MemberId, ...]:
        if not self.members_complete:
            raise RuntimeError("members were loaded partially")
        return tuple(sorted(m.member for m in self.members.values() if m.active))

    def is_member(self, member: MemberId) -> bool:
        entry = self.members.get(member)
        return entry is not None and entry.active

    def has_role(self, member: MemberId, role: Role) -> bool:
        entry = self.members.get(member)
        return entry is not None and entry.active and role in entry.roles

    def take_number(self) -> int:
        number = self.next_number
        self.next_number += 1
        self.dirty = True
        return number

    def join(self, member: MemberId, now: datetime, *, others_active: bool | None = None) -> bool:
        """True if `member` was not an active member before. `others_active` (counted
        without reading every member) spares the whole list when it is true: the newcomer
        is then not the first member."""
        entry = self.members.get(member)
        if entry is not None and entry.active:
            return False
        if others_active:
            first = False
        else:
            if not self.members_complete:
                raise RuntimeError("members were loaded partially")
            first = not any(m.active for m in self.members.values()) and not any(
                Role.FACILITATOR in m.roles for m in self.members.values()
            )
        if entry is None:
            entry = Member(member, joined_at=now)
            self.members[member] = entry
        entry.active = True
        entry.joined_at = entry.joined_at or now
        if first:
            # The first member of an assembly facilitates until they hand the role on
            # (`!role @member facilitator`, then `!role @self remove facilitator`).
            entry.roles.add(Role.FACILITATOR)
        entry.dirty = True
        return True

    def leave(self, member: MemberId) -> bool:
        entry = self.members.get(member)
        if entry is None or not entry.active:
            return False
        entry.active = False
        entry.dirty = True
        return True

    def give_role(self, member: MemberId, role: Role, mandate: Mandate | None = None) -> bool:
        """False if `member` held `role` already. `mandate`: the role is held until its end
        (given again, the new end replaces the old); None: it has no end (given again without a
        term, a role held for a term becomes open-ended again)."""
        entry = self.members.get(member)
        if entry is None or not entry.active:
            raise DomainError("role.not_a_member", member=member)
        held = role in entry.roles
        if mandate is None:
            if entry.mandates.pop(role, None) is not None:
                entry.dirty = True
        elif entry.mandates.get(role) != mandate:
            entry.mandates[role] = mandate
            entry.dirty = True
        if held:
            return False
        entry.roles.add(role)
        entry.dirty = True
        return True

    def remove_role(self, member: MemberId, role: Role) -> bool:
        """False if `member` did not hold `role`. Its mandate, if it had one, ends."""
        entry = self.members.get(member)
        if entry is None or role not in entry.roles:
            return False
        entry.roles.discard(role)
        entry.mandates.pop(role, None)
        entry.dirty = True
        return True

    def end_mandates(self, member: MemberId) -> dict[Role, Mandate]:
        """The member leaves (or is forgotten): the roles they held for a term are taken away,
        their mandates end. Returns the mandates that ended."""
        entry = self.members.get(member)
        if entry is None or not entry.mandates:
            return {}
        ended, entry.mandates = entry.mandates, {}
        entry.roles -= set(ended)
        entry.dirty = True
        return ended

    def mandates(self) -> list[tuple[MemberId, Role, Mandate]]:
        """The mandates of active members, the nearest end first."""
        if not self.members_complete:
            raise RuntimeError("members were loaded partially")
        found = [(m.member, role, mandate) for m in self.members.values() if m.active
                 for role, mandate in m.mandates.items() if role in m.roles]
        return sorted(found, key=lambda item: (item[2].ends, item[0], item[1].value))

    def facilitators(self) -> tuple[MemberId, ...]:
        """The active members who hold the facilitator role."""
        if not self.members_complete:
            raise RuntimeError("members were loaded partially")
        return tuple(sorted(m.member for m in self.members.values() if m.active and Role.FACILITATOR in m.roles))

    def resolve(self, reference: str) -> MemberId:
        """Find a member from how people name them: `@alice`, `console:alice`, an MXID…"""
        if not self.members_complete:
            raise RuntimeError("members were loaded partially")
        ref = reference.strip().strip("<>")
        if ref.startswith("@") and ":" in ref and MemberId(ref) in self.members:
            return MemberId(ref)  # a full Matrix id
        bare = ref.lstrip("@").casefold()
        candidates = [
            m for m in self.members
            if m.casefold() == bare
            or m.casefold().split(":", 1)[-1] == bare
            or m.casefold().lstrip("@").split(":", 1)[0] == bare
        ]
        active = [m for m in candidates if self.members[m].active] or candidates
        if len(active) == 1:
            return active[0]
        if not active:
            raise DomainError("member.unknown", member=ref[:80])
        raise DomainError("member.ambiguous", member=ref[:80])
