"""Commands of the proposals table: open, clarify, react, position, amend, close, report."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

from core.commands import Command
from core.context import Context
from core.errors import DomainError
from core.i18n import for_network
from core.ids import MemberId, Number
from core.messages import (
    POLL_HIDDEN_EXTRA,
    ROUND_CLOSED_EXTRA,
    ROUND_VERSION_EXTRA,
    TALLY_EXTRA,
    Action,
    Button,
    OutboundKind,
)
from core.proposals import (
    Method,
    ObjectionStatus,
    Phase,
    Position,
    Proposal,
    Rules,
    Stance,
    Status,
    parse_period,
)
from core.render import colon, display, parse_deadline, parse_share, share, short, when
from core.schedule_app.common import what_is

DEFAULT_DEADLINE = timedelta(days=7)
MAX_TITLE = 200
MAX_OPTIONS = 20
DEADLINE_DUE = "proposal.deadline"
REVIEW_DUE = "proposal.review"
REMINDER_DUE = "proposal.reminder"

METHOD_NAMES = {
    "consent": Method.CONSENT, "consentement": Method.CONSENT,
    "consensus": Method.CONSENSUS,
    "vote": Method.VOTE,
    "advice": Method.ADVICE, "avis": Method.ADVICE, "sollicitation-avis": Method.ADVICE,
}

# (verb, method) → stance. A verb means the closest gesture of the proposal's method.
STANCE_FOR: dict[str, dict[Method, Stance]] = {
    "consent": {Method.CONSENT: Stance.CONSENT, Method.CONSENSUS: Stance.AGREE},
    "agree": {Method.CONSENT: Stance.CONSENT, Method.CONSENSUS: Stance.AGREE},
    "concern": {Method.CONSENT: Stance.CONCERN},
    "object": {Method.CONSENT: Stance.OBJECTION, Method.CONSENSUS: Stance.BLOCK},
    "block": {Method.CONSENT: Stance.OBJECTION, Method.CONSENSUS: Stance.BLOCK},
    "standaside": {Method.CONSENT: Stance.STAND_ASIDE, Method.CONSENSUS: Stance.ABSTAIN, Method.VOTE: Stance.ABSTAIN},
    "abstain": {Method.CONSENT: Stance.STAND_ASIDE, Method.CONSENSUS: Stance.ABSTAIN, Method.VOTE: Stance.ABSTAIN},
    "disagree": {Method.CONSENSUS: Stance.DISAGREE},
    "vote": {Method.VOTE: Stance.VOTE},
    "advise": {Method.ADVICE: Stance.ADVICE},
}

METHOD_HINT_KEY = {
    Method.CONSENT: "proposal.hint_consent",
    Method.CONSENSUS: "proposal.hint_consensus",
    Method.VOTE: "proposal.hint_vote",
    Method.ADVICE: "proposal.hint_advice",
}


def thread_of(number: int) -> str:
    return f"proposal:{number}"


async def load(ctx: Context, number: int | None, *, mine: bool = False, full: bool = False) -> Proposal:
    if number is None:
        raise DomainError("command.number_missing", verb="status")
    proposal = await ctx.uow.proposals.get(
        ctx.assembly.id, number, member=ctx.member if mine else None, full=full
    )
    if proposal is None:
        # the number may be a time poll's or a meeting's: the refusal says so
        kind = await what_is(ctx, number)
        raise DomainError(f"proposal.is_{kind}" if kind in ("poll", "meeting", "tension") else "proposal.not_found",
                          number=number)
    return proposal


def _rules(ctx: Context, cmd: Command) -> Rules:
    flags = cmd.flags
    method = Method.CONSENT
    if "method" in flags:
        method_word = str(flags["method"]).casefold()
        if method_word not in METHOD_NAMES:
            raise DomainError("proposal.unknown_method", method=method_word[:30])
        method = METHOD_NAMES[method_word]
    options: tuple[str, ...] = ()
    if "options" in flags:
        options = tuple(o.strip() for o in str(flags["options"]).split("|") if o.strip())
        if len(options) > MAX_OPTIONS:
            raise DomainError("proposal.too_many_options", limit=MAX_OPTIONS)
        if len({o.casefold() for o in options}) != len(options):
            raise DomainError("proposal.duplicate_options")
        if any(len(o) > 100 for o in options):
            raise DomainError("proposal.option_too_long")
    deadline = ctx.now + DEFAULT_DEADLINE
    if "deadline" in flags:
        deadline = parse_deadline(str(flags["deadline"]), ctx.now, ctx.tz)
    quorum = parse_share(str(flags["quorum"]), flag=cmd.flag_word("quorum")) if "quorum" in flags else None
    threshold = parse_share(str(flags["threshold"]), flag=cmd.flag_word("threshold")) if "threshold" in flags else None
    if threshold is not None and method is not Method.VOTE:
        raise DomainError("proposal.threshold_only_for_vote")
    review = str(flags["review"]) if "review" in flags else None
    if review is not None:
        parse_period(review)

    return Rules(
        method=method,
        deadline=deadline,
        quorum=quorum,
        threshold=threshold if threshold is not None else Fraction(1, 2),
        anonymous=bool(flags.get("anonymous", False)),
        hide_results=bool(flags.get("hide-results", False)),
        options=options,
        review_after=review,
    )


async def propose(ctx: Context, cmd: Command) -> None:
    await ctx.require_member()
    title = unquoted(cmd.text.strip())
    if not title:
        raise DomainError("proposal.title_missing")
    if len(title) > MAX_TITLE:
        raise DomainError("proposal.title_too_long", limit=MAX_TITLE)
    rules = _rules(ctx, cmd)
    number = Number(ctx.assembly.take_number())
    proposal = Proposal.open(
        number=number,
        title=title,
        body=cmd.body,
        author=ctx.member,
        rules=rules,
        now=ctx.now,
        members=await ctx.members(),
        salt=secrets.token_hex(8),
    )
    await ctx.uow.proposals.add(ctx.assembly.id, proposal)
    if rules.deadline is not None:
        await ctx.uow.due.schedule(DEADLINE_DUE, _pid(proposal), rules.deadline)
    await ctx.say(
        "proposal.opened",
        thread=thread_of(number),
        number=number,
        title=title,
        author=display(ctx.member),
        method=ctx.t(f"method.{rules.method.value}"),
        deadline=when(rules.deadline, ctx.tz, ctx.lang) if rules.deadline else "—",
        # the call of a round that opens at once states the rules itself
        rules=_spaced(rules_words(ctx.t, rules, platform=ctx.platform), " ") if proposal.phase is Phase.CLARIFICATION else "",
        body=("\n" + proposal.body) if proposal.body else "",
    )
    if proposal.phase is Phase.CLARIFICATION:
        await ctx.say("proposal.clarify_howto", thread=thread_of(number), reply=False, number=number)
    else:
        await _announce_decision_open(ctx, proposal)


QUOTES = {'"': '"', "«": "»", "“": "”"}


def unquoted(title: str) -> str:
    """A title typed inside quotes, as a whole (`!propose "Title"`), without them: the bot
    shows titles inside its own quotes."""
    close = QUOTES.get(title[:1])
    if close and len(title) > 2 and title.endswith(close) and title[:1] not in title[1:-1] \
            and close not in title[1:-1]:
        return title[1:-1].strip()
    return title


def _spaced(text: str, before: str) -> str:
    return before + text if text else ""


def share_words(value: Fraction) -> str:
    """A threshold as people typed it: '60 %' when it is a whole percentage, else '2/3'."""
    percent = value * 100
    return share(value) if percent.denominator == 1 else f"{value.numerator}/{value.denominator}"


def rules_words(t: Translate, rules: Rules, *, quorum: bool = True, closed: bool = False, platform: str = "") -> str:
    """'Rules: secret ballot · results hidden until the close · …' for the rules of a round
    that voters must know before positioning (nothing for a plain round). What anonymity
    hides depends on the network: the bot keeps no link between a person and a choice, but a
    choice typed in the room is read by the room; only buttons (Telegram, Discord) are
    private. The catalogs say it per network (`rules.anonymous.telegram`), else in general."""
    parts = []
    if rules.anonymous:
        key = "rules.secret_ballot" if rules.method is Method.VOTE else "rules.anonymous"
        parts.append(for_network(t, key, platform) or t(key))
    if rules.hide_results and not closed:
        parts.append(t("rules.hidden_results_consent" if rules.method is Method.CONSENT else "rules.hidden_results"))
    if rules.method is Method.VOTE and rules.threshold != Fraction(1, 2):
        parts.append(t("rules.threshold", threshold=share_words(rules.threshold)))
    if quorum and rules.quorum is not None:
        parts.append(t("rules.quorum", quorum=share(rules.quorum)))
    return t("rules.line", rules=" · ".join(parts)) if parts else ""


def position_commands(t: Translate, proposal: Proposal) -> str:
    """What to type to take a position on `proposal`, for its method."""
    return t(f"positions.{proposal.rules.method.value}", number=proposal.number)


def _pid(proposal: Proposal) -> int:
    assert proposal.id is not None, "the repository gives an id on add"
    return proposal.id


def _refuse_in_decision(ctx: Context, proposal: Proposal) -> None:
    """A question, an answer or a reaction once the decision round is open: say what can be
    typed now (the position commands of the method; the author may also amend or decide)."""
    if proposal.is_closed or proposal.phase is not Phase.DECISION:
        return
    n, positions = proposal.number, position_commands(ctx.t, proposal)
    if ctx.member != proposal.author:
        raise DomainError("proposal.in_decision", number=n, positions=positions)
    if proposal.rules.method is Method.ADVICE:
        raise DomainError("proposal.in_decision_advice_author", number=n)
    key = "proposal.in_decision_author" if proposal.rules.method is Method.CONSENT else "proposal.in_decision_author_other"
    raise DomainError(key, number=n, positions=positions)


async def ask(ctx: Context, cmd: Command) -> None:
    await ctx.require_member()
    proposal = await load(ctx, cmd.number)
    _refuse_in_decision(ctx, proposal)
    if not proposal.is_closed and proposal.phase is Phase.REACTION and ctx.member == proposal.author:
        raise DomainError("proposal.not_in_clarification_author", number=proposal.number)
    proposal.ask(ctx.member, cmd.full_text, ctx.now)
    await ctx.uow.proposals.save(ctx.assembly.id, proposal)
    await ctx.say(
        "proposal.question_noted", thread=thread_of(proposal.number), number=proposal.number,
        author=display(proposal.author), mentions=(proposal.author,),
    )


async def answer(ctx: Context, cmd: Command) -> None:
    await ctx.require_member()
    proposal = await load(ctx, cmd.number)
    _refuse_in_decision(ctx, proposal)
    proposal.answer(ctx.member, cmd.full_text, ctx.now)
    await ctx.uow.proposals.save(ctx.assembly.id, proposal)
    await ctx.say("proposal.answer_noted", thread=thread_of(proposal.number), number=proposal.number)


async def react(ctx: Context, cmd: Command) -> None:
    await ctx.require_member()
    proposal = await load(ctx, cmd.number)
    _refuse_in_decision(ctx, proposal)
    proposal.react(ctx.member, cmd.full_text, ctx.now)
    await ctx.uow.proposals.save(ctx.assembly.id, proposal)
    await ctx.say("proposal.reaction_noted", thread=thread_of(proposal.number), number=proposal.number)


async def next_phase(ctx: Context, cmd: Command) -> None:
    await ctx.require_member()
    proposal = await load(ctx, cmd.number)
    phase = proposal.next_phase(ctx.member, ctx.is_facilitator, await ctx.members(), ctx.now)
    await ctx.uow.proposals.save(ctx.assembly.id, proposal)
    if phase is Phase.REACTION:
        await ctx.say("proposal.reaction_open", thread=thread_of(proposal.number), number=proposal.number)
    else:
        await _announce_decision_open(ctx, proposal)


def _decision_buttons(ctx: Context, proposal: Proposal) -> tuple[Button, ...]:
    n = proposal.number
    v = f" --version {proposal.version}"
    if proposal.rules.method is Method.CONSENT:
        return (
            Button(ctx.t("button.consent"), f"consent #{n}{v}"),
            Button(ctx.t("button.standaside"), f"standaside #{n}{v}"),
            Button(ctx.t("button.concern"), f"concern #{n}{v}", needs_reason=True),
            Button(ctx.t("button.object"), f"object #{n}{v}", needs_reason=True),
        )
    if proposal.rules.method is Method.CONSENSUS:
        return (
            Button(ctx.t("button.agree"), f"agree #{n}{v}"),
            Button(ctx.t("button.disagree"), f"disagree #{n}{v}"),
            Button(ctx.t("button.abstain"), f"abstain #{n}{v}"),
            Button(ctx.t("button.block"), f"block #{n}{v}", needs_reason=True),
        )
    if proposal.rules.method is Method.ADVICE:
        return (Button(ctx.t("button.advise"), f"advise #{n}{v}", needs_reason=True),)
    return tuple(Button(option, f"vote #{n} {i}{v}") for i, option in enumerate(proposal.rules.options, start=1))


def _pressed_option(proposal: Proposal, option: str) -> str:
    """A vote button or poll answer names its option by number (`vote #3 2`); typed, a name
    wins over a number (options "3 | 2 | 1": `!vote #3 1` is "1")."""
    options = proposal.rules.options
    number = int(option) if option.isascii() and option.isdigit() and len(option) <= 4 else 0
    return options[number - 1] if 0 < number <= len(options) else option


def _offered_version(cmd: Command) -> int | None:
    """The version a button or reaction was offered for (`--version N`), if the command carries one."""
    raw = cmd.flags.get("version")
    if raw is None:
        return None
    if not isinstance(raw, str) or not raw.isdigit() or len(raw) > 9:
        raise DomainError("proposal.bad_version_flag", value=str(raw)[:20])
    return int(raw)


def reminder_at(proposal: Proposal, now: datetime, lead: timedelta | None) -> datetime | None:
    """When those who have not positioned yet are reminded of the deadline (None: not at all):
    `lead` before it (the assembly's setting, a day by default), or, for a round shorter than
    twice that, when three quarters of its time have gone; a round under an hour, never."""
    deadline = proposal.rules.deadline
    if deadline is None or lead is None:
        return None
    left = deadline - now
    if left >= 2 * lead:
        return deadline - lead
    if left >= timedelta(hours=1):
        return deadline - left / 4
    return None


async def schedule_reminder(ctx: Context, proposal: Proposal) -> None:
    """Once per round: a round opened again (an amendment) keeps a single reminder."""
    await ctx.uow.due.cancel(REMINDER_DUE, _pid(proposal))
    settings = await ctx.uow.meetings.settings(ctx.assembly.id)
    at = reminder_at(proposal, ctx.now, settings.proposal_reminder)
    if at is not None:
        await ctx.uow.due.schedule(REMINDER_DUE, _pid(proposal), at)


async def reminder_due(ctx: Context, proposal: Proposal) -> None:
    """Called by the scheduler: the deadline is near; those who have not positioned hear it."""
    full = await ctx.uow.proposals.get(ctx.assembly.id, proposal.number, full=True)
    if full is None or full.is_closed or full.phase is not Phase.DECISION or full.rules.deadline is None:
        return
    n, deadline = full.number, when(full.rules.deadline, ctx.tz, ctx.lang)
    if full.rules.method is Method.ADVICE:  # the author decides: the reminder is theirs
        await ctx.say("proposal.reminder_advice", thread=thread_of(n), reply=False, number=n, title=full.title,
                      deadline=deadline, author=display(full.author), mentions=(full.author,))
        return
    missing = full.tally().missing
    if not missing:
        return
    if full.rules.method is not Method.CONSENT:
        rule = ctx.t("proposal.reminder_rule_other")
    elif full.rules.quorum is None:
        rule = ctx.t("proposal.reminder_rule_consent")
    else:
        rule = ctx.t("proposal.reminder_rule_consent_quorum", quorum=share(full.rules.quorum))
    if full.rules.anonymous:  # who has positioned is not shown in an anonymous round: only how many have not
        await ctx.say("proposal.reminder_anonymous", thread=thread_of(n), reply=False, number=n, title=full.title,
                      deadline=deadline, missing=len(missing), rule=rule)
        return
    await ctx.say("proposal.reminder", thread=thread_of(n), reply=False, number=n, title=full.title,
                  deadline=deadline, members=", ".join(display(m) for m in missing), rule=rule,
                  mentions=tuple(missing))


def _round_call(ctx: Context, proposal: Proposal, version: int) -> tuple[str, dict[str, Any]]:
    """The catalog key and parameters of the call of `proposal`'s round at `version` (the
    message that carries its buttons)."""
    key = {
        Method.CONSENT: "proposal.consent_open",
        Method.CONSENSUS: "proposal.consensus_open",
        Method.VOTE: "proposal.vote_open",
        Method.ADVICE: "proposal.advice_open",
    }[proposal.rules.method]
    options = "\n".join(f"  {i}. {o}" for i, o in enumerate(proposal.rules.options, start=1))
    return key, {
        "number": proposal.number,
        "title": proposal.title,
        "version": version,
        "electorate": len(proposal.electorate),
        "options": options,
        "author": display(proposal.author),
        "rules": _spaced(rules_words(ctx.t, proposal.rules, platform=ctx.platform), "\n"),
    }


async def _announce_decision_open(ctx: Context, proposal: Proposal) -> None:
    await schedule_reminder(ctx, proposal)
    n = proposal.number
    key, params = _round_call(ctx, proposal, proposal.version)
    kind = OutboundKind.POLL if proposal.rules.method is Method.VOTE else OutboundKind.CONSENT_PROMPT
    extra = {f"poll_payload_{i}": f"vote #{n} {i + 1} --version {proposal.version}"
             for i in range(len(proposal.rules.options))}
    extra[ROUND_VERSION_EXTRA] = str(proposal.version)
    if proposal.rules.anonymous or proposal.rules.hide_results:
        # a poll that shows its running results, or who chose what, would undo these flags:
        # networks hide the results until the close, or use buttons instead (Telegram)
        extra[POLL_HIDDEN_EXTRA] = "1"
    await ctx.say(
        key,
        thread=thread_of(n),
        kind=kind,
        buttons=_decision_buttons(ctx, proposal),
        poll_options=proposal.rules.options,
        extra=extra,
        reply=False,
        **params,
    )


async def _close_round_message(ctx: Context, proposal: Proposal, version: int, line: str) -> None:
    """The call of the round at `version` is over (closed, or replaced by a newer version):
    networks that drew buttons under it redraw it with `line` under it and no buttons."""
    key, params = _round_call(ctx, proposal, version)
    await ctx.send_text(
        ctx.t(key, **params),
        thread=thread_of(proposal.number),
        kind=OutboundKind.ROUND_CLOSE,
        reply=False,
        extra={TALLY_EXTRA: line, ROUND_CLOSED_EXTRA: "1", ROUND_VERSION_EXTRA: str(version)},
    )


async def redraw_round_message(ctx: Context, proposal: Proposal) -> None:
    """The round's positions changed otherwise than by a press on its message (a typed or
    recorded position, a withdrawn objection, a removed reaction): networks that drew buttons
    under its call show the new tally there, as after a press (whose confirmation carries
    it, see _redraw). A closed round is redrawn by its ROUND_CLOSE instead. After a press, the
    round's messages in the assembly's other rooms (`!federate`) are redrawn all the same."""
    pressed = ctx.inbound.action is Action.BUTTON
    if proposal.is_closed or proposal.phase is not Phase.DECISION or (pressed and not await ctx.other_rooms()):
        return
    if not await ctx.redraws_rounds():
        return  # no buttons to redraw there: nothing written for nothing
    key, params = _round_call(ctx, proposal, proposal.version)
    await ctx.send_text(
        ctx.t(key, **params),
        thread=thread_of(proposal.number),
        kind=OutboundKind.ROUND_TALLY,
        buttons=_decision_buttons(ctx, proposal),
        reply=False,
        extra={TALLY_EXTRA: press_tally(ctx, proposal), ROUND_VERSION_EXTRA: str(proposal.version)},
        here=not pressed,
    )


async def position(ctx: Context, cmd: Command) -> None:
    """consent / concern / object / standaside / agree / disagree / abstain / block / vote / advise."""
    await ctx.require_member()
    proposal = await load(ctx, cmd.number, mine=True)
    if proposal.is_closed:
        raise DomainError("proposal.closed", number=proposal.number, status=proposal.status.value)
    stance = STANCE_FOR[cmd.verb].get(proposal.rules.method)
    if stance is None:
        raise DomainError(METHOD_HINT_KEY[proposal.rules.method], number=proposal.number)
    if not ctx.assembly.is_member(ctx.member):
        raise DomainError("member.not_member")
    if ctx.member not in proposal.electorate and proposal.phase is Phase.DECISION:
        raise DomainError("proposal.not_in_electorate", number=proposal.number)
    offered = _offered_version(cmd)
    if offered is not None and offered != proposal.version:
        raise DomainError("proposal.stale_prompt", number=proposal.number, version=offered,
                          current=proposal.version, thread=thread_of(proposal.number))
    text = cmd.full_text
    option = text if stance is Stance.VOTE else ""
    if ctx.inbound.action is Action.BUTTON:
        option = _pressed_option(proposal, option)
    reason = "" if stance is Stance.VOTE else text
    objection = proposal.objections.get(proposal.who(ctx.member))
    was_open = objection is not None and objection.status is ObjectionStatus.OPEN
    before = proposal.position_of(ctx.member)
    taken = proposal.take_position(ctx.member, stance, ctx.now, reason=reason, option=option)
    # said when it changes something: the same position given again replaces nothing
    replaced = before is not None and (before.stance, before.reason, before.option) != (stance, reason, taken.option)
    resolved = objection.status if was_open and objection is not None else None
    await _after_position(ctx, proposal, taken, resolved=resolved, replaced=replaced)


async def _after_position(ctx: Context, proposal: Proposal, pos: Position,
                          resolved: ObjectionStatus | None = None, replaced: bool = False) -> None:
    """`resolved`: what became of the member's open objection with this position, if they had one;
    `replaced`: the member had a position on this version, which this one replaces (said so, so
    that nobody believes both count; the audit log keeps both)."""
    stance = pos.stance
    replaced_note = ""
    if replaced:
        replaced_note = ctx.t("proposal.replaces_advice" if stance is Stance.ADVICE else "proposal.replaces_position")
    closed = proposal.settle(ctx.now)
    await ctx.uow.proposals.save(ctx.assembly.id, proposal)
    tally = proposal.tally()
    n = proposal.number
    redraw = _redraw(ctx, proposal)
    if proposal.rules.hide_results or proposal.rules.anonymous:
        await ctx.say("proposal.position_noted_hidden", thread=thread_of(n), number=n, extra=redraw,
                      participated=tally.participated, electorate=tally.electorate, replaced=replaced_note)
    else:
        await ctx.say(
            "proposal.position_noted",
            thread=thread_of(n),
            extra=redraw,
            number=n,
            member=display(ctx.member),
            stance=ctx.t(f"stance.{stance.value}") + (f" ({pos.option})" if pos.option else ""),
            version_note=version_note(ctx, proposal),
            participated=tally.participated,
            electorate=tally.electorate,
            replaced=replaced_note,
        )
    if stance is Stance.OBJECTION:
        await ctx.say("proposal.objection_howto", thread=thread_of(n), reply=False, number=n,
                      author=display(proposal.author), mentions=(proposal.author,))
    elif resolved in (ObjectionStatus.INTEGRATED, ObjectionStatus.WITHDRAWN):
        # the room hears that an objection no longer blocks, as when it was raised
        key = f"proposal.objection_{resolved.value}" + ("_anonymous" if proposal.rules.anonymous else "")
        await ctx.say(key, thread=thread_of(n), reply=False, number=n, member=display(ctx.member),
                      version=proposal.version)
    if closed:
        await announce_close(ctx, proposal)
    else:
        await redraw_round_message(ctx, proposal)


def _redraw(ctx: Context, proposal: Proposal) -> dict[str, str] | None:
    """For a button press: the round's tally line now, so that a network can show it under
    the pressed message instead of posting the confirmation in the room (Telegram)."""
    if ctx.inbound.action is not Action.BUTTON:
        return None
    extra = {TALLY_EXTRA: press_tally(ctx, proposal)}
    if proposal.is_closed:
        extra[ROUND_CLOSED_EXTRA] = "1"
    return extra


async def retract(ctx: Context, cmd: Command) -> None:
    """A reaction was removed: the position it stood for goes with it."""
    proposal = await load(ctx, cmd.number, mine=True)
    if proposal.is_closed:
        return  # nothing is accepted after the close, removals included
    try:
        offered = _offered_version(cmd)
    except DomainError:
        return
    if offered is not None and offered != proposal.version:
        return  # a reaction on the prompt of an earlier version never counted for this one
    stance = STANCE_FOR.get(cmd.verb, {}).get(proposal.rules.method)
    current = proposal.position_of(ctx.member)
    if current is None or stance is None or current.stance is not stance:
        return
    proposal.retract(ctx.member, ctx.now)
    await ctx.uow.proposals.save(ctx.assembly.id, proposal)
    tally = proposal.tally()
    # who took their position back, as the position itself was announced (not in an anonymous round)
    key = "proposal.position_removed" if proposal.rules.anonymous else "proposal.position_removed_by"
    await ctx.say(key, thread=thread_of(proposal.number), number=proposal.number, member=display(ctx.member),
                  participated=tally.participated, electorate=tally.electorate)
    await redraw_round_message(ctx, proposal)


async def withdraw_objection(ctx: Context, cmd: Command) -> None:
    await ctx.require_member()
    proposal = await load(ctx, cmd.number, mine=True)
    proposal.withdraw_objection(ctx.member, ctx.now)
    closed = proposal.settle(ctx.now)
    await ctx.uow.proposals.save(ctx.assembly.id, proposal)
    key = "proposal.objection_withdrawn" + ("_anonymous" if proposal.rules.anonymous else "")
    await ctx.say(key, thread=thread_of(proposal.number), number=proposal.number,
                  member=display(ctx.member))
    if closed:
        await announce_close(ctx, proposal)
    else:
        await redraw_round_message(ctx, proposal)


async def amend(ctx: Context, cmd: Command) -> None:
    await ctx.require_member()
    proposal = await load(ctx, cmd.number)
    was_open = proposal.phase is Phase.DECISION and not proposal.is_closed
    replaced = proposal.version
    version = proposal.amend(ctx.member, ctx.is_facilitator, cmd.full_text, ctx.now)
    await ctx.uow.proposals.save(ctx.assembly.id, proposal)
    waiting = [o.member for o in proposal.open_objections()]
    objectors = ""
    if waiting and proposal.rules.anonymous:
        objectors = ctx.t("proposal.amended_objectors_anonymous", count=len(waiting))
    elif waiting:
        objectors = ctx.t("proposal.amended_objectors", objectors=", ".join(display(m) for m in waiting))
    await ctx.say(
        "proposal.amended" if proposal.phase is Phase.DECISION else "proposal.amended_before_round",
        thread=thread_of(proposal.number),
        number=proposal.number,
        version=version,
        text=proposal.body,
        objectors=objectors,
        mentions=() if proposal.rules.anonymous else tuple(waiting),  # pseudonyms are nobody to notify
    )
    if was_open:  # the buttons of the replaced version go before the new call is posted
        await _close_round_message(ctx, proposal, replaced,
                                   ctx.t("proposal.round_message_replaced", number=proposal.number, version=version))
    if proposal.phase is Phase.DECISION:
        await _announce_decision_open(ctx, proposal)


async def withdraw(ctx: Context, cmd: Command) -> None:
    await ctx.require_member()
    proposal = await load(ctx, cmd.number)
    proposal.withdraw(ctx.member, ctx.now)
    await ctx.uow.proposals.save(ctx.assembly.id, proposal)
    await ctx.uow.due.cancel(DEADLINE_DUE, _pid(proposal))
    await announce_close(ctx, proposal)


async def close(ctx: Context, cmd: Command) -> None:
    await ctx.require_member()
    proposal = await load(ctx, cmd.number)
    proposal.close(ctx.member, ctx.is_facilitator, ctx.now, decision=cmd.full_text)
    await ctx.uow.proposals.save(ctx.assembly.id, proposal)
    await announce_close(ctx, proposal)


# What other parts of the core add to the announcement of a closed proposal (tensions: the
# tension it resolved, or that stays open): each returns its words, each line starting with
# a line break, or "".
CLOSE_NOTES: list[Callable[[Context, Proposal], Awaitable[str]]] = []


async def announce_close(ctx: Context, proposal: Proposal) -> None:
    """The one announcement of a closed proposal (its caller closed it in this transaction)."""
    n = proposal.number
    pid = _pid(proposal)
    await ctx.uow.due.cancel(DEADLINE_DUE, pid)
    await ctx.uow.due.cancel(REMINDER_DUE, pid)
    if proposal.review_at is not None:
        proposal.review_in_zone(ctx.tz)
        if proposal.dirty:
            await ctx.uow.proposals.save(ctx.assembly.id, proposal)
        await ctx.uow.due.schedule(REVIEW_DUE, pid, proposal.review_at)
    outcome = outcome_text(ctx, proposal)
    review = ctx.t("proposal.review_on", date=when(proposal.review_at, ctx.tz, ctx.lang)) if proposal.review_at else ""
    results = results_line(ctx, proposal) if proposal.electorate else ""  # nothing before a round opened
    notes = "".join([await note(ctx, proposal) for note in CLOSE_NOTES])
    text = ctx.t(
        f"proposal.closed_{proposal.status.value}",
        number=n,
        title=proposal.title,
        version=proposal.version,
        version_note=version_note(ctx, proposal),
        outcome=f" {outcome}" if outcome else "",
        review=review,
        results=_spaced(results, "\n"),
    )
    await ctx.send_text(text + notes, thread=thread_of(n), reply=False)
    if proposal.electorate:  # its round had opened: its call loses its buttons
        line = ctx.t("proposal.round_message_closed", status=ctx.t(f"status.{proposal.status.value}"),
                     results=results)
        await _close_round_message(ctx, proposal, proposal.version, line)
    if proposal.rules.method is Method.VOTE:
        await ctx.send_text("", thread=thread_of(n), kind=OutboundKind.POLL_CLOSE, reply=False)


# The words below serve the room's messages and the exported register alike: `t` renders a
# key in the language wanted (Context.t, or the export's own for the assembly's language).
Translate = Callable[..., str]


def version_words(t: Translate, method: Method, version: int) -> str:
    """' (version N)' where versions exist (consent: amendments); nothing for the other methods."""
    return t("proposal.version_note", version=version) if method is Method.CONSENT else ""


def outcome_words(t: Translate, method: Method, status: Status, outcome: str | None, *, opened: bool = True) -> str:
    """What came out of a closed proposal; `opened`: whether its decision round ever opened."""
    if status is Status.EXPIRED and not opened:
        return t("outcome.never_opened")
    if method is Method.VOTE and status is Status.ADOPTED:
        return t("outcome.winner", option=outcome)
    if outcome and method is Method.ADVICE:
        return t("outcome.decision", decision=outcome)
    if outcome:
        return t(f"outcome.{outcome}")
    return ""


def results_words(t: Translate, method: Method, counts: dict[str, int], participated: int, electorate: int) -> str:
    """The tally line: each count under its stance, or its option for a vote; most first."""
    if not counts:
        return t("tally.none", electorate=electorate)
    parts = []
    for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        label = key if method is Method.VOTE and key not in Stance.__members__.values() else t(f"stance.{key}")
        parts.append(f"{label} {count}")
    return t("tally.line", participated=participated, electorate=electorate, counts=" · ".join(parts))


def version_note(ctx: Context, proposal: Proposal) -> str:
    return version_words(ctx.t, proposal.rules.method, proposal.version)


def outcome_text(ctx: Context, proposal: Proposal) -> str:
    return outcome_words(ctx.t, proposal.rules.method, proposal.status, proposal.outcome,
                         opened=bool(proposal.electorate))


def reason_words(member: str, reason: str, *, anonymous: bool, lang: str) -> str:
    """'name : reason' for a block or an advice, or the reason alone in an anonymous round:
    the reasons are shown, never who gave them."""
    return reason if anonymous else f"{display(member)}{colon(lang)} {reason}"


# The stances whose reasons a round shows to everyone, with the heading of their list.
SHOWN_REASONS = {Stance.BLOCK: "status.blocks", Stance.ADVICE: "status.advice"}


def results_line(ctx: Context, proposal: Proposal) -> str:
    tally = proposal.tally()
    return results_words(ctx.t, proposal.rules.method, tally.counts, tally.participated, tally.electorate)


def tally_line(ctx: Context, proposal: Proposal) -> str:
    """The results, or only how many took part while they are hidden until the close."""
    if proposal.is_closed or not proposal.rules.hide_results:
        return results_line(ctx, proposal)
    tally = proposal.tally()
    return ctx.t("tally.hidden", participated=tally.participated, electorate=tally.electorate)


def press_tally(ctx: Context, proposal: Proposal) -> str:
    """The tally of `!status` and the one drawn under a pressed round message (Discord,
    Telegram): as the confirmation of a position says, an open anonymous round shows how many
    took part, not the count of each choice (a count read after each position would tell who
    chose what)."""
    if proposal.rules.anonymous and not proposal.is_closed and not proposal.rules.hide_results:
        tally = proposal.tally()
        return ctx.t("tally.anonymous", participated=tally.participated, electorate=tally.electorate)
    return tally_line(ctx, proposal)


# What `!status #N` shows when #N is no proposal: each other part of the core shows its own
# item of that number (a time poll, a meeting, a tension) and says True, or says False.
STATUS_VIEWS: list[Callable[[Context, int], Awaitable[bool]]] = []


async def status(ctx: Context, cmd: Command) -> None:
    if cmd.number is None:
        await overview(ctx)
        return
    proposal = await ctx.uow.proposals.get(ctx.assembly.id, cmd.number, full=True)
    if proposal is None:
        for view in STATUS_VIEWS:
            if await view(ctx, cmd.number):
                return
        raise DomainError("proposal.not_found", number=cmd.number)
    await ctx.send_text(status_text(ctx, proposal), thread=thread_of(proposal.number))


def status_text(ctx: Context, proposal: Proposal) -> str:
    t, lang = ctx.t, ctx.lang
    lines = [
        t("status.head", number=proposal.number, title=proposal.title, status=t(f"status.{proposal.status.value}"),
          method=t(f"method.{proposal.rules.method.value}"), version=proposal.version),
        t("status.phase", phase=t(f"phase.{proposal.phase.value}"), author=display(proposal.author)),
    ]
    if proposal.body:
        lines.append(t("status.text", text=short(proposal.body, 300)))
    if proposal.rules.options:
        lines.append(t("status.options", options=" | ".join(proposal.rules.options)))
    rules = rules_words(t, proposal.rules, quorum=False, closed=proposal.is_closed,  # the quorum has its line
                        platform=ctx.platform)
    if rules:
        lines.append(rules)
    tally = proposal.tally()
    visible = proposal.is_closed or not proposal.rules.hide_results
    if proposal.phase is Phase.DECISION or (proposal.is_closed and proposal.electorate):
        lines.append(press_tally(ctx, proposal))
        if not proposal.rules.anonymous and proposal.phase is Phase.DECISION:
            positioned = [] if proposal.rules.method is Method.ADVICE else [  # the advice is listed below
                f"{display(p.member)} ({t('stance.' + p.stance.value)}{colon(lang) + ' ' + p.option if p.option else ''})"
                if visible else display(p.member)
                for p in proposal.current_positions()
            ]
            if positioned:
                lines.append(t("status.positioned", members=", ".join(positioned)))
            if tally.missing:
                lines.append(t("status.waiting", members=", ".join(display(m) for m in tally.missing)))
        if proposal.rules.quorum is not None:
            lines.append(t("status.quorum", quorum=share(proposal.rules.quorum)))
    objections = proposal.open_objections()
    if objections:
        hidden = proposal.rules.hide_results and not proposal.is_closed  # objections stay visible by design
        lines.append(t("status.objections_visible" if hidden else "status.objections", count=len(objections)))
        for objection in objections:
            who = display(objection.member)
            lines.append(f"  • {who} (v{objection.version}){colon(lang)} {short(objection.reason, 200)}")
    # the reasons of blocks and the advice given, as objections are listed (advice is what the
    # author decides on: it is shown even while other results are hidden)
    for stance, heading in SHOWN_REASONS.items():
        given = [p for p in proposal.current_positions() if p.stance is stance and p.reason]
        if not given or (stance is Stance.BLOCK and not visible):
            continue
        lines.append(t(heading, count=len(given)))
        lines += [f"  • {reason_words(p.member, short(p.reason, 200), anonymous=proposal.rules.anonymous, lang=lang)}"
                  for p in given]
    questions = sum(1 for e in proposal.entries if e.kind == "question")
    reactions = sum(1 for e in proposal.entries if e.kind == "reaction")
    if questions or reactions:
        lines.append(t("status.entries", questions=questions, reactions=reactions))
    if proposal.is_closed and proposal.decided_at:
        # 'Withdrawn on', 'Expired on' or 'Decided on', with what came out of it
        key = {Status.WITHDRAWN: "status.withdrawn_on", Status.EXPIRED: "status.expired_on"}.get(
            proposal.status, "status.decided")
        outcome = outcome_text(ctx, proposal)
        lines.append(t(key, date=when(proposal.decided_at, ctx.tz, lang), outcome=f" {outcome}" if outcome else ""))
    elif proposal.rules.deadline:
        lines.append(t("status.deadline", date=when(proposal.rules.deadline, ctx.tz, lang)))
    if proposal.review_at:
        lines.append(t("proposal.review_on", date=when(proposal.review_at, ctx.tz, lang)))
    if not proposal.is_closed:
        lines.append(_next_step(ctx, proposal, tally.missing))
    return "\n".join(lines)


def _next_step(ctx: Context, proposal: Proposal, missing: list[MemberId]) -> str:
    n = proposal.number
    if proposal.phase is not Phase.DECISION:
        return ctx.t(f"status.next_{proposal.phase.value}", number=n)
    if proposal.rules.method is Method.ADVICE:
        key = "status.next_advice" if missing else "status.next_advice_done"
        return ctx.t(key, number=n, author=display(proposal.author))
    return ctx.t("status.next_decision", number=n, positions=position_commands(ctx.t, proposal))


# The rest of the overview (`!status` without a number), each part of the core giving its
# lines, or none (the meetings to come, the open tensions, the mandates under way): all of it
# goes out as one message, below the proposals.
OVERVIEW_SECTIONS: list[Callable[[Context], Awaitable[list[str]]]] = []


async def overview(ctx: Context) -> None:
    open_proposals = await ctx.uow.proposals.list(ctx.assembly.id, open_only=True)
    members = len(await ctx.members())
    if not open_proposals:
        lines = [ctx.t("overview.none", members=members)]
    else:
        lines = [ctx.t("overview.head", members=members)]
        for proposal in open_proposals:
            lines.append(ctx.t("overview.item", number=proposal.number, title=short(proposal.title, 60),
                               phase=ctx.t(f"phase.{proposal.phase.value}")))
    parts = ["\n".join(lines)]
    for section in OVERVIEW_SECTIONS:
        more = await section(ctx)
        if more:
            parts.append("\n".join(more))
    await ctx.send_text("\n\n".join(parts))


async def decisions(ctx: Context, cmd: Command) -> None:
    proposals = [p for p in await ctx.uow.proposals.list(ctx.assembly.id) if p.is_closed]
    if not proposals:
        await ctx.say("decisions.none")
        return
    proposals.sort(key=lambda p: (p.decided_at or p.created_at, p.number))
    lines = [ctx.t("decisions.head", count=len(proposals))]
    for proposal in proposals[-50:]:
        outcome = outcome_text(ctx, proposal)
        lines.append(
            ctx.t(
                "decisions.item",
                number=proposal.number,
                title=short(proposal.title, 60),
                status=ctx.t(f"status.{proposal.status.value}"),
                date=when(proposal.decided_at or proposal.created_at, ctx.tz, ctx.lang),
                outcome=(" — " + outcome) if outcome else "",
                version=proposal.version,
            )
        )
    await ctx.send_text("\n".join(lines))


async def deadline_reached(ctx: Context, proposal: Proposal) -> None:
    """Called by the scheduler once it has claimed the proposal's deadline row."""
    if proposal.reach_deadline(ctx.now):
        await ctx.uow.proposals.save(ctx.assembly.id, proposal)
        await announce_close(ctx, proposal)


async def review_due(ctx: Context, proposal: Proposal) -> None:
    await ctx.say("proposal.review_due", thread=thread_of(proposal.number), reply=False,
                  number=proposal.number, title=proposal.title)


def open_objection_members(proposal: Proposal) -> list[MemberId]:
    return [o.member for o in proposal.objections.values() if o.status is ObjectionStatus.OPEN]
