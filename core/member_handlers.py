"""Membership, roles, language, time zone, help and personal data."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime

from core import mandates, welcome_handlers
from core.assemblies import (
    REMOVE_WORDS,
    Mandate,
    Role,
    check_language,
    check_timezone,
    parse_role,
    role_word,
)
from core.commands import ALIASES, VERBS, Command
from core.context import Context
from core.errors import DomainError
from core.federation import network_of
from core.i18n import translate
from core.ids import MemberId
from core.proposals import ObjectionStatus, Phase, pseudonym
from core.render import display, when
from core.tensions import tension_data
from core.welcome import Welcome

# Help groups, in the order people need them.
HELP_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("help.group_proposals", ("propose", "ask", "answer", "react", "next", "consent", "concern", "object",
                              "standaside", "amend", "withdraw-objection", "close", "withdraw", "status",
                              "todo", "decisions")),
    ("help.group_methods", ("agree", "disagree", "abstain", "block", "vote", "advise")),
    ("help.group_tensions", ("tension", "tensions")),
    ("help.group_scheduling", ("schedule", "avail", "finalize", "meeting", "rsvp", "agenda", "note", "ics",
                               "calendar", "swap", "round", "record", "minutes", "cancel", "reschedule",
                               "reminders")),
    ("help.group_members", ("join", "leave", "link", "federate", "role", "welcome", "lang", "tz", "export-me", "forget-me",
                            "help")),
)


# The name a command goes by in a French room where it is not its first French alias: the
# first name of the French column of the command reference.
FRENCH_NAMES: dict[str, str] = {"standaside": "abstention", "role": "role", "vote": "vote", "ics": "ics",
                                "calendar": "calendrier", "tension": "tension", "tensions": "tensions",
                                "federate": "federer"}


# Names that reach a command without being its aliases: `!calendrier` is the alias of `!ics`,
# which, without a number, does what `!calendar` does.
ALSO_NAMED: dict[str, tuple[str, ...]] = {"calendar": ("calendrier",)}


def help_names(verb: str, lang: str) -> tuple[str, ...]:
    """Every name of `verb` for its detailed help: the one it goes by in the room's language
    (see help_name), then the others, the canonical verb first."""
    name = help_name(verb, lang)
    return (name, *dict.fromkeys(n for n in (verb, *ALIASES[verb], *ALSO_NAMED.get(verb, ())) if n != name))


def help_name(verb: str, lang: str) -> str:
    """How the detailed help names a command: in the room's language (`!aide proposer`
    starts with !proposer, `!help propose` with !propose)."""
    if lang != "fr":
        return verb
    return FRENCH_NAMES.get(verb) or next(iter(ALIASES[verb]), verb)


async def join(ctx: Context, cmd: Command) -> None:
    count = await ctx.join()
    if count is None:
        await ctx.say("member.already")
        return
    await _welcome(ctx, count, await ctx.uow.assemblies.welcome(ctx.assembly.id), room_join=False)


async def joined_the_room(ctx: Context) -> None:
    """Someone joined the room on a network that tells (Matrix, Telegram): they are a member
    now. The room welcomes them only where the assembly asked for it (a welcome text, or a
    newcomer coordinator), never when they were a member already, and not again within
    REWELCOME_AFTER of their last welcome (see core.welcome): one read more at most, the welcome
    and their last one together."""
    count = await ctx.join()
    if count is None:
        return
    welcome = await ctx.uow.assemblies.welcome(ctx.assembly.id, ctx.member)
    if welcome.configured and not welcome.welcomed_recently(ctx.now):
        await _welcome(ctx, count, welcome, room_join=True)


async def _welcome(ctx: Context, count: int, welcome: Welcome, *, room_join: bool) -> None:
    """What a new member is told: who they are among how many, the assembly's welcome text
    and who looks after newcomers (mentioned) where it has them, the first steps and what is
    under way. After a room join, which nobody typed, the newcomer is mentioned instead of
    answered."""
    facilitator = ctx.assembly.has_role(ctx.member, Role.FACILITATOR)
    name = display(ctx.member)
    under_way = await _under_way(ctx)
    if not welcome.configured:
        await ctx.say("member.joined_facilitator" if facilitator else "member.joined",
                      member=name, count=count, under_way=under_way)
        return
    if facilitator:  # the first member: how to hand the role on says how to start already
        head, steps = ctx.t("member.joined_facilitator", member=name, count=count), under_way.strip()
    else:
        head, steps = (ctx.t("welcome.joined", member=name, count=count),
                       ctx.t("welcome.first_steps", under_way=under_way))
    text, coordinators = welcome_handlers.greeting(ctx, welcome, head, steps)
    await ctx.send_text(text, mentions=((ctx.member,) if room_join else ()) + coordinators, reply=not room_join)


async def _under_way(ctx: Context) -> str:
    """For a newcomer: how many proposals are open, and that rounds already open keep those
    they called (the electorate is taken when a round opens); for someone who comes back,
    the rounds that called them, where they may still take a position."""
    open_now = await ctx.uow.proposals.list(ctx.assembly.id, open_only=True)
    if not open_now:
        return ""
    deciding = [p for p in open_now if p.phase is Phase.DECISION]
    text = ctx.t("member.under_way", count=len(open_now))
    if any(ctx.member not in p.electorate for p in deciding):
        text += ctx.t("member.under_way_rounds")
    called = [f"#{p.number}" for p in deciding if ctx.member in p.electorate]
    if called:  # someone who comes back to a round that called them
        text += ctx.t("member.under_way_called", numbers=", ".join(called))
    return text


async def leave(ctx: Context, cmd: Command) -> None:
    if ctx.room_is_membership:
        raise DomainError("member.leave_room")
    if not ctx.assembly.is_member(ctx.member):
        await ctx.say("member.not_member")
        return
    await ctx.send_text(ctx.t("member.left", member=display(ctx.member)) + await _leave(ctx))


async def left_the_room(ctx: Context) -> None:
    """Someone left the room on a network that tells (Matrix, Telegram): the network shows
    it already, so the room hears of it only when it matters to a decision: an objection of
    theirs still blocks, or nobody facilitates any more."""
    if not ctx.assembly.is_member(ctx.member):
        return
    if ctx.assembly.acting_as is not None and network_of(ctx.member) != ctx.platform:
        # an account linked to a member of another network (`!link`) left this room: the
        # member is still there, and leaves, on their own network (`!leave` where it takes one)
        return
    if ctx.inbound.still_in and ctx.assembly.federated:
        rooms = {(room.platform, room.room) for room in await ctx.other_rooms()}
        if any((ctx.inbound.platform, room) in rooms for room in ctx.inbound.still_in):
            return  # still in another of the assembly's rooms: still a member
    notes = await _leave(ctx)
    if notes:
        await ctx.send_text(ctx.t("member.left", member=display(ctx.member)) + notes)


async def _leave(ctx: Context) -> str:
    """The member leaves; what the room must know about it (empty when nothing)."""
    facilitated = ctx.assembly.has_role(ctx.member, Role.FACILITATOR)
    if facilitated:  # the whole list only then: does anyone else facilitate?
        await ctx.members()
    ctx.assembly.leave(ctx.member)
    ctx.assembly.dirty = True
    # their mandates end with them (`!forget-me` ends them itself, without the name)
    return await _objections_left_open(ctx) + await _left_behind(ctx, facilitated) + await mandates.departure_note(ctx)


# What else a member who leaves (or is forgotten) leaves behind, for other parts of the core to
# settle and tell the room (scheduling: the roles they held in meetings to come). Each gets the
# context of the departure and returns its note for the room, starting with a space, or "".
DEPARTURE_NOTES: list[Callable[[Context], Awaitable[str]]] = []


async def _left_behind(ctx: Context, facilitated: bool) -> str:
    """What leaving and being forgotten both tell the room: nobody facilitates any more, and
    what the other parts of the core settled (see DEPARTURE_NOTES)."""
    text = _nobody_facilitates(ctx, facilitated)
    for note in DEPARTURE_NOTES:
        text += await note(ctx)
    return text


def _nobody_facilitates(ctx: Context, facilitated: bool) -> str:
    """' Nobody facilitates any more: any member may give the role…' when the member who just
    went facilitated and was the last one to, and others remain; else nothing."""
    if facilitated and not ctx.assembly.facilitators() and ctx.assembly.active_members():
        return " " + ctx.t("member.nobody_facilitates")
    return ""


async def _objections_left_open(ctx: Context) -> str:
    """For the room, when someone leaves: the objections of theirs that still block a
    proposal (not in an anonymous round, where saying so would name the objector)."""
    numbers = await _open_objections_of(ctx)
    if not numbers:
        return ""
    member = display(ctx.member)
    if len(numbers) == 1:
        return " " + ctx.t("member.left_objection", member=member, number=numbers[0])
    return " " + ctx.t("member.left_objections", member=member, numbers=", ".join(f"#{n}" for n in numbers))


async def _objections_forgotten(ctx: Context, numbers: list[int]) -> str:
    """For the room, when someone is forgotten: their open objections still block, and nobody
    can lift them any more (the objector is now anonymous)."""
    if not numbers:
        return ""
    if len(numbers) == 1:
        return " " + ctx.t("member.forgotten_objection", number=numbers[0])
    return " " + ctx.t("member.forgotten_objections", numbers=", ".join(f"#{n}" for n in numbers))


async def _open_objections_of(ctx: Context) -> list[int]:
    """The proposals deciding now on which the member has an open objection (anonymous rounds
    left out: telling the room would name the objector)."""
    numbers: list[int] = []
    for listed in await ctx.uow.proposals.list(ctx.assembly.id, open_only=True):
        if listed.phase is not Phase.DECISION or listed.rules.anonymous or ctx.member not in listed.electorate:
            continue
        proposal = await ctx.uow.proposals.get(ctx.assembly.id, listed.number)
        objection = proposal.objections.get(ctx.member) if proposal else None
        if objection is not None and objection.status is ObjectionStatus.OPEN:
            numbers.append(listed.number)
    return numbers


SELF_WORDS = frozenset({"moi", "me", "myself", "moi-même"})


async def role(ctx: Context, cmd: Command) -> None:
    """`!role @member facilitator` gives a role; `!role @member remove facilitator` (or
    `-facilitator`) takes it away. A facilitator gives and removes roles; anyone may drop
    their own; while nobody facilitates, any member may give the facilitator role.
    `--term 6m` (`--mandat`) gives it for a term (a length or an end date): given again, the
    new end replaces the old; given again without a term, the role has no end again.
    `!role` alone lists the roles held and the end of each mandate."""
    words = cmd.text.split()
    if not words and not cmd.flags:
        await mandates.list_roles(ctx)
        return
    if len(words) < 2:
        raise DomainError("role.usage")
    reference, rest = words[0], words[1:]
    if reference.casefold().lstrip("@") in SELF_WORDS:  # "!role moi retirer animation": on every network
        reference = ctx.member
    remove = rest[0].casefold() in REMOVE_WORDS
    if remove:
        rest = rest[1:]
    elif rest[0].startswith("-") and len(rest[0]) > 1:
        remove, rest = True, [rest[0][1:], *rest[1:]]
    if not rest:
        raise DomainError("role.usage")
    chosen = parse_role(" ".join(rest), ctx.lang)
    term = str(cmd.flags["term"]) if "term" in cmd.flags else None
    if remove and term is not None:  # taking a role away ends its mandate: there is no term to give
        raise DomainError("role.term_on_remove", flag=cmd.flag_word("term"), role=role_word(chosen, ctx.lang))
    await ctx.members()
    if remove:
        await _remove_role(ctx, ctx.assembly.resolve(reference), chosen)
        return
    if not ctx.is_facilitator:
        nobody_facilitates = not ctx.assembly.facilitators()
        if not (nobody_facilitates and chosen is Role.FACILITATOR):
            raise DomainError("role.nobody_facilitates" if nobody_facilitates else "member.not_facilitator")
        await ctx.require_member()  # while nobody facilitates, any member hands the role on
    member = ctx.assembly.resolve(reference)
    if not ctx.assembly.is_member(member):
        raise DomainError("role.not_a_member", member=display(member))
    mandate = None
    if term is not None:
        ends, typed = mandates.parse_term(term, ctx.now, ctx.tz)
        mandate = Mandate(ends=ends, since=ctx.now, by=ctx.member, term=typed)
    before = ctx.assembly.members[member].mandates.get(chosen)
    changed = ctx.assembly.give_role(member, chosen, mandate)
    ctx.assembly.dirty = True
    await _role_given(ctx, member, chosen, changed, before, mandate)


async def _role_given(ctx: Context, member: MemberId, chosen: Role, changed: bool,
                      before: Mandate | None, mandate: Mandate | None) -> None:
    """Say what giving the role did, plan the mandate's reminder and end, keep it in the log."""
    name, role_text = display(member), ctx.t(f"role.{chosen.value}")
    end = when(mandate.ends, ctx.tz, ctx.lang) if mandate else ""
    if changed or (mandate is not None and before is None):  # a role given, or one held given a term
        key = "role.given_term" if changed and mandate else "role.given" if changed else "role.term_set"
        await mandates.record(ctx, "role_given", member, chosen, by=ctx.member, ends=mandates.iso(mandate))
    elif mandate is not None:
        key = "role.term_renewed"
        await mandates.record(ctx, "mandate_renewed", member, chosen, by=ctx.member, ends=mandates.iso(mandate),
                              previous=mandates.iso(before))
    elif before is not None:
        key = "role.term_lifted"
        await mandates.record(ctx, "mandate_lifted", member, chosen, by=ctx.member, previous=mandates.iso(before))
    else:
        key = "role.already"
    if mandate is not None:
        await mandates.plan(ctx, member, chosen, mandate)
    await ctx.say(key, member=name, role=role_text, end=end, mentions=(member,))


