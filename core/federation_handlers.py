"""`!federate` (FR `!federer`): rooms of one assembly; `!link` (FR `!lier`): identities of one
member (see core.federation)."""

from __future__ import annotations

from core.assemblies import REMOVE_WORDS, ROOM_MEMBERSHIP_PLATFORMS, Member, Role
from core.commands import Command
from core.context import Context
from core.errors import DomainError
from core.federation import (
    AUDIT_SUBJECT,
    IDENTITY_CODE_VALID,
    MAX_WRONG_CODES,
    NETWORKS,
    ROOM_CODE_VALID,
    WRONG_CODES_WINDOW,
    CodeKind,
    LinkCode,
    Room,
    account,
    check_usable,
    network_of,
    new_code,
    platform_name,
    read_code,
)
from core.ids import MemberId
from core.messages import Outbound, OutboundKind, Platform, RoomId

INVITE_WORDS = frozenset({"inviter", "invite", "code", "ajouter", "add"})


# ---- codes -----------------------------------------------------------------------------------


async def _not_guessing(ctx: Context) -> None:
    """Refuses any code from an account that typed too many codes that were none lately."""
    typed = await ctx.uow.federation.wrong_codes(ctx.inbound.sender, ctx.now - WRONG_CODES_WINDOW)
    if typed >= MAX_WRONG_CODES:
        raise DomainError("federation.too_many_wrong_codes", count=MAX_WRONG_CODES)


async def _wrong_code(ctx: Context) -> None:
    """Kept with the refusal of a code that does not exist (see core.dispatch.REFUSAL_HOOKS)."""
    await ctx.uow.federation.wrong_code(ctx.inbound.sender, ctx.now)


# ---- rooms -----------------------------------------------------------------------------------


async def federate(ctx: Context, cmd: Command) -> None:
    """`!federate` lists the rooms; `!federate invite` gives a code for another room to join;
    `!federate <code>` (in that room) joins; `!federate remove [N]` takes a room out."""
    words = cmd.full_text.split()
    first = words[0].casefold() if words else ""
    if not words:
        await _rooms(ctx)
    elif first in INVITE_WORDS:
        await _invite(ctx)
    elif first in REMOVE_WORDS:
        await _remove(ctx, words[1:])
    elif (code := read_code(" ".join(words))) is not None:
        await _not_guessing(ctx)
        await _join(ctx, code)
    else:
        raise DomainError("federation.usage")


def _room_name(ctx: Context, room: Room) -> str:
    shown = f"« {room.title} »" if room.title else room.room
    return ctx.t("federation.room_name", network=platform_name(room.platform), room=shown)


async def _all_rooms(ctx: Context) -> list[Room]:
    if not ctx.assembly.federated:
        return [Room(ctx.assembly.platform, ctx.assembly.room, ctx.assembly.title, home=True)]
    return await ctx.uow.federation.rooms(ctx.assembly.id)


async def _rooms(ctx: Context) -> None:
    rooms = await _all_rooms(ctx)
    if len(rooms) == 1:
        await ctx.say("federation.alone")
        return
    here = (ctx.inbound.platform, ctx.inbound.room)
    lines = []
    for number, room in enumerate(rooms, start=1):
        notes = [ctx.t("federation.home")] if room.home else []
        if (room.platform, room.room) == here:
            notes.append(ctx.t("federation.here"))
        lines.append(f"{number}. {_room_name(ctx, room)}" + (f" ({', '.join(notes)})" if notes else ""))
    await ctx.say("federation.rooms", count=len(rooms), rooms="\n".join(lines))


async def _invite(ctx: Context) -> None:
    await ctx.require_member()
    ctx.require_facilitator()
    code = LinkCode(code=new_code(), kind=CodeKind.ROOM, member=ctx.member, created_at=ctx.now,
                    expires_at=ctx.now + ROOM_CODE_VALID, assembly=ctx.assembly.id)
    await ctx.uow.federation.add_code(code)
    await ctx.say("federation.code", code=code.code, word=_federate_word(ctx), slash=_federate_word(ctx, "discord"))


SLASH_NETWORKS = ("telegram", "discord")  # where commands are typed with `/`


def _typed(ctx: Context, french: str, english: str, network: str) -> str:
    """A command as it is typed on `network` (`!lier`, `/lier` on Telegram and Discord), in
    the room's language."""
    return ("/" if network in SLASH_NETWORKS else "!") + (french if ctx.lang == "fr" else english)


def _federate_word(ctx: Context, network: str = "") -> str:
    return _typed(ctx, "federer", "federate", network)


