"""A command that needs a number and has none: the thread it was typed in gives it, and
outside a thread the answer shows an example with a number the command applies to now.

The bot opens a thread per proposal (`proposal:3`), time poll (`poll:4`) and meeting
(`meeting:5`); a meeting whose date a poll fixed goes on in that poll's thread. The pipeline
finds which of these threads an event came from (`Inbound.thread_key`); here the core
decides what that thread's number means for the verb typed. A verb of another kind gets the
number all the same, and with it the usual answer ("#3 is a proposal, not a meeting").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from core.assemblies import Assembly
from core.commands import NUMBERED, OPTIONAL_NUMBER, VERBS, Command, is_command, parse
from core.context import Context
from core.errors import DomainError
from core.i18n import for_network, translate
from core.ports import UnitOfWork
from core.proposals import Method, Phase, Proposal
from core.schedule_app.records import MeetingRecord, PollRecord, active_slot
from core.scheduling.meetings import MeetingStatus
from core.scheduling.slots import format_slot
from core.tensions import Tension

POLL_VERBS = frozenset({"avail", "finalize"})
MEETING_VERBS = frozenset({"rsvp", "agenda", "note", "swap", "minutes", "reschedule", "ics"})
# `!cancel` stands for a poll or a meeting: in a poll's thread, once the poll fixed a
# meeting, it is that meeting which is still there to cancel
EITHER_VERBS = frozenset({"cancel"})
# and `!status`: once the poll fixed a meeting, its thread goes on about that meeting
FOLLOW_THE_MEETING = MEETING_VERBS | EITHER_VERBS | {"status"}
THREAD_KINDS = frozenset({"proposal", "poll", "meeting"})
# `!tension #N odj` names an open tension; `!status #N` shows a tension too, as it shows a
# proposal, a poll or a meeting
TENSION_VERBS = frozenset({"tension"})
SHOWS_TENSIONS = TENSION_VERBS | {"status"}
# `!status #N` shows a time poll or a meeting too: proposed beside the proposals and tensions
SHOWS_ANY_ITEM = frozenset({"status"})


def thread_subject(thread_key: str | None) -> tuple[str, int] | None:
    """`proposal:3` → ("proposal", 3); None for anything else."""
    if not thread_key:
        return None
    kind, _, number = thread_key.partition(":")
    if kind not in THREAD_KINDS or not number.isdigit():
        return None
    return kind, int(number)


async def number_in_thread(ctx: Context, verb: str) -> int | None:
    """The number a command typed in the thread of `ctx.inbound` is about, or None when it
    was typed elsewhere. In a poll's thread, meeting verbs name the meeting the poll fixed."""
    subject = thread_subject(ctx.inbound.thread_key)
    if subject is None:
        return None
    kind, number = subject
    if kind == "poll" and verb in FOLLOW_THE_MEETING:
        poll = await ctx.uow.polls.get(ctx.assembly.id, number)
        if poll is not None and poll.meeting_number is not None:
            return poll.meeting_number
    return number


def takes_thread_number(command: Command) -> bool:
    """Whether `command`, typed in a thread, is about the thread's proposal, poll or meeting:
    it names no number and its verb takes one. `!status` and `!ics` (`!calendrier`) take one
    too: inside a thread they are about its subject, and only outside a thread (or with
    `!calendar`) about the assembly (its overview, its calendar feed). `!ics public` sets the
    feed wherever it is typed."""
    if command.number is not None:
        return False
    if command.verb in NUMBERED:
        return True
    return command.verb in OPTIONAL_NUMBER and not command.text.strip()


def may_take_thread_number(text: str) -> bool:
    """Whether the command `text`, typed in a thread or in answer to a message, may be about
    the thread's proposal, poll or meeting: the pipeline reads which thread that is only
    then. A number typed that stays the command's, even in a thread (`!ok #2`, `!ok 2`),
    needs no thread; nor does a verb that takes no number, nor ordinary chat. A command
    refused as written is read with its thread all the same (its answer may name it)."""
    if not is_command(text):
        return False
    try:
        command = parse(text, in_thread=True)
    except DomainError:
        return True
    return command is not None and takes_thread_number(command)