async def _remove_role(ctx: Context, member: MemberId, chosen: Role) -> None:
    if member != ctx.member and not ctx.is_facilitator:
        raise DomainError("role.nobody_facilitates" if not ctx.assembly.facilitators() else "role.remove_not_yours")
    name = ctx.t(f"role.{chosen.value}")
    entry = ctx.assembly.members.get(member)
    if entry is None or chosen not in entry.roles:
        raise DomainError("role.not_held", member=display(member), role=name)
    if (chosen is Role.FACILITATOR and ctx.assembly.facilitators() == (member,)
            and any(m != member for m in ctx.assembly.active_members())):
        # The assembly would be left without anyone to move proposals on or give roles.
        raise DomainError("role.last_facilitator_self" if member == ctx.member else "role.last_facilitator",
                          member=display(member))
    mandate = entry.mandates.get(chosen)
    ctx.assembly.remove_role(member, chosen)
    ctx.assembly.dirty = True
    await mandates.record(ctx, "role_removed", member, chosen, by=ctx.member, ends=mandates.iso(mandate))
    text = ctx.t("role.removed", member=display(member), role=name)
    if chosen is Role.FACILITATOR and not ctx.assembly.facilitators():
        text += " " + ctx.t("member.nobody_facilitates")
    await ctx.send_text(text, mentions=(member,) if member != ctx.member else ())


