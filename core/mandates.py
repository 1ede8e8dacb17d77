"""Roles held for a term (mandates): reading the term typed with `!role … --term 6m`, planning
the reminder and the end as due rows, and what the room reads about them (the confirmation,
the list of who holds which role, the mandates a departing member held).

A mandate lives on the membership (`Member.mandates`); its reminder and its end are rows of
the due table (ref: the assembly; data: the member, the role and the end they were planned
for). A row whose mandate has changed since (renewed, made open-ended, removed, the member
gone) does nothing when it comes due: see core.mandate_due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.assemblies import Mandate, Role, role_word
from core.context import Context
from core.errors import DomainError
from core.i18n import for_network
from core.ids import MemberId
from core.proposals import add_period, parse_period
from core.render import deadline_day, display, when

REMINDER_DUE = "role.term_reminder"
END_DUE = "role.term_end"
MAX_TERM_YEARS = 5
AUDIT_SUBJECT = "role"
# The term a renewal command suggests when the mandate was given until a date.
DEFAULT_TERM = "6m"


def parse_term(raw: str, now: datetime, tz: str) -> tuple[datetime, str]:
    """The end of a mandate typed as a length, read as review periods are (`6m` is six months,
    `"3 semaines"`, `1 an`, `90j`), or as a day, read as deadlines are (`2027-06-30` ends at
    23:59 in the room's zone, `30/06/2027 18h`). Returns (the end, the length as typed, or ""
    for a day). In the future, and at most MAX_TERM_YEARS ahead."""
    text = " ".join(raw.strip().split())
    shown = raw.strip()[:40]
    try:
        parse_period(text, most=None)  # how far it reaches is checked below: 5 years at most
    except DomainError:
        term = ""
        try:
            ends = deadline_day(text.lower(), raw, now, tz)
        except DomainError as error:
            key = {"deadline.in_past": "role.term_in_past", "deadline.too_far": "role.term_too_far"}.get(
                error.key, "role.term_bad")
            raise DomainError(key, value=shown, years=MAX_TERM_YEARS) from None
    else:
        term = text
        try:
            ends = add_period(now, text, tz, most=None)
        except (ValueError, OverflowError):  # past the year 9999
            raise DomainError("role.term_too_far", value=shown, years=MAX_TERM_YEARS) from None
    ends = ends.astimezone(UTC).replace(second=0, microsecond=0)  # shown to the minute: kept to the minute
    if ends <= now:
        raise DomainError("role.term_in_past", value=shown, years=MAX_TERM_YEARS)
    if ends > add_period(now, f"{MAX_TERM_YEARS}y", tz):
        raise DomainError("role.term_too_far", value=shown, years=MAX_TERM_YEARS)
    return ends, term


def reminder_lead(length: timedelta) -> timedelta | None:
    """How long before its end a mandate of `length` is recalled: 7 days, 1 day for a term
    shorter than 14 days, not at all for one shorter than a day."""
    if length < timedelta(days=1):
        return None
    return timedelta(days=1) if length < timedelta(days=14) else timedelta(days=7)


async def plan(ctx: Context, member: MemberId, role: Role, mandate: Mandate) -> None:
    """The due rows of a mandate just given or renewed: its reminder and its end."""
    data = {"member": member, "role": role.value, "ends": mandate.ends.isoformat(),
            "since": mandate.since.isoformat()}
    lead = reminder_lead(mandate.ends - ctx.now)
    if lead is not None:
        await ctx.uow.due.schedule(REMINDER_DUE, ctx.assembly.id, mandate.ends - lead, data)
    await ctx.uow.due.schedule(END_DUE, ctx.assembly.id, mandate.ends, data)


async def record(ctx: Context, kind: str, member: MemberId | None, role: Role, **data: object) -> None:
    """A line of the audit log about a role (`role_given`, `mandate_renewed`, `mandate_ended`…)."""
    await ctx.uow.meetings.record_event(ctx.assembly.id, AUDIT_SUBJECT, None, kind, member, ctx.now,
                                        {"role": role.value, **data})


def iso(mandate: Mandate | None) -> str | None:
    return mandate.ends.isoformat() if mandate is not None else None


def reference(member: MemberId) -> str:
    """How a command names `member` (`@bob`, `@bob:example.org`)."""
    name = display(member)
    return name if name.startswith("@") else "@" + name


def renew_command(ctx: Context, member: MemberId, role: Role, mandate: Mandate) -> str:
    """The command that renews the mandate for as long again (or DEFAULT_TERM after a date)."""
    term = mandate.term or DEFAULT_TERM
    if " " in term:
        term = f'"{term}"'
    flag = "--mandat" if ctx.lang == "fr" else "--term"
    return f"!role {reference(member)} {role_word(role, ctx.lang)} {flag} {term}"


def role_name(ctx: Context, role: Role) -> str:
    return ctx.t(f"role.{role.value}")


def ended_text(ctx: Context, ended: dict[Role, Mandate]) -> str:
    """' The mandates end with this departure: catalyser (until …).' (empty for none)."""
    if not ended:
        return ""
    roles = ", ".join(ctx.t("role.mandate_until", role=role_name(ctx, role), end=when(m.ends, ctx.tz, ctx.lang))
                      for role, m in ended.items())
    return " " + ctx.t("member.mandates_ended", roles=roles)


async def departure_note(ctx: Context) -> str:
    """For the room, when a member leaves: the roles they held for a term are taken away, their
    mandates end. `!forget-me` ends them itself, without the name."""
    ended = ctx.assembly.end_mandates(ctx.member)
    for role, mandate in ended.items():
        await record(ctx, "mandate_ended", ctx.member, role, ends=mandate.ends.isoformat(), reason="left")
    return ended_text(ctx, ended)


async def list_roles(ctx: Context) -> None:
    """`!role` alone: each role held, its holders, and the end of each mandate."""
    ctx.fan_out = False  # a read: for the room that asked
    await ctx.members()
    lines: list[str] = []
    for role in Role:
        holders = [m.member for m in sorted(ctx.assembly.members.values(), key=lambda m: m.member)
                   if m.active and role in m.roles]
        if not holders:
            continue
        names = []
        for holder in holders:
            mandate = ctx.assembly.members[holder].mandates.get(role)
            names.append(display(holder) if mandate is None else ctx.t(
                "role.list_until", member=display(holder), end=when(mandate.ends, ctx.tz, ctx.lang)))
        lines.append(ctx.t("role.list_item", role=role_name(ctx, role), members=", ".join(names)))
    head = ctx.t("role.list_head") if lines else ctx.t("role.list_none")
    hint = for_network(ctx.t, "role.list_hint", ctx.platform) or ctx.t("role.list_hint")
    await ctx.send_text("\n".join([head, *lines, hint]))


async def overview_lines(ctx: Context) -> list[str]:
    """For `!status`: the mandates under way, the nearest end first (none: no lines)."""
    await ctx.members()
    found = ctx.assembly.mandates()
    if not found:
        return []
    return [ctx.t("overview.mandates_head"), *(
        ctx.t("overview.mandate_item", member=display(member), role=role_name(ctx, role),
              end=when(mandate.ends, ctx.tz, ctx.lang))
        for member, role, mandate in found)]