async def with_thread_number(ctx: Context, command: Command) -> Command:
    """`command` with the number of the thread it was typed in; refused as missing its
    number when it was typed outside any thread of the bot."""
    number = await number_in_thread(ctx, command.verb)
    if number is None:
        raise DomainError("command.number_missing", verb=command.word)
    return replace(command, number=number)


# The methods whose decision round each position verb is worded for: consent verbs for a
# consent round, `!agree`/`!block`… for consensus, `!vote`, `!advise`; `!abstain` is said in
# all three rounds that have it. (A few verbs are also read in another method's round, `!ok`
# as agreement: the example names a round the verb is worded for.)
POSITION_METHODS: dict[str, frozenset[Method]] = {
    **dict.fromkeys(("consent", "concern", "object", "standaside", "withdraw-objection"),
                    frozenset({Method.CONSENT})),
    **dict.fromkeys(("agree", "disagree", "block"), frozenset({Method.CONSENSUS})),
    "abstain": frozenset({Method.CONSENT, Method.CONSENSUS, Method.VOTE}),
    "vote": frozenset({Method.VOTE}),
    "advise": frozenset({Method.ADVICE}),
}


def _deciding(methods: frozenset[Method]) -> Callable[[Proposal], bool]:
    return lambda p: p.phase is Phase.DECISION and p.rules.method in methods


def _any_open(proposal: Proposal) -> bool:
    return True


# What an open proposal must be for a verb to apply to it right now; a proposal's verb not
# listed (`!status`, `!withdraw`, `!close`) applies to any open proposal.
APPLIES_TO: dict[str, Callable[[Proposal], bool]] = {
    **{verb: _deciding(methods) for verb, methods in POSITION_METHODS.items()},
    "ask": lambda p: p.phase is Phase.CLARIFICATION,
    "answer": lambda p: p.phase in (Phase.CLARIFICATION, Phase.REACTION),
    "react": lambda p: p.phase is Phase.REACTION,
    "next": lambda p: p.phase in (Phase.CLARIFICATION, Phase.REACTION),
    "amend": lambda p: p.rules.method is Method.CONSENT,
    "round": lambda p: p.phase is Phase.DECISION,
    "record": lambda p: p.phase is Phase.DECISION,
}


@dataclass(frozen=True, slots=True)
class Applicable:
    """A proposal, time poll, meeting or tension a command may be about: its number, its kind
    ("proposal", "poll", "meeting", "tension"), its title (a tension's first line), where it
    stands (`state`, the words of `state_label` in the assembly's language), and whether the
    command applies to it now (False: an open proposal in another phase or method, listed only
    when asked for)."""

    number: int
    kind: str
    title: str
    state: str
    applies_now: bool = True


Subject = Proposal | PollRecord | MeetingRecord | Tension


def state_label(subject: Subject, assembly: Assembly, now: datetime) -> str:
    """Where a proposal, poll, meeting or tension stands, in a few words of the assembly's
    language: the proposal's phase (its decision round named by its method), "time poll", the
    meeting and the date of its current occurrence, "tension". Nothing about who positioned or
    how, nor who noted a tension."""
    lang = assembly.language
    if isinstance(subject, Tension):
        return translate("applicable.state.tension", lang)
    if isinstance(subject, Proposal):
        phase = subject.rules.method.value if subject.phase is Phase.DECISION else subject.phase.value
        return translate(f"applicable.state.{phase}", lang)
    if isinstance(subject, PollRecord):
        return translate("applicable.state.poll", lang)
    meeting = subject.meeting
    if meeting.status is MeetingStatus.CANCELLED:
        return translate("applicable.state.meeting_cancelled", lang)
    return translate("applicable.state.meeting", lang,
                     when=format_slot(active_slot(meeting, now), assembly.timezone, lang))


