"""A command that needs a number and has none: the thread it was typed in gives it, and
outside a thread the answer shows an example with a number that exists.

The bot opens a thread per proposal (`proposal:3`), time poll (`poll:4`) and meeting
(`meeting:5`); a meeting whose date a poll fixed goes on in that poll's thread. The pipeline
finds which of these threads an event came from (`Inbound.thread_key`); here the core
decides what that thread's number means for the verb typed. A verb of another kind gets the
number all the same, and with it the usual answer ("#3 is a proposal, not a meeting").
"""

from __future__ import annotations

from dataclasses import replace

from core.commands import NUMBERED, OPTIONAL_NUMBER, VERBS, Command, is_command, parse
from core.context import Context
from core.errors import DomainError
from core.i18n import for_network

POLL_VERBS = frozenset({"avail", "finalize"})
MEETING_VERBS = frozenset({"rsvp", "agenda", "note", "swap", "minutes", "reschedule", "ics"})
# `!cancel` stands for a poll or a meeting: in a poll's thread, once the poll fixed a
# meeting, it is that meeting which is still there to cancel
EITHER_VERBS = frozenset({"cancel"})
# and `!status`: once the poll fixed a meeting, its thread goes on about that meeting
FOLLOW_THE_MEETING = MEETING_VERBS | EITHER_VERBS | {"status"}
THREAD_KINDS = frozenset({"proposal", "poll", "meeting"})


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


async def example_number(ctx: Context, word: str) -> int | None:
    """A number to show in the example of a command typed without one: the latest open
    proposal for a proposal's verb, the latest open poll or meeting to come for theirs (the
    latest meeting at all when none is to come); None when there is none."""
    verb = VERBS.get(word.casefold(), word)
    found: list[int] = []
    if verb in POLL_VERBS or verb in EITHER_VERBS:
        found += [p.poll.number for p in await ctx.uow.polls.list(ctx.assembly.id, open_only=True)]
    if verb in MEETING_VERBS or verb in EITHER_VERBS or verb == "meeting":
        meetings = await ctx.uow.meetings.list(ctx.assembly.id, since=ctx.now)
        if not meetings and verb not in EITHER_VERBS:
            meetings = await ctx.uow.meetings.list(ctx.assembly.id)
        found += [m.meeting.number for m in meetings]
    if not (verb in POLL_VERBS or verb in MEETING_VERBS or verb in EITHER_VERBS or verb == "meeting"):
        found += [p.number for p in await ctx.uow.proposals.list(ctx.assembly.id, open_only=True)]
    return max(found) if found else None


async def number_missing_answer(ctx: Context, params: dict[str, object]) -> tuple[str, dict[str, object]]:
    """The key and parameters of the answer to a command without its number (outside a
    thread): its example names a number that exists, or none at all."""
    number = await example_number(ctx, str(params.get("verb", "")))
    # where the network gives the bot a thread or a reply to read, say that it spares the number
    params = {**params, "hint": for_network(ctx.t, "command.number_hint", ctx.assembly.platform) or ""}
    if number is None:
        return "command.number_missing_none", params
    return "command.number_missing", {**params, "number": number}
