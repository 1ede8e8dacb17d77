"""Bad input is answered, briefly, with what to type instead, and changes nothing.

Each case runs against a room holding proposals in every phase; the whole in-memory
database (outbox and handled-event marks aside) is compared before and after."""

from __future__ import annotations

import copy
import re

import pytest
from helpers import Room

from core.fakes import FakeState
from core.i18n import translate

# Something a person can act on: a command, a flag, an example, or what to do.
HINT = re.compile(r"![a-zé]|--[a-z]|Exemples|Examples|Options|Retapez|Type it again|Raccourcissez|Shorten")

HUNDRED_KB = "x" * 100_000
RAW_KEY = re.compile(r"\b(?:proposal|command|member|method|status|phase|stance|outcome|role|lang|share|deadline)"
                     r"\.[a-z_]+")


def snapshot(room: Room) -> FakeState:
    state = copy.deepcopy(room.store.state)
    state.outbox = []
    state.handled = set()
    state.refused = set()
    return state


async def populated_room() -> Room:
    """#1 in clarification, #2 in its consent round with positions and an objection,
    #3 an open vote, #4 adopted (closed)."""
    room = Room()
    for name in ("alice", "bob", "carol", "dave"):
        await room.say(name, "!join")
    await room.say("alice", "!propose Jardin\nOn cultive.")
    await room.say("bob", "!propose Cantine")
    await room.say("bob", "!next #2")
    await room.say("bob", "!next #2")
    await room.say("alice", "!consent #2")
    await room.say("carol", "!object #2 Trop cher")
    await room.say("alice", '!propose --method vote --options "Rouge | Vert" Couleur')
    await room.say("alice", "!vote #3 Rouge")
    await room.say("alice", "!propose --method consensus Fête")
    for name in ("alice", "bob", "carol", "dave"):
        await room.say(name, "!agree #4")
    assert room.proposal(4).is_closed
    return room


# (who, line, expected error key or None for "any refusal", must the answer hint what to type)
CASES: list[tuple[str, str, str | None, bool]] = [
    # the ones the issue names
    ("bob", "!frobnicate #1", "command.unknown", True),
    ("bob", "!consentir #2", "command.unknown", True),
    ("bob", "!consent", "command.number_missing_one.proposal", True),
    ("bob", "!object Trop cher", "command.number_missing_one.proposal", True),
    ("bob", "!consent #abc", "command.bad_number", True),
    ("bob", "!consent #9", "proposal.not_found", True),
    ("bob", "!status #42", "proposal.not_found", True),
    ("bob", "!consent #1", "proposal.not_deciding", True),
    ("bob", "!vote #2 Rouge", "proposal.hint_consent", True),
    ("bob", "!agree #3", "proposal.hint_vote", True),
    ("bob", "!vote #3 Jaune", "proposal.unknown_option", True),
    ("bob", "!vote #3 7", "proposal.unknown_option", True),
    ("bob", "!propose --urgent Jardin", "command.unknown_flag", True),
    ("bob", "!propose " + HUNDRED_KB, "command.too_long", True),
    ("bob", "!object #2 " + HUNDRED_KB, "command.too_long", True),
    ("bob", "!propose Jardin\x00", "command.control_characters", True),
    ("bob", "!concern #2 Une\x1b[31m réserve", "command.control_characters", True),
    ("bob", "!propose Jar\u202edin", "command.control_characters", True),
    ("bob", "!ok #2\u200b", "command.control_characters", True),
    ("bob", "!react #1 Trop tôt", "proposal.not_in_reaction", True),
    ("bob", "!ask #2 Trop tard ?", "proposal.in_decision_author", True),
    ("alice", "!close #1", "proposal.cannot_close_phase", True),
    ("alice", "!amend #3 Autre chose", "proposal.amend_only_consent", False),
    # more of the same family
    ("bob", "!", "command.empty", True),
    ("bob", "!propose", "proposal.title_missing", True),
    ("bob", "!propose " + "t" * 201, "proposal.title_too_long", False),
    ("bob", "!propose --deadline", "command.flag_needs_value", True),
    ("bob", "!propose --deadline hier Jardin", "deadline.bad_format", True),
    ("bob", "!propose --deadline 2020-01-01 Jardin", "deadline.in_past", False),
    ("bob", "!propose --deadline 900d Jardin", "deadline.too_far", False),
    ("bob", "!propose --quorum 150% Jardin", "share.out_of_range", False),
    ("bob", "!propose --quorum beaucoup Jardin", "share.bad_format", True),
    ("bob", "!propose --review 6x Jardin", "proposal.bad_period", True),
    ("bob", '!propose --method vote --options "A | B Couleur', "command.unclosed_quote", True),
    ("bob", "!propose --method tirage Jardin", "proposal.unknown_method", False),
    ("bob", "!concern #2", "proposal.concern_needs_reason", True),
    ("bob", "!object #2", "proposal.objection_needs_reason", True),
    ("bob", "!vote #3", "proposal.vote_needs_option", True),
    ("bob", "!withdraw-objection #2", "proposal.no_open_objection", False),
    ("bob", "!answer #1 Je ne suis pas l'auteur", "proposal.only_author_answers", False),
    ("carol", "!next #1", "proposal.only_author_or_facilitator", False),
    ("carol", "!withdraw #1", "proposal.only_author_withdraws", False),
    ("bob", "!next #2", "proposal.already_deciding", False),
    ("bob", "!close #2", "proposal.cannot_close_objections", True),
    ("alice", "!consent #4", "proposal.closed", False),
    ("alice", "!amend #4 Trop tard", "proposal.closed", False),
    ("mallory", "!consent #2", "member.not_member", True),
    ("mallory", "!propose Jardin", "member.not_member", True),
    ("bob", "!role @carol facilitator", "member.not_facilitator", False),
    ("alice", "!role @carol chef", "role.unknown", False),
    ("alice", "!lang klingon", "lang.unknown", False),
    ("bob", "!aide frobnicate", "command.unknown", True),
]