def _item(subject: Subject, assembly: Assembly, now: datetime, applies_now: bool = True) -> Applicable:
    number: int
    if isinstance(subject, Tension):
        number, kind, title = subject.number, "tension", subject.first_line
    elif isinstance(subject, Proposal):
        number, kind, title = subject.number, "proposal", subject.title
    elif isinstance(subject, PollRecord):
        number, kind, title = subject.poll.number, "poll", subject.poll.title
    else:
        number, kind, title = subject.meeting.number, "meeting", subject.meeting.title
    return Applicable(number, kind, title, state_label(subject, assembly, now), applies_now)


async def applicable(uow: UnitOfWork, assembly: Assembly, word: str, now: datetime, *,
                     any_phase: bool = False) -> list[Applicable]:
    """What a command may be about right now, latest first: the open proposals the verb
    applies to in their phase and method; the open polls for a poll's verb; the meetings to
    come for a meeting's verb (every meeting when none is to come); the open tensions for
    `!tension`; for `!status`, which shows any of them, all of these (meetings to come only). `any_phase`:
    every open proposal, whatever its phase or method, those the verb does not apply to now
    marked so (`applies_now`). Reads only."""
    verb = VERBS.get(word.casefold(), word)
    items: list[Applicable] = []
    if verb in SHOWS_TENSIONS:
        items += [_item(t, assembly, now) for t in await uow.tensions.list(assembly.id, open_only=True)]
    if verb in POLL_VERBS or verb in EITHER_VERBS or verb in SHOWS_ANY_ITEM:
        items += [_item(p, assembly, now) for p in await uow.polls.list(assembly.id, open_only=True)]
    if verb in MEETING_VERBS or verb in EITHER_VERBS or verb == "meeting" or verb in SHOWS_ANY_ITEM:
        meetings = await uow.meetings.list(assembly.id, since=now)
        if not meetings and verb not in EITHER_VERBS and verb not in SHOWS_ANY_ITEM:
            meetings = await uow.meetings.list(assembly.id)
        items += [_item(m, assembly, now) for m in meetings]
    if not (verb in POLL_VERBS or verb in MEETING_VERBS or verb in EITHER_VERBS or verb == "meeting"
            or verb in TENSION_VERBS):
        applies = APPLIES_TO.get(verb, _any_open)
        for proposal in await uow.proposals.list(assembly.id, open_only=True):
            if proposal.is_closed:
                continue
            if applies(proposal):
                items.append(_item(proposal, assembly, now))
            elif any_phase:
                items.append(_item(proposal, assembly, now, applies_now=False))
    return sorted(items, key=lambda item: (item.number, item.kind), reverse=True)


async def example_numbers(ctx: Context, word: str) -> list[tuple[int, str]]:
    """The numbers, with their kind ("proposal", "poll", "meeting", "tension"), a command typed without
    one may be about right now, latest first (see `applicable`). Read only when the number
    is missing."""
    return [(item.number, item.kind) for item in await applicable(ctx.uow, ctx.assembly, word, ctx.now)]


async def number_missing_answer(ctx: Context, params: dict[str, object]) -> tuple[str, dict[str, object]]:
    """The key and parameters of the answer to a command without its number (outside a
    thread): its example is the latest number the command applies to right now, said to be
    the likely one when it is the only one; no number when there is none."""
    found = await example_numbers(ctx, str(params.get("verb", "")))
    # where the network gives the bot a thread or a reply to read, say that it spares the number
    params = {**params, "hint": for_network(ctx.t, "command.number_hint", ctx.platform) or ""}
    if not found:
        return "command.number_missing_none", params
    (number, kind), *others = found
    if not others:  # the only one the command applies to: the likely one
        return f"command.number_missing_one.{kind}", {**params, "number": number}
    return "command.number_missing", {**params, "number": number}