async def _join(ctx: Context, typed: str) -> None:
    code = check_usable(await ctx.uow.federation.code(typed), CodeKind.ROOM, ctx.now)
    if code.assembly == ctx.assembly.id:
        raise DomainError("federation.already_here")
    if ctx.assembly.federated:
        raise DomainError("federation.already_federated")
    if ctx.assembly.next_number > 1:
        raise DomainError("federation.room_has_items")
    if not ctx.is_facilitator and any(Role.FACILITATOR in m.roles for m in await _members(ctx)):
        raise DomainError("federation.room_facilitator")
    assert code.assembly is not None  # a room code always names its assembly
    # the assembly that gave the code may have joined another one since: its room speaks for
    # that one now, and its codes are void (a room joins an assembly, never a room of one)
    located = await ctx.uow.assemblies.locate(code.assembly)
    target = await ctx.uow.assemblies.find(*located) if located is not None else None
    if target is None or target.id != code.assembly:
        raise DomainError("federation.code_unknown")
    if not await ctx.uow.federation.use_code(code, ctx.now):
        raise DomainError("federation.code_used")
    joined = await ctx.uow.federation.attach(ctx.assembly.id, code.assembly, ctx.now)
    # from here on the room is the assembly's: what follows is said in each of its rooms
    home = await ctx.uow.assemblies.get_or_create(ctx.inbound.platform, ctx.inbound.room, ctx.now, ctx.member)
    there = Context(uow=ctx.uow, inbound=ctx.inbound, assembly=home, now=ctx.now)
    room = Room(ctx.inbound.platform, ctx.inbound.room, ctx.assembly.title)
    await ctx.uow.polls.record_event(home.id, AUDIT_SUBJECT, None, "room_joined", ctx.member, ctx.now,
                                     {"platform": room.platform, "room": room.room, "code_by": code.member})
    count = len(await ctx.uow.federation.rooms(home.id))
    await there.say("federation.joined", room=_room_name(there, room), joined=joined, count=count,
                    title=home.title or home.room)
    ctx.sent.extend(there.sent)


async def _members(ctx: Context) -> list[Member]:
    await ctx.members()
    return [m for m in ctx.assembly.members.values() if m.active]


async def _remove(ctx: Context, words: list[str]) -> None:
    rooms = await _all_rooms(ctx)
    here = next((i for i, r in enumerate(rooms) if (r.platform, r.room) == (ctx.inbound.platform, ctx.inbound.room)), 0)
    # the administrator of a room that joined facilitates the assembly no more (see
    # Context.is_facilitator), but may always take their own room out of it
    own_room = not words or words[0].lstrip("#") == str(here + 1)
    if not (ctx.inbound.is_admin and own_room):
        await ctx.require_member()
        ctx.require_facilitator()
    if len(rooms) == 1:
        raise DomainError("federation.alone_remove")
    if not words:
        index = here
    else:
        typed = words[0].lstrip("#")
        # (a number of thousands of digits is none: Python would not even read it)
        number = int(typed) if typed.isascii() and typed.isdigit() and len(typed) <= 9 else 0
        if not 1 <= number <= len(rooms):
            raise DomainError("federation.no_such_room", given=words[0][:20], count=len(rooms))
        index = number - 1
    room = rooms[index]
    if room.home:
        raise DomainError("federation.home_stays")
    await ctx.uow.polls.record_event(ctx.assembly.id, AUDIT_SUBJECT, None, "room_left", ctx.member, ctx.now,
                                     {"platform": room.platform, "room": room.room})
    ctx.fan_out = True  # the room's leaving is said in every room, the one that leaves too
    await ctx.say("federation.left", room=_room_name(ctx, room))
    await ctx.uow.federation.detach(ctx.assembly.id, room.platform, room.room)
    if room.platform in ROOM_MEMBERSHIP_PLATFORMS:
        # its members are the room's: its adapter tells the fresh assembly who they are
        await ctx.uow.outbox.add(Outbound(platform=Platform(room.platform), room=RoomId(room.room), text="",
                                          kind=OutboundKind.MEMBERS))


# ---- identities ------------------------------------------------------------------------------


async def link(ctx: Context, cmd: Command) -> None:
    """`!link` gives a code to type from one's other account; `!link <code>` typed there gives
    a second code, to type back from the first account; `!link remove` unlinks this account."""
    typed = cmd.full_text.strip()
    if not typed:
        await _offer(ctx)
    elif typed.split()[0].casefold() in REMOVE_WORDS:
        await _unlink(ctx)
    elif (code := read_code(typed)) is not None:
        await _not_guessing(ctx)
        await _use(ctx, code)
    else:
        raise DomainError("link.usage")


def _link_word(ctx: Context, network: str = "") -> str:
    return _typed(ctx, "lier", "link", network)