@pytest.mark.parametrize(("who", "line", "key", "hint"), CASES, ids=[c[1][:40] for c in CASES])
async def test_bad_input_is_answered_and_changes_nothing(who: str, line: str, key: str | None, hint: bool) -> None:
    room = await populated_room()
    before = snapshot(room)
    outbox = len(room.store.state.outbox)
    outs = await room.say(who, line)
    assert snapshot(room) == before, "a refused command changed the state"
    assert len(outs) == 1, [o.text for o in outs]
    answer = outs[0]
    assert room.store.state.outbox[outbox:] == [answer]  # the answer is the only thing written
    assert answer.reply_to is not None  # it answers that message
    assert "{" not in answer.text and not RAW_KEY.search(answer.text), answer.text  # fully rendered
    if key is not None:
        head = translate(key, "fr").split("{")[0]
        assert answer.text.startswith(head), (key, answer.text)
    assert len(answer.text) < 400 and answer.text.count("\n") <= 2
    assert HUNDRED_KB[:200] not in answer.text
    if hint:
        assert HINT.search(answer.text), answer.text


async def test_bad_input_in_english_also_says_what_to_type() -> None:
    room = await populated_room()
    await room.say("alice", "!lang en")
    for line, key in [
        ("!frobnicate", "command.unknown"), ("!consent", "command.number_missing_one.proposal"),
        ("!consent #9", "proposal.not_found"), ("!consent #1", "proposal.not_deciding"),
        ("!vote #3 Jaune", "proposal.unknown_option"), ("!propose Jar\x07din", "command.control_characters"),
        ("!ask #2 Late?", "proposal.in_decision_author"),
    ]:
        before = snapshot(room)
        outs = await room.say("bob", line)
        assert snapshot(room) == before
        assert len(outs) == 1 and outs[0].text.startswith(translate(key, "en").split("{")[0]), outs[0].text
        assert HINT.search(outs[0].text), outs[0].text


async def test_ordinary_chat_gets_no_answer_and_changes_nothing() -> None:
    room = await populated_room()
    before = snapshot(room)
    for line in ("bonjour", HUNDRED_KB, "on en parle jeudi ? !vote plus tard"):
        assert await room.say("bob", line) == []
    assert snapshot(room) == before


async def test_the_same_event_twice_is_handled_once() -> None:
    from core.dispatch import handle
    from core.messages import Inbound, Platform, RoomId, UserId

    room = await populated_room()
    event = Inbound(platform=Platform("console"), room=RoomId("salon"), sender=UserId("console:bob"),
                    event_id="same-id", text="!consent #2")
    first = await handle(room.store.uow, event, room.clock.now())
    state = snapshot(room)
    assert first and room.proposal(2).participated == 3
    assert await handle(room.store.uow, event, room.clock.now()) is None
    assert snapshot(room) == state
    refused = Inbound(platform=Platform("console"), room=RoomId("salon"), sender=UserId("console:bob"),
                      event_id="same-bad", text="!consent #99")
    assert await handle(room.store.uow, refused, room.clock.now())
    assert await handle(room.store.uow, refused, room.clock.now()) is None  # answered once


async def test_nobody_speaks_as_the_bot_clock() -> None:
    from core.dispatch import handle
    from core.messages import Inbound, Platform, RoomId, UserId

    room = await populated_room()
    before = snapshot(room)
    event = Inbound(platform=Platform("console"), room=RoomId("salon"), sender=UserId("system"),
                    event_id="sys-1", text="!close #2")
    assert await handle(room.store.uow, event, room.clock.now()) == []
    assert snapshot(room) == before


async def test_emoji_typed_on_a_phone_are_text_not_control_characters() -> None:
    # 👩‍🌾 and 🏳️‍🌈 hold a zero-width joiner: a keyboard types them, they are kept as typed
    room = await populated_room()
    outs = await room.say("bob", "!propose Jardin 👩\u200d🌾 et fierté 🏳\ufe0f\u200d🌈\nOn plante.")
    assert "Proposition #5" in outs[0].text
    assert room.proposal(5).title == "Jardin 👩\u200d🌾 et fierté 🏳\ufe0f\u200d🌈"
    # the marks that hide or reorder text are still refused
    for line in ("!propose Jardin\u200b", "!propose Jardin\u200f", "!propose Jar\u2066din"):
        before = snapshot(room)
        (out,) = await room.say("bob", line)
        assert out.text.startswith(translate("command.control_characters", "fr")[:20])
        assert snapshot(room) == before
