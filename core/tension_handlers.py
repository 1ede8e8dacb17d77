"""Commands of tensions: `!tension <text>` notes one, `!tension #N <way>` processes it,
`!tensions` lists the open ones; and what tensions add to other commands: `!propose
--tension N`, the close of that proposal, `!status`, `!forget-me`.

`install()` registers the verbs and wraps the commands it extends with `core.dispatch`."""

from __future__ import annotations

import re
from datetime import datetime

from core import dispatch, member_handlers, proposal_handlers
from core.commands import Command
from core.context import Context
from core.dispatch import Handler
from core.errors import DomainError
from core.proposal_handlers import thread_of
from core.proposals import Proposal, Status
from core.render import display, short, when
from core.schedule_app.common import load_meeting, meeting_thread, what_is
from core.schedule_app.meetings import add_agenda_items
from core.schedule_app.views import agenda_text
from core.scheduling.texts import plain
from core.tensions import Tension, TensionStatus

_NUMBER = re.compile(r"^(?:#|n[°º])(\d{1,9})$", re.IGNORECASE)
_NUMBER_LIKE = re.compile(r"^(?:#-?\d|n[°º])", re.IGNORECASE)
_FLAG_NUMBER = re.compile(r"^(?:#|n[°º])?(\d{1,9})$", re.IGNORECASE)
# The ways to process a tension, as typed (accents and case left out).
AGENDA_WORDS = frozenset({"agenda", "odj", "ordre-du-jour"})
RESOLVE_WORDS = frozenset({"resolved", "resolve", "resolue", "resolu", "levee", "leve", "lever", "lift", "lifted"})
DROP_WORDS = frozenset({"dropped", "drop", "abandonnee", "abandonne", "abandonner"})
MAX_LISTED = 30
_installed: list[bool] = []


# ---- reading what was typed --------------------------------------------------------------------


def _processing(cmd: Command) -> tuple[int, str, str] | None:
    """(number, way, note) when `!tension` names a tension (`#3 odj`, `3 resolue note`); None
    when it notes a new one. `#3` always names one; a bare `3` only before a way (`!tension
    3 personnes manquent` is a tension's text)."""
    first, _, rest = cmd.text.strip().partition(" ")
    way, _, note = rest.strip().partition(" ")
    match = _NUMBER.match(first)
    if match is None and (_NUMBER_LIKE.match(first) or (first.startswith("#") and _way(way))):
        # `#1abc`, `#-1`, `n°x`, and `#x resolue`: meant as a number
        raise DomainError("command.bad_number", typed=short(first, 20), verb=cmd.word)
    if match is None and first.isdigit() and len(first) <= 9 and _way(way):
        match = re.match(r"(\d+)", first)
    if match is None:
        return None
    note = "\n".join(part for part in (note.strip(), cmd.body) if part)
    return int(match.group(1)), way, note


def _way(word: str) -> str:
    """The canonical way named by `word`, or "" when it names none."""
    word = plain(word)
    if word in AGENDA_WORDS:
        return "agenda"
    if word in RESOLVE_WORDS:
        return "resolve"
    if word in DROP_WORDS:
        return "drop"
    return ""


async def load_tension(ctx: Context, number: int) -> Tension:
    found = await ctx.uow.tensions.get(ctx.assembly.id, number)
    if found is None:
        kind = await what_is(ctx, number)  # the number may be a proposal's, a poll's or a meeting's
        raise DomainError(f"tension.is_{kind}" if kind else "tension.not_found", number=number)
    return found


# ---- commands ----------------------------------------------------------------------------------


async def tension(ctx: Context, cmd: Command) -> None:
    """!tension <text> · !tension #N [odj | resolue [note] | abandonnee [note]]"""
    if not cmd.full_text.strip():
        raise DomainError("tension.usage")
    named = _processing(cmd)
    if named is None:
        await _note(ctx, cmd)
        return
    number, word, note = named
    if not word:
        await ctx.send_text(await status_text(ctx, await load_tension(ctx, number)))
        return
    await ctx.require_member()
    found = await load_tension(ctx, number)
    way = _way(word)
    if way == "agenda":
        await _on_agenda(ctx, found)
    elif way == "resolve":
        found.resolve(ctx.member, ctx.is_facilitator, note, ctx.now)
        await ctx.uow.tensions.save(ctx.assembly.id, found)
        await ctx.say("tension.resolved", number=number, member=display(ctx.member), note=_note_words(ctx, found))
    elif way == "drop":
        found.drop(ctx.member, note, ctx.now)
        await ctx.uow.tensions.save(ctx.assembly.id, found)
        await ctx.say("tension.dropped", number=number, member=display(ctx.member), note=_note_words(ctx, found))
    else:
        raise DomainError("tension.unknown_way", number=number, word=short(word, 30))


