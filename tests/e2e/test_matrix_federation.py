"""Two Matrix rooms made one assembly (`!federer`), through the real bot and a real Synapse.

One bot process serves the module. What the members of each room see in their room, and
what `assemblee export --format json` says, is what the tests check: the room that joins
and the room it joins both hear it; a proposal opened in one room has its own thread in
each; positions from either room count in the one proposal; the members Matrix lists in the
room that joined are members of the assembly; refusals and reads stay in the room they were
typed in; a room taken out hears it, and starts again from nothing.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import time
from collections.abc import Iterator

import pytest
from live import (
    BotProcess,
    Event,
    People,
    Person,
    body,
    fr,
    from_bot,
    positions,
    relates,
    thread_of,
)
from synapse_harness import SynapseServer

pytestmark = pytest.mark.synapse

CODE = re.compile(r"\b[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\b")


@pytest.fixture(scope="module")
def bot(synapse: SynapseServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    account = synapse.register_user(f"assemblee-{secrets.token_hex(3)}")
    with BotProcess(tmp_path_factory.mktemp("bot"), synapse, account) as process:
        process.start().wait_started()
        yield process


def room_name(title: str) -> str:
    return fr("federation.room_name", network="Matrix", room=f"« {title} »")


def said_by_bot(bot: BotProcess, person: Person, room: str, *, after: int = 0) -> list[Event]:
    return [e for e in person.events(room, after=after) if from_bot(bot)(e)]


async def test_two_matrix_rooms_make_one_assembly(bot: BotProcess, people: People) -> None:
    alice, bob, carol, dan, erin = await people("alice", "bob", "carol", "dan", "erin")
    assert alice.client is not None and carol.client is not None
    room_a = await alice.create_room(invite=[bob], name="Quartier Nord")
    await alice.invite_bot(room_a, bot)
    room_b = await carol.create_room(invite=[dan], name="Jardin Sud")
    await carol.invite_bot(room_b, bot)
    start_a, start_b = alice.mark(room_a), carol.mark(room_b)

    # 1. A facilitator of room A asks for a code; room B's administrator types it there.
    await alice.say(room_a, "!federer inviter")
    [offer] = await alice.wait_for(room_a, from_bot(bot, "Code pour relier"), after=start_a)
    match = CODE.search(body(offer))
    assert match is not None, body(offer)
    code = match.group(0)
    await carol.sees_member(room_b, bot.user_id)
    typed = await carol.say(room_b, f"!federer {code}")
    joined = fr("federation.joined", room=room_name("Jardin Sud"), joined=2, count=2, title="Quartier Nord")
    [heard_b] = await carol.wait_for(room_b, from_bot(bot, joined), after=start_b, what="the join in B")
    [heard_a] = await alice.wait_for(room_a, from_bot(bot, joined), after=start_a, what="the join in A")
    assert body(heard_a) == body(heard_b) == joined
    assert relates(heard_b) == {"m.in_reply_to": {"event_id": typed}}
    assert relates(heard_a) == {}  # the command was typed in another room: no reply there
    assert not any(CODE.search(body(e)) for e in said_by_bot(bot, carol, room_b))  # the code was said in A only

    # A newcomer of room B, after the rooms were joined, is a member of the one assembly.
    await carol.client.room_invite(room_b, erin.user_id)
    await erin.join(room_b)

    # 2. A proposal opened in room B: announced in room A, in a thread of each room's own.
    mark_a, mark_b = alice.mark(room_a), carol.mark(room_b)
    await dan.say(room_b, "!proposer Four à pain\nOn construit un four dans le jardin.")
    [opened_b] = await carol.wait_for(room_b, from_bot(bot, "📝 Proposition #1"), after=mark_b)
    [opened_a] = await alice.wait_for(room_a, from_bot(bot, "📝 Proposition #1"), after=mark_a)
    root_a, root_b = opened_a["event_id"], opened_b["event_id"]
    assert thread_of(opened_a) is None and thread_of(opened_b) is None  # each starts its thread
    assert "Four à pain" in body(opened_a)
    # room A's facilitator moves it on from room A's thread, without a number
    await alice.say(room_a, "!suivant", thread=root_a)
    await alice.say(room_a, "!suivant", thread=root_a)
    [prompt_a] = await alice.wait_for(room_a, from_bot(bot, "Tour de consentement sur #1"), after=mark_a)
    [prompt_b] = await carol.wait_for(room_b, from_bot(bot, "Tour de consentement sur #1"), after=mark_b)
    # alice and bob (room A), carol, dan and erin (room B): room B's members are called
    assert "5 membres appelés" in body(prompt_a) and "5 membres appelés" in body(prompt_b)

    # 3. A refusal and a read in room B stay in room B.
    # room B's administrator does not facilitate the assembly room B joined
    await carol.say(room_b, "!federer inviter")
    refused = fr("member.not_facilitator")
    await carol.wait_for(room_b, from_bot(bot, refused), after=mark_b, what="the refusal in B")
    await carol.say(room_b, "!federer")
    [rooms_b] = await carol.wait_for(room_b, from_bot(bot, "Cette assemblée réunit 2 salons"), after=mark_b)
    assert fr("federation.here") in body(rooms_b).splitlines()[2]  # room B is the second one

    # positions from both rooms count in the one proposal: a command in A's thread, a
    # reaction on B's call, commands in B (in B's thread, and with the number)
    await bob.say(room_a, "!ok", thread=root_a)
    await dan.react(room_b, prompt_b["event_id"], "✅")
    await erin.say(room_b, "!ok", thread=root_b)
    await carol.say(room_b, "!ok #1")
    await alice.say(room_a, "!consentement #1")
    [adopted_a] = await alice.wait_for(room_a, from_bot(bot, "ADOPTÉE"), after=mark_a)
    [adopted_b] = await carol.wait_for(room_b, from_bot(bot, "ADOPTÉE"), after=mark_b)

    # every later message about #1 is in the thread of its own room, never another room's
    for person, room, root, opened in ((alice, room_a, root_a, opened_a), (carol, room_b, root_b, opened_b)):
        about = [e for e in said_by_bot(bot, person, room, after=person.events(room).index(opened) + 1)
                 if "#1" in body(e)]
        assert len(about) >= 8, [body(e) for e in about]
        assert {thread_of(e) for e in about} == {root}
        assert root in {e["event_id"] for e in person.events(room)}
    noted = [e for e in said_by_bot(bot, alice, room_a, after=mark_a) if bob.user_id in body(e) and "sur #1" in body(e)]
    assert noted and relates(noted[0])["m.in_reply_to"]["event_id"] in {e["event_id"] for e in alice.events(room_a)}
    bodies_a = [body(e) for e in said_by_bot(bot, alice, room_a)]
    assert not any(refused in b for b in bodies_a)
    assert not any("Cette assemblée réunit" in b for b in bodies_a)
    assert body(adopted_a) == body(adopted_b)

    [assembly] = [a for a in bot.export()["assemblies"] if a["room"] in (room_a, room_b)]
    assert assembly["room"] == room_a
    assert [(r["platform"], r["room"], r["title"]) for r in assembly["rooms"]] == [("matrix", room_b, "Jardin Sud")]
    everyone = {p.user_id for p in (alice, bob, carol, dan, erin)}
    assert {m["member"] for m in assembly["members"] if m["active"]} == everyone
    [proposal] = assembly["proposals"]
    assert proposal["author"] == dan.user_id and proposal["status"] == "adopted"
    assert sorted(proposal["electorate"]) == sorted(everyone)
    assert positions(proposal) == {member: "consent" for member in everyone}

    # Someone in both rooms who leaves one of them stays a member; someone who leaves the
    # assembly's only room they were in does not.
    assert bob.client is not None and erin.client is not None
    await carol.client.room_invite(room_b, bob.user_id)
    await bob.join(room_b)
    await carol.sees_member(room_b, bob.user_id)
    await bob.client.room_leave(room_b)
    await erin.client.room_leave(room_b)  # after bob's: once hers is seen, his was too
    deadline = time.monotonic() + 30
    while any(m["member"] == erin.user_id and m["active"] for m in bot.assembly(room_a)["members"]):
        assert time.monotonic() < deadline, "erin's leaving was not seen"
        await asyncio.sleep(0.2)
    active = {m["member"]: m["active"] for m in bot.assembly(room_a)["members"]}
    assert active[bob.user_id] and not active[erin.user_id]
    everyone -= {erin.user_id}

    # 4. Room A takes room B out: room B hears it, then starts again from nothing.
    mark_a, mark_b = alice.mark(room_a), carol.mark(room_b)
    await alice.say(room_a, "!federer retirer 2")
    left = fr("federation.left", room=room_name("Jardin Sud"))
    [left_b] = await carol.wait_for(room_b, from_bot(bot, left), after=mark_b, what="the removal in B")
    await alice.wait_for(room_a, from_bot(bot, left), after=mark_a, what="the removal in A")
    assert relates(left_b) == {}
    # Its fresh assembly's members are the room's own, as the adapter passes them on again:
    # dan, who says nothing, is one of them; carol, its administrator, facilitates it.
    in_b = {carol.user_id, dan.user_id}

    def members_of_b() -> dict[str, list[str]]:
        try:
            return {m["member"]: m["roles"] for m in bot.assembly(room_b)["members"] if m["active"]}
        except AssertionError:  # no assembly for room B yet
            return {}

    deadline = time.monotonic() + 30
    while set(members_of_b()) != in_b:
        assert time.monotonic() < deadline, f"room B's members were not passed on: {members_of_b()}"
        await asyncio.sleep(0.2)
    assert "facilitator" in members_of_b()[carol.user_id]
    await carol.say(room_b, "!etat")
    [overview] = await carol.wait_for(room_b, from_bot(bot, "Assemblée de ce salon"), after=mark_b)
    alone = bot.assembly(room_b)
    assert alone["proposals"] == [] and alone["rooms"] == []
    assert {m["member"] for m in alone["members"] if m["active"]} == in_b
    assert body(overview).startswith(fr("overview.none", members=2))
    home = bot.assembly(room_a)
    assert home["rooms"] == [] and [p["number"] for p in home["proposals"]] == [1]
    assert {m["member"] for m in home["members"] if m["active"]} == everyone
    assert not any(from_bot(bot, "Assemblée de ce salon")(e) for e in alice.events(room_a, after=mark_a))
