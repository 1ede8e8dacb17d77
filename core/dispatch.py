"""The one entry point from the pipeline into the core.

`handle` runs one inbound event in one transaction: the state change, its audit events,
its outbound messages and the mark that the event was handled commit together. When a
rule says no (`DomainError`), that transaction is rolled back and a second one records
only the answer that explains it: bad input changes nothing (but for what a refusal must
count, `REFUSAL_HOOKS`: the codes typed that did not exist).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import structlog

from core import member_handlers as members
from core import proposal_handlers as proposals
from core import welcome_handlers
from core.assemblies import ROOM_MEMBERSHIP_PLATFORMS, MembershipMode, room_title
from core.commands import Command, parse, written_with
from core.context import Context
from core.errors import DomainError
from core.i18n import for_network
from core.ids import AssemblyId, MemberId
from core.messages import REFUSAL_EXTRA, Action, Inbound, Outbound, Platform, RoomId, UserId
from core.ports import UnitOfWork
from core.schedule_app.records import PendingDue
from core.threads import (
    number_missing_answer,
    takes_thread_number,
    thread_subject,
    with_thread_number,
)

log = structlog.get_logger("assemblee.dispatch")

Handler = Callable[[Context, Command], Awaitable[None]]
UnitOfWorkFactory = Callable[[], UnitOfWork]

SYSTEM = UserId("system")

HANDLERS: dict[str, Handler] = {
    "propose": proposals.propose,
    "ask": proposals.ask,
    "answer": proposals.answer,
    "react": proposals.react,
    "next": proposals.next_phase,
    "consent": proposals.position,
    "concern": proposals.position,
    "object": proposals.position,
    "standaside": proposals.position,
    "agree": proposals.position,
    "disagree": proposals.position,
    "abstain": proposals.position,
    "block": proposals.position,
    "vote": proposals.position,
    "advise": proposals.position,
    "amend": proposals.amend,
    "withdraw-objection": proposals.withdraw_objection,
    "close": proposals.close,
    "withdraw": proposals.withdraw,
    "status": proposals.status,
    "decisions": proposals.decisions,
    "join": members.join,
    "leave": members.leave,
    "role": members.role,
    "lang": members.lang,
    "tz": members.tz,
    "help": members.help_,
    "export-me": members.export_me,
    "forget-me": members.forget_me,
    "welcome": welcome_handlers.command,
}


# What these commands answer is for the room they were typed in, even in an assembly of several
# rooms (`!federate`): reads, help and one's own data. The rest is said in every room.
LOCAL_VERBS = {"help", "status", "decisions", "todo", "export-me", "tensions", "ics", "calendar", "tz",
               "link", "federate"}


def register(verb: str, handler: Handler) -> None:
    """Other parts of the core (scheduling, …) add their verbs here."""
    HANDLERS[verb] = handler


# What taking back a gesture (`Action.UNDO`: a reaction removed, a native poll vote retracted)
# does, by the verb of the command the gesture stood for; a position on a proposal otherwise.
UNDO_HANDLERS: dict[str, Handler] = {}


def register_undo(verb: str, handler: Handler) -> None:
    """Other parts of the core say what taking back a gesture for their verb does."""
    UNDO_HANDLERS[verb] = handler


# What a refusal keeps all the same, by the key of its error, written with its answer (the
# command's own changes are rolled back): `!federate` and `!link` count the codes that were
# none, so that nobody finds one by trying them all.
REFUSAL_HOOKS: dict[str, Callable[[Context], Awaitable[None]]] = {}


def command_text(inbound: Inbound) -> str:
    """The command line an event stands for: its text, or the payload of a press."""
    if inbound.action in (Action.BUTTON, Action.UNDO):
        return "!" + inbound.payload.lstrip("!/")
    return inbound.text


async def handle(uow_factory: UnitOfWorkFactory, inbound: Inbound, now: datetime) -> list[Outbound] | None:
    """Run one inbound event. Returns what was sent in answer (also in the outbox),
    or None when the event had been handled already.

    An edit of a message (`inbound.edits`) runs as a new command only while that message
    changed nothing: it was refused, or was no command at all, and no edit of it ran yet. An
    edit of a command that did something is ignored, silently: nothing counts twice."""
    if inbound.sender == SYSTEM:
        return []  # nobody may speak as the bot's own clock
    if inbound.action is Action.ROOM_MOVED:
        return await _room_moved(uow_factory, inbound, now)
    error: DomainError | None = None
    async with uow_factory() as uow:
        if not await uow.mark_handled(inbound.platform, inbound.event_id):
            _logger(inbound).info("inbound.duplicate")
            return None
        if inbound.edits is not None and not await uow.claim_edit(inbound.platform, inbound.edits):
            _logger(inbound).info("inbound.edit_ignored", edits=inbound.edits)
            await uow.commit()
            return []
        try:
            ctx = await _context(uow, inbound, now)
            await _run(ctx, inbound)
            await uow.assemblies.save(ctx.assembly)
            await _keep_name(ctx)
            await uow.commit()
            return ctx.sent
        except DomainError as exc:
            error = exc
    # The first transaction rolled back: record the handling and the explanation only (a typed
    # command is marked refused, so that an edit of it may still run; an edit's claim on its
    # original was rolled back with the rest, so that another edit may still run).
    _logger(inbound).info("inbound.refused", key=error.key)
    async with uow_factory() as uow:
        if not await uow.mark_handled(inbound.platform, inbound.event_id,
                                      refused=inbound.action is Action.TEXT):
            return None
        ctx = await _context(uow, inbound, now)
        ctx.fan_out = False  # a refusal is for the room it was typed in
        if (kept := REFUSAL_HOOKS.get(error.key)) is not None:
            await kept(ctx)
        key, params = error.key, {**example_days(now), **error.params}  # examples of dates: next week, never past
        if key == "command.number_missing" and "number" not in params:
            key, params = await number_missing_answer(ctx, params)  # an example that exists
        for name in ("status", "phase", "method"):  # enum values read better translated
            if name in params and ctx.t(f"{name}.{params[name]}") != f"{name}.{params[name]}":
                params[name] = ctx.t(f"{name}.{params[name]}")  # what people typed stays as typed
        thread = params.pop("thread", None)  # a refusal may be said in a proposal's thread
        # a network may word a refusal its own way (`role.usage.discord`: the slash command's options)
        text = for_network(lambda worded: ctx.t(worded, **params), key, ctx.platform) or ctx.t(key, **params)
        if inbound.action is Action.TEXT:  # `/mot` typed on the console: named back as typed
            # (the word of an unknown command, `/mot` or `/aide mot`, is named as a command too)
            unknown = [str(params.get("word", ""))] if key == "command.unknown" else []
            text = written_with(text, inbound.prefix, unknown)
        await ctx.send_text(text, thread=None if thread is None else str(thread), extra={REFUSAL_EXTRA: "1"})
        await uow.assemblies.save(ctx.assembly)
        await _keep_name(ctx)
        await uow.commit()
        return ctx.sent


async def _room_moved(uow_factory: UnitOfWorkFactory, inbound: Inbound, now: datetime) -> list[Outbound] | None:
    """The network gave a room a new id: its assembly follows, with what was still to be sent
    there. Nothing is said: the network shows the change itself."""
    async with uow_factory() as uow:
        if not await uow.mark_handled(inbound.platform, inbound.event_id):
            return None
        moved = await uow.assemblies.move_room(inbound.platform, inbound.payload, inbound.room, now)
        await uow.commit()
    _logger(inbound).info("assembly.room_moved", old=inbound.payload, moved=moved)
    return []


async def _keep_name(ctx: Context) -> None:
    """A member's name (and @username) as their network gave it with this event, kept for the
    networks whose adapters show people by name (written only when new or changed). Only
    members' names: after `!forget-me` (or `!leave`) the sender is no member, and nothing is
    written."""
    name = ctx.inbound.display_name
    if name and ctx.assembly.is_member(ctx.member):
        await ctx.uow.names.remember(ctx.inbound.platform, ctx.member, name, ctx.inbound.username,
                                     federated=ctx.assembly.federated)


def _logger(inbound: Inbound) -> Any:
    """Bound only when there is something to log (most events log nothing here)."""
    return log.bind(platform=inbound.platform, room=inbound.room, member=inbound.sender,
                    event_id=inbound.event_id)


def example_days(now: datetime) -> dict[str, str]:
    """Two dates a week ahead, for examples people may copy as they are."""
    day = (now + timedelta(days=7)).date()
    return {"day1": day.isoformat(), "day2": (day + timedelta(days=1)).isoformat()}


async def _context(uow: UnitOfWork, inbound: Inbound, now: datetime) -> Context:
    assembly = await uow.assemblies.get_or_create(inbound.platform, inbound.room, now, MemberId(inbound.sender))
    ctx = Context(uow=uow, inbound=inbound, assembly=assembly, now=now)
    # in a federated assembly, only the room it began in names it (the others have names of their own)
    home = ctx.in_home_room
    if (home and inbound.room_name is not None and (title := room_title(inbound.room_name))
            and title != assembly.title):
        assembly.title = title  # the room was named, or renamed (shown as the calendar's name)
        assembly.dirty = True
    if assembly.mode is MembershipMode.EXPLICIT and inbound.platform in ROOM_MEMBERSHIP_PLATFORMS and home:
        assembly.mode = MembershipMode.ROOM
        assembly.dirty = True
    return ctx


async def _run(ctx: Context, inbound: Inbound) -> None:
    if inbound.action is Action.MEMBER_JOINED:
        await members.joined_the_room(ctx)
        return
    if inbound.action is Action.MEMBER_LEFT:
        await members.left_the_room(ctx)
        return
    in_thread = inbound.action is Action.TEXT and thread_subject(inbound.thread_key) is not None
    command = parse(command_text(inbound), in_thread=in_thread)
    if command is None:
        return  # ordinary conversation
    if inbound.action is Action.UNDO:
        await UNDO_HANDLERS.get(command.verb, proposals.retract)(ctx, command)
        return
    handler = HANDLERS.get(command.verb)
    ctx.fan_out = command.verb not in LOCAL_VERBS
    if handler is None:
        raise DomainError("command.not_available", word=command.word)
    if in_thread and takes_thread_number(command):
        command = await with_thread_number(ctx, command)
    await handler(ctx, command)


async def handle_due(uow_factory: UnitOfWorkFactory, kind: str, ref: int, due_id: int,
                     now: datetime) -> list[Outbound] | None:
    """A deadline or reminder row came due. Claiming its handling key and doing its work
    commit together, so two workers never both close and announce the same proposal."""
    async with uow_factory() as uow:
        if not await uow.mark_handled("due", f"{kind}:{ref}:{due_id}"):
            return None
        sent = await _due(uow, kind, ref, due_id, now)
        await uow.due.complete(due_id)
        await uow.commit()
        return sent


DUE_HANDLERS: dict[str, Callable[[UnitOfWork, int, datetime], Awaitable[list[Outbound]]]] = {}
# Handlers of kinds whose rows share a ref (several mandates of one assembly): each gets the
# time and the data of its own row.
DUE_ROW_HANDLERS: dict[str, Callable[[UnitOfWork, int, PendingDue, datetime], Awaitable[list[Outbound]]]] = {}


def register_due(kind: str, handler: Callable[[UnitOfWork, int, datetime], Awaitable[list[Outbound]]]) -> None:
    DUE_HANDLERS[kind] = handler


def register_due_row(kind: str,
                     handler: Callable[[UnitOfWork, int, PendingDue, datetime], Awaitable[list[Outbound]]]) -> None:
    DUE_ROW_HANDLERS[kind] = handler


async def _due(uow: UnitOfWork, kind: str, ref: int, due_id: int, now: datetime) -> list[Outbound]:
    if kind in DUE_HANDLERS:
        return await DUE_HANDLERS[kind](uow, ref, now)
    if kind in DUE_ROW_HANDLERS:
        row = await uow.due.get(due_id)
        return await DUE_ROW_HANDLERS[kind](uow, ref, row, now) if row is not None else []
    if kind not in (proposals.DEADLINE_DUE, proposals.REVIEW_DUE, proposals.REMINDER_DUE):
        log.warning("due.unknown_kind", kind=kind, ref=ref)
        return []
    found = await uow.proposals.get_by_id(ref)
    if found is None:
        return []
    assembly_id, proposal = found
    ctx = await system_context(uow, assembly_id, now, f"due:{due_id}")
    if ctx is None:
        return []
    if kind == proposals.DEADLINE_DUE:
        await proposals.deadline_reached(ctx, proposal)
    elif kind == proposals.REMINDER_DUE:
        await proposals.reminder_due(ctx, proposal)
    else:
        await proposals.review_due(ctx, proposal)
    return ctx.sent


async def system_context(uow: UnitOfWork, assembly_id: AssemblyId, now: datetime, event_id: str) -> Context | None:
    """A context for what the bot does by itself (deadlines, reminders)."""
    located = await uow.assemblies.locate(assembly_id)
    if located is None:
        return None
    platform, room = located
    inbound = Inbound(platform=Platform(platform), room=RoomId(room), sender=SYSTEM, event_id=event_id)
    return await _context(uow, inbound, now)


from core.schedule_app import install as _install_scheduling

_install_scheduling()

from core.tension_handlers import install as _install_tensions

_install_tensions()

# after the scheduling: `!status` lists the mandates under way after the meetings to come
from core.mandate_due import install as _install_mandates

_install_mandates()

from core.todo import install as _install_todo

_install_todo()

from core.federation_handlers import install as _install_federation

_install_federation()