async def _note(ctx: Context, cmd: Command) -> None:
    await ctx.require_member()
    number = ctx.assembly.take_number()
    noted = Tension.note_down(number, ctx.member, cmd.full_text, ctx.now)
    await ctx.uow.tensions.add(ctx.assembly.id, noted)
    await ctx.say("tension.noted", number=number, member=display(ctx.member), text=short(noted.first_line, 200))


def _note_words(ctx: Context, tension: Tension) -> str:
    return ctx.t("tension.note", note=tension.note) if tension.note else ""


async def next_meeting(ctx: Context) -> int | None:
    """The number of the meeting whose next start comes first, if any meeting is to come."""
    soonest: tuple[datetime, int] | None = None
    for record in await ctx.uow.meetings.list(ctx.assembly.id, since=ctx.now):
        start = record.meeting.next_start(ctx.now)
        if start is not None and (soonest is None or start < soonest[0]):
            soonest = (start, record.meeting.number)
    return soonest[1] if soonest else None


async def _on_agenda(ctx: Context, found: Tension) -> None:
    found.check_may_process(ctx.member, ctx.is_facilitator)
    number = await next_meeting(ctx)
    if number is None:
        raise DomainError("tension.no_meeting", number=found.number)
    record = await load_meeting(ctx, number)
    item = ctx.t("tension.agenda_item", number=found.number, text=short(found.first_line, 200))
    if any(existing.title == item for existing in record.meeting.agenda_items):
        raise DomainError("tension.already_on_agenda", number=found.number, meeting=number)
    items = await add_agenda_items(ctx, record, [item])
    found.put_on_agenda(ctx.member, ctx.is_facilitator, number, ctx.now)
    await ctx.uow.tensions.save(ctx.assembly.id, found)
    m = record.meeting
    await ctx.say("tension.on_agenda", thread=meeting_thread(m), number=found.number, meeting=m.number,
                  title=m.title, agenda=agenda_text(ctx, items))


async def tensions(ctx: Context, cmd: Command) -> None:
    """!tensions: the open tensions, latest first, and how many were processed."""
    if cmd.full_text.strip():
        raise DomainError("tensions.no_text")
    every = await ctx.uow.tensions.list(ctx.assembly.id)
    open_now = sorted((t for t in every if t.is_open), key=lambda t: -t.number)
    processed = len(every) - len(open_now)
    done = ctx.t("tensions.processed", count=processed) if processed else ""
    if not open_now:
        await ctx.send_text(ctx.t("tensions.none") + ("\n" + done if done else ""))
        return
    deciding = {p.number for p in await ctx.uow.proposals.list(ctx.assembly.id, open_only=True)}
    lines = [ctx.t("tensions.head", count=len(open_now))]
    for listed in open_now[:MAX_LISTED]:
        marks = ""
        if listed.proposal_number in deciding:
            marks += ctx.t("tensions.mark_proposal", proposal=listed.proposal_number)
        if listed.meeting_number is not None:
            marks += ctx.t("tensions.mark_agenda", meeting=listed.meeting_number)
        lines.append(ctx.t("tensions.item", number=listed.number, member=display(listed.author),
                           ago=ago(ctx, listed.created_at), text=short(listed.first_line, 80), marks=marks))
    if len(open_now) > MAX_LISTED:
        lines.append(ctx.t("tensions.more", count=len(open_now) - MAX_LISTED))
    if done:
        lines.append(done)
    lines.append(ctx.t("tensions.howto"))
    await ctx.send_text("\n".join(lines))


