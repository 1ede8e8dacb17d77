"""What the bot does by itself when a mandate's row comes due: recall its end to the room a
few days before, then take the role away at the end and invite the holder to give an account
of it to the assembly. Also wires mandates into `core.dispatch` (due kinds, `!status`).

`core.dispatch.handle_due` has claimed the row before calling these, in the same transaction:
each runs once, whatever the number of bot processes. A row planned for a mandate that has
changed since (renewed, made open-ended, removed, its holder gone) does nothing."""

from __future__ import annotations

from datetime import datetime

from core import dispatch, proposal_handlers
from core.assemblies import Mandate, Role
from core.context import Context
from core.dispatch import system_context
from core.ids import AssemblyId, MemberId
from core.mandates import (
    END_DUE,
    REMINDER_DUE,
    overview_lines,
    record,
    renew_command,
    role_name,
)
from core.messages import Outbound
from core.ports import UnitOfWork
from core.render import display, when
from core.schedule_app.records import PendingDue

_installed: list[bool] = []


async def _current(uow: UnitOfWork, ref: int, due: PendingDue, now: datetime,
                   kind: str) -> tuple[Context, MemberId, Role, Mandate] | None:
    """The context and the mandate the row was planned for, if it is still the one held."""
    try:
        member = MemberId(str(due.data["member"]))
        role = Role(str(due.data["role"]))
        ends = datetime.fromisoformat(str(due.data["ends"]))
        since = datetime.fromisoformat(str(due.data["since"]))
    except (KeyError, ValueError):
        return None
    ctx = await system_context(uow, AssemblyId(ref), now, f"due:{kind}:{ref}:{now.isoformat()}")
    if ctx is None:
        return None
    await ctx.members()
    entry = ctx.assembly.members.get(member)
    mandate = entry.mandates.get(role) if entry is not None and entry.active and role in entry.roles else None
    if mandate is None or (mandate.ends, mandate.since) != (ends, since):
        return None  # renewed, made open-ended or removed since, or its holder left (and came back)
    return ctx, member, role, mandate


async def term_reminder(uow: UnitOfWork, ref: int, due: PendingDue, now: datetime) -> list[Outbound]:
    """The mandate ends soon: the room hears it, the holder is mentioned, with how to renew it."""
    found = await _current(uow, ref, due, now, REMINDER_DUE)
    if found is None:
        return []
    ctx, member, role, mandate = found
    if now >= mandate.ends:
        return []  # found late, after its end (the bot was down): the end says it all
    await ctx.say("role.term_reminder", reply=False, mentions=(member,), member=display(member),
                  role=role_name(ctx, role), end=when(mandate.ends, ctx.tz, ctx.lang),
                  command=renew_command(ctx, member, role, mandate))
    await record(ctx, "mandate_reminder", member, role, ends=mandate.ends.isoformat())
    return ctx.sent


async def term_end(uow: UnitOfWork, ref: int, due: PendingDue, now: datetime) -> list[Outbound]:
    """The mandate has come to its term: the role is taken away; the room hears whose mandate
    as what ended, given when and by whom, is invited to hear an account of it, and is given
    the command that renews it."""
    found = await _current(uow, ref, due, now, END_DUE)
    if found is None:
        return []
    ctx, member, role, mandate = found
    ctx.assembly.remove_role(member, role)
    text = ctx.t("role.term_ended", member=display(member), role=role_name(ctx, role),
                 since=when(mandate.since, ctx.tz, ctx.lang),
                 by=display(mandate.by) if mandate.by else "—",
                 command=renew_command(ctx, member, role, mandate))
    if role is Role.FACILITATOR and not ctx.assembly.facilitators() and ctx.assembly.active_members():
        text += "\n" + ctx.t("member.nobody_facilitates")  # the command to copy ends the line above
    await ctx.send_text(text, reply=False, mentions=(member,))
    await record(ctx, "mandate_ended", member, role, ends=mandate.ends.isoformat(), reason="term",
                 since=mandate.since.isoformat(), by=mandate.by)
    await uow.assemblies.save(ctx.assembly)
    return ctx.sent


def install() -> None:
    if _installed:
        return
    _installed.append(True)
    dispatch.register_due_row(REMINDER_DUE, term_reminder)
    dispatch.register_due_row(END_DUE, term_end)
    proposal_handlers.OVERVIEW_SECTIONS.append(overview_lines)