async def _offer(ctx: Context) -> None:
    code = LinkCode(code=new_code(), kind=CodeKind.IDENTITY, member=ctx.member, created_at=ctx.now,
                    expires_at=ctx.now + IDENTITY_CODE_VALID)
    await ctx.uow.federation.add_code(code)
    linked = await ctx.uow.federation.identities(ctx.member)
    already = ctx.t("link.already", accounts=", ".join(account(i) for i in linked)) if linked else ""
    await ctx.say("link.code", code=code.code, word=_link_word(ctx), slash=_link_word(ctx, "discord"),
                  member=account(ctx.member),
                  minutes=int(IDENTITY_CODE_VALID.total_seconds() // 60), already=already)


async def _use(ctx: Context, typed: str) -> None:
    code = check_usable(await ctx.uow.federation.code(typed), (CodeKind.IDENTITY, CodeKind.CONFIRM), ctx.now)
    if code.kind is CodeKind.IDENTITY:
        await _answer(ctx, code)
    else:
        await _confirm(ctx, code)


async def _answer(ctx: Context, code: LinkCode) -> None:
    """The code typed from the other account: a second code, for the first account to type."""
    identity = MemberId(ctx.inbound.sender)
    if code.member == identity:
        raise DomainError("link.same_account")
    if code.member == ctx.member:  # this account acts as that member already
        raise DomainError("link.already_linked", account=account(identity), member=account(ctx.member))
    if not await ctx.uow.federation.use_code(code, ctx.now):
        raise DomainError("federation.code_used")
    confirm = LinkCode(code=new_code(), kind=CodeKind.CONFIRM, member=identity, other=code.member,
                       created_at=ctx.now, expires_at=ctx.now + IDENTITY_CODE_VALID)
    await ctx.uow.federation.add_code(confirm)
    await ctx.say("link.confirm", code=confirm.code, word=_link_word(ctx, network_of(code.member)),
                  member=account(code.member),
                  account=account(identity), minutes=int(IDENTITY_CODE_VALID.total_seconds() // 60))


async def _confirm(ctx: Context, code: LinkCode) -> None:
    """The second code typed back from the first account: the link is made."""
    assert code.other is not None  # a confirm code always names the member it answers
    if ctx.member != code.other:
        raise DomainError("link.wrong_account", member=account(code.other))
    if not await ctx.uow.federation.use_code(code, ctx.now):
        raise DomainError("federation.code_used")
    conflict = await ctx.uow.federation.link(code.member, ctx.member, ctx.now)
    if conflict is not None:
        raise DomainError("link.conflict", number=conflict.number, account=account(code.member))
    await ctx.uow.polls.record_event(ctx.assembly.id, AUDIT_SUBJECT, None, "identity_linked", ctx.member, ctx.now,
                                     {"identity": code.member})
    # the account to unlink is the other one: the command as it is typed on its network
    await ctx.say("link.done", account=account(code.member), member=account(ctx.member),
                  word=_link_word(ctx, network_of(code.member)))


async def _unlink(ctx: Context) -> None:
    identity = MemberId(ctx.inbound.sender)
    if ctx.member == identity:
        linked = await ctx.uow.federation.identities(identity)
        if not linked:
            raise DomainError("link.nothing_to_unlink")
        raise DomainError("link.unlink_from_other", accounts=", ".join(account(i) for i in linked),
                          word=_link_word(ctx, ctx.platform))
    await ctx.uow.federation.unlink(identity)
    await ctx.uow.polls.record_event(ctx.assembly.id, AUDIT_SUBJECT, None, "identity_unlinked", ctx.member,
                                     ctx.now, {"identity": identity})
    await ctx.say("link.unlinked", account=account(identity), member=account(ctx.member))


async def forget(ctx: Context) -> None:
    """`!forget-me`: the member's links and codes go with the rest of their data, and so do the
    names they went by on the networks of their other accounts (their own network's is erased
    with the rest)."""
    await ctx.uow.federation.forget(ctx.member, ctx.inbound.sender)
    for network in NETWORKS:
        if network != ctx.inbound.platform:
            await ctx.uow.names.erase(network, ctx.member)


async def overview_lines(ctx: Context) -> list[str]:
    """The overview's line on the assembly's rooms, when it has more than one."""
    if not ctx.assembly.federated:
        return []
    return [ctx.t("overview.rooms", count=len(await ctx.uow.federation.rooms(ctx.assembly.id)))]


_installed: list[bool] = []


def install() -> None:
    from core.dispatch import REFUSAL_HOOKS, register
    from core.member_handlers import FORGET_HOOKS
    from core.proposal_handlers import OVERVIEW_SECTIONS

    if _installed:
        return
    _installed.append(True)
    OVERVIEW_SECTIONS.append(overview_lines)
    register("federate", federate)
    register("link", link)
    REFUSAL_HOOKS["federation.code_unknown"] = _wrong_code
    FORGET_HOOKS.append(forget)