def ago(ctx: Context, then: datetime) -> str:
    """'il y a 3 jours', '2 hours ago': how long ago, in the unit that reads best."""
    seconds = max(0, int((ctx.now - then).total_seconds()))
    if seconds < 60:
        return ctx.t("tension.ago_now")
    if seconds < 3600:
        return ctx.t("tension.ago_minutes", count=seconds // 60)
    if seconds < 86_400:
        return ctx.t("tension.ago_hours", count=seconds // 3600)
    return ctx.t("tension.ago_days", count=seconds // 86_400)


async def status_text(ctx: Context, shown: Tension) -> str:
    """What `!status #N` shows of a tension: its text, who, when, what was done."""
    t, n = ctx.t, shown.number
    lines = [
        t("tension.status_head", number=n, status=t(f"tension.status_{shown.status.value}")),
        t("tension.status_noted", member=display(shown.author), date=when(shown.created_at, ctx.tz, ctx.lang),
          ago=ago(ctx, shown.created_at)),
        short(shown.text, 1000) if "\n" not in shown.text else shown.text[:1000],
    ]
    if shown.meeting_number is not None:
        lines.append(t("tension.status_agenda", meeting=shown.meeting_number))
    if shown.proposal_number is not None and shown.resolved_by is None:
        proposal = await ctx.uow.proposals.get(ctx.assembly.id, shown.proposal_number)
        state = t(f"status.{proposal.status.value}") if proposal is not None else "—"
        lines.append(t("tension.status_proposal", proposal=shown.proposal_number, status=state))
    closed = when(shown.closed_at, ctx.tz, ctx.lang) if shown.closed_at else "—"
    if shown.resolved_by is not None:
        lines.append(t("tension.status_resolved_by", proposal=shown.resolved_by, date=closed))
    elif shown.status is TensionStatus.RESOLVED:
        lines.append(t("tension.status_resolved_note", member=display(shown.closed_by or ""), date=closed,
                       note=_note_words(ctx, shown)))
    elif shown.status is TensionStatus.DROPPED:
        lines.append(t("tension.status_dropped_note", member=display(shown.closed_by or ""), date=closed,
                       note=_note_words(ctx, shown)))
    if shown.is_open:
        lines.append(t("tension.ways", number=n))
    return "\n".join(lines)


# ---- what tensions add to other commands --------------------------------------------------------


def _flag_number(ctx: Context, cmd: Command) -> int:
    raw = str(cmd.flags["tension"]).strip()
    match = _FLAG_NUMBER.match(raw)
    if match is None:
        raise DomainError("tension.bad_flag", flag=cmd.flag_word("tension"), value=short(raw, 20))
    return int(match.group(1))


def with_tension_link(original: Handler) -> Handler:
    """`!propose --tension N Title`: the proposal is opened to process tension #N; when it is
    adopted, the tension is resolved by it (see `close_note`)."""

    async def propose(ctx: Context, cmd: Command) -> None:
        if "tension" not in cmd.flags:
            await original(ctx, cmd)
            return
        await ctx.require_member()
        linked = await load_tension(ctx, _flag_number(ctx, cmd))
        linked.check_may_process(ctx.member, ctx.is_facilitator)
        if linked.proposal_number is not None:
            current = await ctx.uow.proposals.get(ctx.assembly.id, linked.proposal_number)
            if current is not None and not current.is_closed:
                raise DomainError("tension.proposal_open", number=linked.number, proposal=current.number)
        number = ctx.assembly.next_number  # the number the proposal takes
        await original(ctx, cmd)
        linked.link(ctx.member, ctx.is_facilitator, number, ctx.now)
        await ctx.uow.tensions.save(ctx.assembly.id, linked)
        await ctx.say("tension.proposal_linked", thread=thread_of(number), reply=False, number=linked.number,
                      proposal=number)

    return propose


async def close_note(ctx: Context, proposal: Proposal) -> str:
    """For the announcement of a closed proposal: the tension it resolved (adopted), or that
    stays open (withdrawn, expired, rejected)."""
    words = ""
    for linked in await ctx.uow.tensions.linked_to(ctx.assembly.id, proposal.number):
        if proposal.status is Status.ADOPTED:
            linked.resolved_by_proposal(proposal.number, ctx.now)
            await ctx.uow.tensions.save(ctx.assembly.id, linked)
            words += "\n" + ctx.t("tension.resolved_by_adoption", number=linked.number, proposal=proposal.number)
        else:
            words += "\n" + ctx.t("tension.stays_open", number=linked.number)
    return words


async def status_view(ctx: Context, number: int) -> bool:
    """`!status #N` for a tension."""
    found = await ctx.uow.tensions.get(ctx.assembly.id, number)
    if found is None:
        return False
    await ctx.send_text(await status_text(ctx, found))
    return True


async def overview_lines(ctx: Context) -> list[str]:
    """The overview's line on the open tensions (none open: no line)."""
    count = len(await ctx.uow.tensions.list(ctx.assembly.id, open_only=True))
    return [ctx.t("overview.tensions", count=count)] if count else []


async def forget(ctx: Context) -> None:
    """`!forget-me confirm` also pseudonymises the tensions the member noted or closed."""
    await ctx.uow.tensions.forget(ctx.assembly.id, ctx.member)


def install() -> None:
    if _installed:
        return
    _installed.append(True)
    dispatch.register("tension", tension)
    dispatch.register("tensions", tensions)
    dispatch.register("propose", with_tension_link(dispatch.HANDLERS["propose"]))
    proposal_handlers.STATUS_VIEWS.append(status_view)
    proposal_handlers.OVERVIEW_SECTIONS.append(overview_lines)
    member_handlers.FORGET_HOOKS.append(forget)
    proposal_handlers.CLOSE_NOTES.append(close_note)
