"""`!welcome` (FR `!bienvenue`) and the welcome a newcomer is told (see core.welcome)."""

from __future__ import annotations

from core.assemblies import REMOVE_WORDS, Role
from core.commands import Command
from core.context import Context
from core.errors import DomainError
from core.ids import MemberId
from core.render import display, when
from core.welcome import WELCOME_MAX, Welcome, WelcomeText


async def command(ctx: Context, cmd: Command) -> None:
    """`!welcome` shows the text; `!welcome <text>` sets it; `!welcome remove` clears it."""
    typed = cmd.full_text.strip()
    if not typed:
        await _show(ctx)
        return
    _require_welcomer(ctx)
    if typed.casefold() in REMOVE_WORDS:
        current = await ctx.uow.assemblies.welcome(ctx.assembly.id)
        if current.text is None:
            raise DomainError("welcome.nothing_to_remove")
        await ctx.uow.assemblies.set_welcome(ctx.assembly.id, None, ctx.member, ctx.now)
        await ctx.say("welcome.removed")
        return
    if len(typed) > WELCOME_MAX:
        raise DomainError("welcome.too_long", given=len(typed), max=WELCOME_MAX)
    await ctx.uow.assemblies.set_welcome(ctx.assembly.id, WelcomeText(typed, ctx.member, ctx.now),
                                         ctx.member, ctx.now)
    await ctx.say("welcome.set")


def _require_welcomer(ctx: Context) -> None:
    """Who sets the welcome text: a facilitator, or a newcomer coordinator."""
    if not (ctx.is_facilitator or ctx.assembly.has_role(ctx.member, Role.NEWCOMER_COORDINATOR)):
        raise DomainError("welcome.not_allowed")


async def _show(ctx: Context) -> None:
    ctx.fan_out = False  # a read: for the room that asked
    current = await ctx.uow.assemblies.welcome(ctx.assembly.id)
    if current.text is None:
        await ctx.say("welcome.none")
        return
    await ctx.say("welcome.show", text=current.text.text, member=display(current.text.set_by),
                  when=when(current.text.set_at, ctx.tz, ctx.lang))


def greeting(ctx: Context, welcome: Welcome, head: str, first_steps: str) -> tuple[str, tuple[MemberId, ...]]:
    """The welcome said to the sender, who just became a member: `head` (who they are, how
    many members), the assembly's text, who looks after newcomers, then `first_steps`;
    with the members to mention (the coordinators). Marks the sender as welcomed now."""
    coordinators = tuple(m for m in welcome.coordinators if m != ctx.member)
    parts = [head]
    if welcome.text is not None:
        parts.append(welcome.text.text)
    if coordinators:
        names = _names(ctx, coordinators)
        parts.append(ctx.t("welcome.coordinator" if len(coordinators) == 1 else "welcome.coordinators",
                           names=names))
    if first_steps:
        parts.append(first_steps)
    entry = ctx.assembly.members.get(ctx.member)
    if entry is not None:
        entry.welcomed_at = ctx.now
        entry.dirty = True
    return "\n\n".join(parts), coordinators


def _names(ctx: Context, members: tuple[MemberId, ...]) -> str:
    """'lou', 'lou et sam', 'lou, sam et noa' (in the room's language)."""
    shown = [display(m) for m in members]
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + ctx.t("welcome.and") + shown[-1]