async def lang(ctx: Context, cmd: Command) -> None:
    if not cmd.text:
        ctx.fan_out = False  # a read: for the room that asked
        await ctx.say("lang.current", lang=ctx.lang)
        return
    await ctx.require_member()
    ctx.assembly.language = check_language(cmd.text)
    ctx.assembly.dirty = True
    await ctx.say("lang.set")


async def tz(ctx: Context, cmd: Command) -> None:
    if not cmd.text:
        mine = ctx.assembly.members.get(ctx.member)
        await ctx.say("tz.current", tz=(mine.timezone if mine and mine.timezone else ctx.tz), room_tz=ctx.tz)
        return
    zone = check_timezone(cmd.text)
    await ctx.require_member()
    entry = ctx.assembly.members[ctx.member]
    entry.timezone = zone
    entry.dirty = True
    await ctx.say("tz.set", tz=zone)


async def help_(ctx: Context, cmd: Command) -> None:
    await ctx.send_text(help_text(cmd.text, ctx.lang))


def help_text(wanted: str, lang: str) -> str:
    """What `!aide` answers in `lang`: every command by group, or with a command's name
    (`!aide proposer`), that command in detail. An unknown name is refused (DomainError)."""
    def t(key: str, **params: str) -> str:
        return translate(key, lang, **params)

    wanted = wanted.strip().lstrip("!/").casefold()
    if wanted:
        verb = VERBS.get(wanted)
        if verb is None:
            raise DomainError("command.unknown", word=wanted[:40])
        name, *others = help_names(verb, lang)
        aliases = ", ".join("!" + a for a in others)
        return t("help.one", verb=name, aliases=aliases or "—", usage=t(f"usage.{verb}"),
                 what=t(f"what.{verb}"))
    lines = [t("help.head")]
    for group_key, verbs in HELP_GROUPS:
        lines.append("")
        lines.append(t(group_key))
        for verb in verbs:
            lines.append(f"  {t('usage.' + verb)} — {t('what.' + verb)}")
    lines.append("")
    lines.append(t("help.more"))
    return "\n".join(lines)


def help_answer(wanted: str, lang: str) -> str:
    """`help_text`, or for a name that is no command the text of its refusal: what an
    adapter answers to `!aide` where there is no assembly (a direct chat). Pure."""
    try:
        return help_text(wanted, lang)
    except DomainError as error:  # help about a command that does not exist
        return translate(error.key, lang, **error.params)


async def export_me(ctx: Context, cmd: Command) -> None:
    entry = ctx.assembly.members.get(ctx.member)
    data: dict[str, object] = {
        "member": ctx.member,
        # the name the bot shows the member by, where it keeps one (Telegram, webhooks)
        "name": await ctx.uow.names.get(ctx.inbound.platform, ctx.member),
        # the handle others mention the member by, where the network has one (Telegram)
        "username": await ctx.uow.names.username(ctx.inbound.platform, ctx.member),
        "assembly": {"platform": ctx.assembly.platform, "room": ctx.assembly.room},
        "active": bool(entry and entry.active),
        "roles": sorted(r.value for r in entry.roles) if entry else [],
        # the roles held for a term: when each ends, since when and given by whom
        "mandates": {role.value: {"ends": m.ends, "since": m.since, "by": m.by}
                     for role, m in sorted(entry.mandates.items()) if role in entry.roles} if entry else {},
        "timezone": entry.timezone if entry else None,
        # when the member joined, and when the room last welcomed them (`!welcome`)
        "joined_at": entry.joined_at if entry else None,
        "welcomed_at": (await ctx.uow.assemblies.welcome(ctx.assembly.id, ctx.member)).last_welcomed,
        # the accounts linked to the member (`!link`), and the one this was asked from
        "linked_accounts": await ctx.uow.federation.identities(ctx.member),
        "account": ctx.inbound.sender,
    }
    mine_list: list[dict[str, object]] = []
    data["proposals"] = mine_list
    for listed in await ctx.uow.proposals.list(ctx.assembly.id):
        proposal = await ctx.uow.proposals.get(ctx.assembly.id, listed.number, full=True) or listed
        anonymous = proposal.rules.anonymous
        mine: list[dict[str, object]] = [
            # The file is posted in the room: for an anonymous round it shows that the member
            # took part, never what they chose.
            {"version": p.version} if anonymous else
            {"version": p.version, "position": p.stance.value, "reason": p.reason, "option": p.option}
            for (member, _), p in proposal.positions.items()
            if member == proposal.who(ctx.member)
        ]
        authored = proposal.author == ctx.member
        if mine or authored:
            entry_data: dict[str, object] = {"number": proposal.number, "title": proposal.title,
                                             "author": authored, "positions": mine}
            if anonymous and mine:
                entry_data["anonymous"] = ctx.t("member.export_anonymous")
            mine_list.append(entry_data)
    data["scheduling"] = await ctx.uow.meetings.member_data(ctx.assembly.id, ctx.member)
    data["tensions"] = [tension_data(t) for t in await ctx.uow.tensions.list(ctx.assembly.id) if t.author == ctx.member]
    text = json.dumps(data, ensure_ascii=False, indent=2, default=_json_value)
    await ctx.say("member.export", attachment=("mes-donnees.json", text))


def _json_value(value: object) -> str:
    """Dates and times in the export: ISO 8601 with their offset."""
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not part of a member's data")


_CONFIRM = frozenset({"confirm", "confirmer", "oui", "yes"})

# What other parts of the core keep of a member and pseudonymise when `!forget-me confirm`
# erases them (scheduling: answers, attendance, items, notes, roles; tensions: who noted or
# closed them). Each runs once the rest is done and the room told.
FORGET_HOOKS: list[Callable[[Context], Awaitable[None]]] = []


async def forget_me(ctx: Context, cmd: Command) -> None:
    if cmd.text.strip().casefold() not in _CONFIRM:
        await ctx.say("member.forget_confirm")
        return
    await ctx.members()
    facilitated = ctx.assembly.has_role(ctx.member, Role.FACILITATOR)
    objections = await _open_objections_of(ctx)  # before they are anonymised
    # Their mandates end with them; the log keeps that they ended, not whose they were.
    ended = ctx.assembly.end_mandates(ctx.member)
    for held, mandate in ended.items():
        await mandates.record(ctx, "mandate_ended", None, held, ends=mandate.ends.isoformat(), reason="forgotten")
    _forget_giver(ctx)
    await ctx.uow.forget(ctx.assembly.id, ctx.member)
    await ctx.uow.names.erase(ctx.inbound.platform, ctx.member)
    ctx.assembly.leave(ctx.member)
    ctx.assembly.members.pop(ctx.member, None)
    ctx.assembly.dirty = True
    await ctx.send_text(ctx.t("member.forgotten") + await _objections_forgotten(ctx, objections)
                        + mandates.ended_text(ctx, ended) + await _left_behind(ctx, facilitated))
    for forget in FORGET_HOOKS:
        await forget(ctx)


def _forget_giver(ctx: Context) -> None:
    """The mandates the forgotten member gave others are kept, given by someone anonymous."""
    alias = pseudonym("forgotten", ctx.member)
    for entry in ctx.assembly.members.values():
        for held, mandate in entry.mandates.items():
            if mandate.by == ctx.member:
                entry.mandates[held] = replace(mandate, by=alias)
                entry.dirty = True
