"""The real bot process in Matrix rooms of a real Synapse, with real members.

One bot process serves the whole module (each test has its own room and people). The
members are matrix-nio clients; what they see in the room, and what
`assemblee export --format json` says, is what the tests check.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from collections.abc import Iterator

import pytest
from live import (
    BotProcess,
    People,
    Person,
    body,
    fr,
    from_bot,
    open_round,
    positions,
    relates,
    thread_of,
)
from nio import RoomCreateResponse
from synapse_harness import SynapseServer

from core.i18n import translate
from core.member_handlers import help_text

pytestmark = pytest.mark.synapse


@pytest.fixture(scope="module")
def bot(synapse: SynapseServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    account = synapse.register_user(f"assemblee-{secrets.token_hex(3)}")
    with BotProcess(tmp_path_factory.mktemp("bot"), synapse, account) as process:
        process.start().wait_started()
        yield process


async def test_consent_round_from_question_to_adoption(bot: BotProcess, people: People) -> None:
    alice, bob, carol = await people("alice", "bob", "carol")
    # Everyone is in the room before the bot arrives: no !join is needed.
    room = await alice.create_room(invite=[bob, carol])
    await alice.invite_bot(room, bot)

    start = alice.mark(room)
    await alice.say(room, "!propose Jardin partagé\nOn plante des tomates dans la cour.")
    [opened] = await alice.wait_for(room, from_bot(bot, "📝 Proposition #1"), after=start)
    root = opened["event_id"]
    assert thread_of(opened) is None  # the opening message starts the thread
    assert opened["content"]["format"] == "org.matrix.custom.html"

    question = await bob.say(room, "!question #1 Quelle partie de la cour ?", thread=root)
    [noted] = await alice.wait_for(room, from_bot(bot, "Question notée sur #1"), after=start)
    # In the thread, as a real reply to the question, naming the author.
    assert relates(noted) == {
        "rel_type": "m.thread",
        "event_id": root,
        "is_falling_back": False,
        "m.in_reply_to": {"event_id": question},
    }
    assert noted["content"]["m.mentions"] == {"user_ids": [alice.user_id]}
    assert f'href="https://matrix.to/#/{alice.user_id}"' in noted["content"]["formatted_body"]

    await alice.say(room, "!reponse #1 Le coin nord, au soleil.")
    await alice.say(room, "!suivant #1")
    await bob.say(room, "!reaction #1 Bonne idée, j'ai des graines.")
    await alice.say(room, "!suivant #1")
    [prompt] = await alice.wait_for(room, from_bot(bot, "Tour de consentement sur #1"), after=start)
    # The three people already in the room are called; the bot is not.
    assert "3 membres appelés" in body(prompt)
    assert "✅" in body(prompt) and "⏸️" in body(prompt)

    await bob.react(room, prompt["event_id"], "✅")
    await carol.say(room, "!objection #1 Il n'y a pas de point d'eau.")
    await alice.wait_for(room, from_bot(bot, "Objection ouverte sur #1"), after=start)
    await alice.say(room, "!amender #1 On plante des tomates et on récupère l'eau de pluie.")
    [prompt2] = await alice.wait_for(
        room, from_bot(bot, "Tour de consentement sur #1", "version 2"), after=start
    )
    # ✅ on the prompt of version 1 does not count for version 2 (nor integrate carol's objection).
    await carol.react(room, prompt["event_id"], "✅")
    await alice.wait_for(room, from_bot(bot, "version 1 de la proposition #1", "version 2"), after=start)
    await carol.say(room, "!lever #1")
    await alice.react(room, prompt2["event_id"], "✅")
    await bob.say(room, "!consentement #1")
    await carol.say(room, "!ok #1")
    [adopted] = await alice.wait_for(room, from_bot(bot, "ADOPTÉE"), after=start)
    assert "version 2" in body(adopted)

    # Every message about #1 after the opening one is in its thread.
    about = [
        e
        for e in alice.events(room, after=start)
        if e["sender"] == bot.user_id
        and e["type"] == "m.room.message"
        and e["event_id"] != root
        and "#1" in body(e)
    ]
    assert len(about) >= 10
    assert {thread_of(e) for e in about} == {root}
    for event in about:
        content = event["content"]
        assert content["body"] and content["format"] == "org.matrix.custom.html"
        assert "m.mentions" in content

    assembly = bot.assembly(room)
    members = {m["member"] for m in assembly["members"] if m["active"]}
    assert members == {alice.user_id, bob.user_id, carol.user_id}
    [proposal] = assembly["proposals"]
    assert proposal["status"] == "adopted" and proposal["version"] == 2
    assert sorted(proposal["electorate"]) == sorted(members)
    assert positions(proposal, 1) == {bob.user_id: "consent", carol.user_id: "objection"}
    assert positions(proposal) == {m: "consent" for m in members}
    [objection] = proposal["objections"]
    assert objection["member"] == carol.user_id and objection["status"] == "withdrawn"


async def test_reactions_are_positions_and_removing_one_removes_it(
    bot: BotProcess, people: People
) -> None:
    alice, bob, carol = await people("alice", "bob", "carol")
    room = await alice.create_room(invite=[bob, carol])
    await alice.invite_bot(room, bot)
    prompt = await open_round(bot, alice, room, "Des vélos partagés")
    target = prompt["event_id"]
    start = alice.mark(room)

    consent = await bob.react(room, target, "✅")
    await alice.wait_for(room, from_bot(bot, bob.user_id, "consentement sur #1"), after=start)
    aside = await carol.react(room, target, "⏸️")
    await alice.wait_for(room, from_bot(bot, carol.user_id, "abstention sur #1"), after=start)
    await bob.react(room, target, "👍")  # not a position
    await alice.redact(room, aside)  # someone else's reaction: carol keeps her position
    await bob.redact(room, consent)
    [removed] = await alice.wait_for(room, from_bot(bot, "position retirée sur #1"), after=start)
    assert "1 personne a pris position sur 3" in body(removed)
    await alice.say(room, "!etat #1")
    await alice.wait_for(room, from_bot(bot, "#1", "vélos partagés"), after=start)

    said = [body(e) for e in alice.events(room, after=start) if from_bot(bot)(e)]
    removal = fr("proposal.position_removed_by", member=bob.user_id, number=1, participated=1, electorate=3)
    assert [b for b in said if b.startswith(removal)] == [removal]
    assert len(said) == 4  # consent, stand aside, removal, status: nothing for 👍 or alice
    [proposal] = bot.assembly(room)["proposals"]
    assert proposal["status"] == "open"
    assert positions(proposal) == {carol.user_id: "stand_aside"}


async def test_vote_by_native_poll(bot: BotProcess, people: People) -> None:
    alice, bob, carol = await people("alice", "bob", "carol")
    room = await alice.create_room(invite=[bob, carol])
    await alice.invite_bot(room, bot)
    start = alice.mark(room)
    await alice.say(room, '!propose --method vote --options "Mardi | Jeudi" Quel soir ?')
    [poll] = await alice.wait_for(
        room, from_bot(bot, event_type="org.matrix.msc3381.poll.start"), after=start
    )
    question = poll["content"]["org.matrix.msc3381.poll.start"]
    answers = {a["org.matrix.msc1767.text"]: a["id"] for a in question["answers"]}
    assert list(answers) == ["Mardi", "Jeudi"]
    [opened] = await alice.wait_for(room, from_bot(bot, "📝 Proposition #1"), after=start)
    assert thread_of(poll) == opened["event_id"]

    ref = {"rel_type": "m.reference", "event_id": poll["event_id"]}

    async def answer(person: Person, choice: str, *, stable: bool = False) -> None:
        if stable:
            content = {"m.relates_to": ref, "m.selections": [answers[choice]]}
            await person.send(room, "m.poll.response", content)
        else:
            content = {
                "m.relates_to": ref,
                "org.matrix.msc3381.poll.response": {"answers": [answers[choice]]},
            }
            await person.send(room, "org.matrix.msc3381.poll.response", content)

    await answer(bob, "Mardi")
    await answer(bob, "Jeudi")  # only bob's latest answer counts
    await alice.wait_for(room, from_bot(bot, bob.user_id, "vote (Jeudi)"), after=start)
    await answer(alice, "Mardi", stable=True)
    await answer(carol, "Jeudi")
    [closed] = await alice.wait_for(room, from_bot(bot, "ADOPTÉE"), after=start)
    assert fr("outcome.winner", option="Jeudi") in body(closed)
    [end] = await alice.wait_for(
        room, from_bot(bot, event_type="org.matrix.msc3381.poll.end"), after=start
    )
    assert relates(end) == ref

    late = alice.mark(room)
    await answer(bob, "Mardi")  # after the close: ignored
    await bob.say(room, "!etat #1")
    await alice.wait_for(room, from_bot(bot, "Option retenue"), after=late)
    said = [e for e in alice.events(room, after=late) if e["sender"] == bot.user_id]
    assert len(said) == 1  # the status, nothing about the late answer
    [proposal] = bot.assembly(room)["proposals"]
    assert proposal["status"] == "adopted" and proposal["outcome"] == "Jeudi"
    votes = {p["member"]: p["option"] for p in proposal["positions"]}
    assert votes == {alice.user_id: "Mardi", bob.user_id: "Jeudi", carol.user_id: "Jeudi"}


async def test_time_poll_answered_in_a_native_poll(bot: BotProcess, people: People) -> None:
    """A time poll is also a multi-answer native poll: ticked slots are yes, the others no;
    fixing the date ends the poll."""
    alice, bob, carol = await people("alice", "bob", "carol")
    room = await alice.create_room(invite=[bob, carol])
    await alice.invite_bot(room, bot)
    start = alice.mark(room)
    day = (datetime.now(UTC) + timedelta(days=20)).date()
    slots = " | ".join(f"{day + timedelta(days=i)} 18:30-20:30" for i in range(3))
    await alice.say(room, f'!planifier Assemblée de printemps --slots "{slots}"')
    [poll] = await alice.wait_for(
        room, from_bot(bot, event_type="org.matrix.msc3381.poll.start"), after=start
    )
    question = poll["content"]["org.matrix.msc3381.poll.start"]
    ids = [a["id"] for a in question["answers"]]
    assert len(ids) == 3 and question["max_selections"] == 3
    assert "Assemblée de printemps" in question["question"]["body"]
    ref = {"rel_type": "m.reference", "event_id": poll["event_id"]}

    await bob.send(
        room,
        "org.matrix.msc3381.poll.response",
        {"m.relates_to": ref, "org.matrix.msc3381.poll.response": {"answers": [ids[0], ids[2]]}},
    )
    await alice.wait_for(room, from_bot(bot, "Merci", "bob"), after=start)
    await carol.send(room, "m.poll.response", {"m.relates_to": ref, "m.selections": [ids[1]]})
    await alice.wait_for(room, from_bot(bot, "Merci", "carol"), after=start)
    await alice.say(room, "!finaliser #1 1")
    [end] = await alice.wait_for(
        room, from_bot(bot, event_type="org.matrix.msc3381.poll.end"), after=start
    )
    assert relates(end) == ref

    [record] = bot.assembly(room)["polls"]
    answers = {a["member"]: a["choices"] for a in record["answers"]}
    assert answers == {bob.user_id: ["yes", "no", "yes"], carol.user_id: ["no", "yes", "no"]}

    # The meeting follows on in the poll's thread, where its date was fixed.
    [fixed] = await alice.wait_for(room, from_bot(bot, "C'est la réunion #2"), after=start)
    assert thread_of(fixed) == poll["event_id"]
    await bob.say(room, "!present #2 oui")
    await alice.say(room, "!odj #2 ajouter Budget")
    [rsvp] = await alice.wait_for(room, from_bot(bot, "oui pour la réunion #2"), after=start)
    [agenda] = await alice.wait_for(room, from_bot(bot, "Budget"), after=start)
    assert thread_of(rsvp) == thread_of(agenda) == poll["event_id"]


async def test_bad_inputs_change_nothing(bot: BotProcess, people: People) -> None:
    alice, bob, mallory = await people("alice", "bob", "mallory")
    assert alice.client is not None and mallory.client is not None
    await alice.client.set_displayname("Alice")
    room = await alice.create_room(invite=[bob, mallory])
    await alice.invite_bot(room, bot)
    start = alice.mark(room)
    await alice.say(room, "!propose Fête de quartier")
    await alice.wait_for(room, from_bot(bot, "Phase de clarification"), after=start)
    before = bot.assembly(room)

    # Mallory takes Alice's name; the bot only knows people by their Matrix id.
    await mallory.client.set_displayname("Alice")
    await mallory.say(room, "!suivant #1")
    await mallory.say(room, f"!role {mallory.user_id} facilitator")
    question = await bob.say(room, "!question #1 À quelle heure ?")
    await alice.wait_for(room, from_bot(bot, "Question notée sur #1"), after=start)
    # An edit of a command that did something never runs: not someone else's, not even the
    # author's own (only a refused command may be fixed by editing it).
    for editor, text in ((mallory, "!retirer #1"), (bob, "!question #1 Et où ?")):
        await editor.say(
            room,
            f"* {text}",
            **{
                "m.new_content": {"msgtype": "m.text", "body": text},
                "m.relates_to": {"rel_type": "m.replace", "event_id": question},
            },
        )
    await mallory.send(room, "org.example.unknown", {"body": "!retirer #1"})
    await mallory.send(room, "m.room.message", {"msgtype": "m.emote", "body": "!retirer #1"})
    await mallory.send(room, "m.room.message", {"msgtype": "m.notice", "body": "!retirer #1"})
    await bob.say(room, "!reaction #1 " + "trop long " * 6000)  # 60 KB
    await alice.say(room, "!etat #1")
    await alice.wait_for(room, from_bot(bot, "Fête de quartier", "Phase"), after=start, count=1)

    said = [body(e) for e in alice.events(room, after=start) if from_bot(bot)(e)]
    refused_next = fr("proposal.only_author_or_facilitator", number=1)
    expected_prefixes = [
        fr("member.not_facilitator"),
        fr("proposal.question_noted", number=1, author=alice.user_id),
        fr("command.too_long", limit=16000),
    ]
    assert said[0].startswith("📝 Proposition #1")
    assert said[1].startswith("Phase de clarification")
    tail = said[2:]
    assert len(tail) == 5, tail  # the two refusals, the question, too long, the status
    assert sum(refused_next in b for b in tail) == 1
    for prefix in expected_prefixes:
        assert sum(b.startswith(prefix) for b in tail) == 1, (prefix, tail)
    assert "Fête de quartier" in tail[-1]

    after = bot.assembly(room)
    [proposal] = after["proposals"]
    assert proposal["status"] == "open" and proposal["phase"] == before["proposals"][0]["phase"]
    roles = {m["member"]: m["roles"] for m in after["members"]}
    assert "facilitator" not in roles[mallory.user_id]
    kinds = [a["kind"] for a in after["audit"] if a["number"] == 1]
    assert kinds.count("question") == 1 and "withdrawn" not in kinds


async def test_encrypted_room_full_round(bot: BotProcess, people: People) -> None:
    alice, bob, carol = await people("alice", "bob", "carol", e2e=True)
    room = await alice.create_room(invite=[bob, carol], encrypted=True)
    await alice.invite_bot(room, bot)
    for person in (alice, bob, carol):
        await person.sees_member(room, bot.user_id)
    prompt = await open_round(bot, alice, room, "Budget participatif")
    start = alice.mark(room)
    await bob.react(room, prompt["event_id"], "✅")
    await carol.say(room, "!consentement #1")
    await alice.say(room, "!ok #1")
    [adopted] = await alice.wait_for(room, from_bot(bot, "ADOPTÉE"), after=start)
    assert "Budget participatif" in body(adopted)

    wire = bot.server.request(
        "GET",
        f"/_matrix/client/v3/rooms/{room}/messages?dir=b&limit=100",
        token=alice.user.access_token,
    )["chunk"]
    bot_messages = [
        e
        for e in wire
        if e["sender"] == bot.user_id and "state_key" not in e and e["type"] != "m.reaction"
    ]
    # Only ciphertext on the wire (nio sends reactions in the clear, as the spec allowed).
    assert len(bot_messages) >= 8
    assert {e["type"] for e in bot_messages} == {"m.room.encrypted"}
    said = [body(e) for e in alice.events(room) if from_bot(bot)(e)]
    assert fr("matrix.cannot_decrypt") not in said
    assert not any(e["undecrypted"] for e in alice.events(room) if e["sender"] == bot.user_id)
    [proposal] = bot.assembly(room)["proposals"]
    assert proposal["status"] == "adopted"
    assert positions(proposal) == {p.user_id: "consent" for p in (alice, bob, carol)}


async def test_moderators_facilitate_and_the_electorate_follows_the_room(
    bot: BotProcess, people: People
) -> None:
    alice, bob, carol, dan, erin = await people("alice", "bob", "carol", "dan", "erin")
    assert alice.client is not None
    room = await alice.create_room(invite=[bob, carol, dan])
    levels = await alice.client.room_get_state_event(room, "m.room.power_levels")
    content = dict(levels.content)
    content["users"] = {**content["users"], bob.user_id: 100}  # bob may edit power levels
    await alice.client.room_put_state(room, "m.room.power_levels", content)
    await alice.invite_bot(room, bot)
    start = alice.mark(room)

    # Naming the bot works as well as the ! prefix.
    localpart = bot.user_id[1:].split(":", 1)[0]
    await carol.say(room, f"{localpart}: propose Atelier vélo")
    await alice.wait_for(room, from_bot(bot, "📝 Proposition #1"), after=start)
    await dan.say(room, "!suivant #1")  # neither the author nor a facilitator
    await alice.wait_for(
        room, from_bot(bot, fr("proposal.only_author_or_facilitator", number=1)), after=start
    )
    await bob.say(room, "!suivant #1")  # a room moderator facilitates
    await alice.wait_for(room, from_bot(bot, "Tour de réactions sur #1"), after=start)
    await alice.client.room_kick(room, dan.user_id, reason="parti")
    await bob.say(room, "!suivant #1")
    [prompt] = await alice.wait_for(room, from_bot(bot, "Tour de consentement sur #1"), after=start)
    assert "3 membres appelés" in body(prompt)  # dan left before the round opened

    await alice.client.room_invite(room, erin.user_id)
    await erin.join(room)
    await erin.say(room, "!consentement #1")  # joined after the round opened
    await alice.wait_for(
        room, from_bot(bot, fr("proposal.not_in_electorate", number=1)), after=start
    )

    assembly = bot.assembly(room)
    active = {m["member"] for m in assembly["members"] if m["active"]}
    assert active == {alice.user_id, bob.user_id, carol.user_id, erin.user_id}
    [proposal] = assembly["proposals"]
    assert proposal["author"] == carol.user_id and proposal["phase"] == "decision"
    assert sorted(proposal["electorate"]) == sorted([alice.user_id, bob.user_id, carol.user_id])
    assert proposal["positions"] == []


async def test_mentions_name_members_whatever_their_display_name(
    bot: BotProcess, people: People
) -> None:
    """A mention picked in the client is a pill: the plain body holds the display name
    (spaces, emoji…), only the link holds the Matrix id, and the id is who is meant."""
    alice, bob, carol = await people("alice", "bob", "carol")
    assert bob.client is not None and carol.client is not None
    await bob.client.set_displayname("Bob Martin")
    await carol.client.set_displayname("Carole 🌻 Dupont")
    room = await alice.create_room(invite=[bob, carol])
    await alice.invite_bot(room, bot)
    await alice.sees_member(room, bot.user_id)

    def pill(person: Person, name: str) -> str:
        return f'<a href="https://matrix.to/#/{person.user_id}">{name}</a>'

    async def say_with_pills(person: Person, text: str, html: str) -> None:
        await person.say(room, text, format="org.matrix.custom.html", formatted_body=html)

    start = alice.mark(room)
    await say_with_pills(
        alice, "!role Bob Martin catalyseur", f"!role {pill(bob, 'Bob Martin')} catalyseur"
    )
    await alice.wait_for(room, from_bot(bot, bob.user_id, "catalyseur"), after=start)

    await open_round(bot, alice, room, "Composteur")
    await say_with_pills(
        alice,
        "!noter #1 Carole 🌻 Dupont Bob Martin ok",
        f"!noter #1 {pill(carol, 'Carole 🌻 Dupont')} {pill(bob, 'Bob Martin')} ok",
    )
    await alice.wait_for(room, from_bot(bot, carol.user_id, bob.user_id), after=start)

    assembly = bot.assembly(room)
    roles = {m["member"]: m["roles"] for m in assembly["members"]}
    assert roles[bob.user_id] == ["catalyser"]
    [proposal] = assembly["proposals"]
    assert positions(proposal) == {bob.user_id: "consent", carol.user_id: "consent"}
    refusals = [
        body(e) for e in alice.events(room, after=start) if from_bot(bot, "inconnu")(e)
    ]
    assert refusals == []


async def test_commands_typed_in_a_proposals_thread_need_no_number(bot: BotProcess, people: People) -> None:
    alice, bob, carol = await people("alice", "bob", "carol")
    room = await alice.create_room(invite=[bob, carol])
    await alice.invite_bot(room, bot)

    start = alice.mark(room)
    await alice.say(room, "!propose Jardin partagé")
    [opened] = await alice.wait_for(room, from_bot(bot, "📝 Proposition #1"), after=start)
    root = opened["event_id"]
    await alice.say(room, "!suivant", thread=root)
    await alice.say(room, "!suivant", thread=root)
    await alice.wait_for(room, from_bot(bot, "Tour de consentement sur #1"), after=start)
    await alice.say(room, "!propose Cantine")  # the latest proposal is another one
    await alice.wait_for(room, from_bot(bot, "📝 Proposition #2"), after=start)

    mark = alice.mark(room)
    ok = await bob.say(room, "!ok", thread=root)
    [noted] = await alice.wait_for(room, from_bot(bot, "sur #1"), after=mark)
    assert relates(noted)["event_id"] == root and relates(noted)["m.in_reply_to"] == {"event_id": ok}
    await carol.say(room, "!objection le point 2 pose problème", thread=root)
    [objection] = await alice.wait_for(room, from_bot(bot, "Objection ouverte sur #1"), after=mark)
    assert thread_of(objection) == root
    # an explicit number wins over the thread's
    await bob.say(room, "!question #2 Qui cuisine ?", thread=root)
    await alice.wait_for(room, from_bot(bot, "Question notée sur #2"), after=mark)
    # outside the thread, the number is still asked for, with as example the one proposal !ok
    # applies to now (#1 is in its consent round, #2 still in clarification)
    await bob.say(room, "!ok")
    [missing] = await alice.wait_for(room, from_bot(bot, "Il manque le numéro"), after=mark)
    assert "sans doute #1" in body(missing) and "!ok #1" in body(missing)
    assert "#2" not in body(missing) and "#3" not in body(missing)

    first, second = bot.assembly(room)["proposals"]
    assert positions(first) == {bob.user_id: "consent", carol.user_id: "objection"}
    [reason] = first["objections"]
    assert reason["member"] == carol.user_id and reason["reason"] == "le point 2 pose problème"
    assert positions(second) == {}


async def test_status_in_a_thread_and_plain_replies_to_the_bots_messages(bot: BotProcess, people: People) -> None:
    alice, bob = await people("alice", "bob")
    room = await alice.create_room(invite=[bob])
    await alice.invite_bot(room, bot)
    call = await open_round(bot, alice, room, "Jardin partagé")
    root = thread_of(call)
    assert root is not None
    start = alice.mark(room)
    await alice.say(room, "!propose Cantine")  # the latest proposal is another one
    [second] = await alice.wait_for(room, from_bot(bot, "📝 Proposition #2"), after=start)

    # !etat inside #1's thread: #1's state, in the thread; in the main timeline: the overview
    await bob.say(room, "!etat", thread=root)
    [state] = await alice.wait_for(room, from_bot(bot, "#1 « Jardin partagé »", "méthode"), after=start)
    assert thread_of(state) == root
    await bob.say(room, "!etat")
    [overview] = await alice.wait_for(room, from_bot(bot, "Propositions en cours"), after=start)
    assert thread_of(overview) is None and "Cantine" in body(overview)

    # a plain reply (no thread) to the round's call, then to #2's opening message
    await bob.say(room, "!ok", **{"m.relates_to": {"m.in_reply_to": {"event_id": call["event_id"]}}})
    await alice.wait_for(room, from_bot(bot, "sur #1"), after=start)
    await bob.say(room, "!etat", **{"m.relates_to": {"m.in_reply_to": {"event_id": second["event_id"]}}})
    await alice.wait_for(room, from_bot(bot, "#2 « Cantine »", "méthode"), after=start)

    first, other = bot.assembly(room)["proposals"]
    assert positions(first) == {bob.user_id: "consent"} and positions(other) == {}


def edit_of(original: str, text: str) -> dict[str, object]:
    """The fields of an edit (`m.replace`) of message `original` whose new text is `text`."""
    return {
        "m.new_content": {"msgtype": "m.text", "body": text},
        "m.relates_to": {"rel_type": "m.replace", "event_id": original},
    }


async def test_a_refused_command_is_fixed_by_editing_it_once(bot: BotProcess, people: People) -> None:
    alice, bob, carol = await people("alice", "bob", "carol")
    room = await alice.create_room(invite=[bob, carol])
    await alice.invite_bot(room, bot)
    await open_round(bot, alice, room, "Jardin partagé")
    start = alice.mark(room)

    typo = await bob.say(room, "!ok #9")  # no such proposal: refused, nothing recorded
    await alice.wait_for(room, from_bot(bot, fr("proposal.not_found", number=9)), after=start)
    fix = await bob.say(room, "* !ok #1", **edit_of(typo, "!ok #1"))
    [noted] = await alice.wait_for(room, from_bot(bot, "bob", "sur #1"), after=start)
    assert relates(noted)["m.in_reply_to"] != {"event_id": fix}  # never under the edit itself
    # the same message edited again: an edit of it ran already, nothing happens
    await bob.say(room, "* !objection #1 trop cher", **edit_of(typo, "!objection #1 trop cher"))
    # an edit of a command that was applied: nothing happens either
    applied = await alice.say(room, "!ok #1")
    await alice.wait_for(room, from_bot(bot, "alice", "sur #1"), after=start)
    await alice.say(room, "* !objection #1 non", **edit_of(applied, "!objection #1 non"))
    await alice.say(room, "!etat #1")
    await alice.wait_for(room, from_bot(bot, "#1 « Jardin partagé »"), after=start)

    said = [body(e) for e in alice.events(room, after=start) if from_bot(bot)(e)]
    assert len(said) == 4, said  # the refusal, two positions noted, the status: no objection
    assert not any("Objection ouverte" in text for text in said), said
    [proposal] = bot.assembly(room)["proposals"]
    assert positions(proposal) == {bob.user_id: "consent", alice.user_id: "consent"}
    assert proposal["objections"] == []


async def test_a_direct_chat_answers_without_making_an_assembly(bot: BotProcess, people: People) -> None:
    """"Start a direct chat" with the bot (encrypted, as clients do): it joins, says once what it
    is for, answers commands with a short notice and !aide with the help; no assembly, member
    or inbox row comes of it."""
    # allowed_inviters is empty here: the start-up log says who may invite the bot
    [warning] = [e for e in bot.log() if e.get("event") == "matrix.inviters_open"]
    assert "allowed_inviters" in warning["hint"] and bot.server.server_name in warning["hint"]
    [ana] = await people("ana", e2e=True)
    assert ana.client is not None
    created = await ana.client.room_create(
        is_direct=True,
        invite=[bot.user_id],
        initial_state=[{"type": "m.room.encryption", "state_key": "",
                        "content": {"algorithm": "m.megolm.v1.aes-sha2"}}],
    )
    assert isinstance(created, RoomCreateResponse), created
    room = str(created.room_id)
    both = "\n\n".join
    def en(key: str, **params: str) -> str:
        return translate(key, "en", **params)

    welcome = both([fr("matrix.direct_welcome", bot=bot.user_id), en("matrix.direct_welcome", bot=bot.user_id)])
    notice = both([fr("matrix.direct_chat", bot=bot.user_id), en("matrix.direct_chat", bot=bot.user_id)])
    await ana.wait_for(room, lambda e: from_bot(bot)(e) and body(e) == welcome, what="the welcome")
    await ana.sees_member(room, bot.user_id)
    start = ana.mark(room)
    commands = [await ana.say(room, text) for text in ("!proposer Jardin", "!rejoindre", "!aide", "!help")]
    answers = await ana.wait_for(room, from_bot(bot), after=start, count=4, what="four answers")
    assert [body(a) for a in answers] == [notice, notice, help_text("", "fr"), help_text("", "en")]
    assert all(a["content"]["msgtype"] == "m.notice" for a in answers)
    assert [relates(a)["m.in_reply_to"]["event_id"] for a in answers] == commands
    assert not any(a["undecrypted"] for a in answers)
    assert bot.query("SELECT count(*) FROM assembly WHERE room = ?", room) == [(0,)]
    assert bot.query("SELECT count(*) FROM membership WHERE member = ?", ana.user_id) == [(0,)]
    marks = ",".join("?" * len(commands))
    assert bot.query(f"SELECT count(*) FROM inbox WHERE event_id IN ({marks})", *commands) == [(0,)]


async def test_a_newcomer_who_joins_the_room_is_welcomed_once_with_the_coordinator_mentioned(
    bot: BotProcess, people: People
) -> None:
    alice, lou, erin = await people("alice", "lou", "erin")
    assert alice.client is not None and erin.client is not None
    room = await alice.create_room(invite=[lou])
    await alice.invite_bot(room, bot)
    start = alice.mark(room)
    await alice.say(room, f"!role {lou.user_id} accueil")
    await alice.wait_for(room, from_bot(bot, lou.user_id, "coordination des nouveaux arrivants"), after=start)
    await alice.say(room, "!bienvenue Ici on décide au consentement.\nRéunion le premier mardi du mois.")
    await alice.wait_for(room, from_bot(bot, fr("welcome.set")), after=start)

    await alice.client.room_invite(room, erin.user_id)
    await erin.join(room)
    [welcome] = await alice.wait_for(room, from_bot(bot, f"Bienvenue {erin.user_id}"), after=start)
    text = body(welcome)
    assert "Ici on décide au consentement.\nRéunion le premier mardi du mois." in text
    assert fr("welcome.coordinator", names=lou.user_id) in text
    assert "!aide" in text
    assert sorted(welcome["content"]["m.mentions"]["user_ids"]) == sorted([erin.user_id, lou.user_id])

    # Out and back in at once: nothing new is said.
    await erin.client.room_leave(room)
    await alice.client.room_invite(room, erin.user_id)
    await erin.join(room)
    await alice.say(room, "!bienvenue")
    await alice.wait_for(room, from_bot(bot, "Texte d'accueil de l'assemblée"), after=start)
    welcomes = [e for e in alice.events(room, after=start) if from_bot(bot, f"Bienvenue {erin.user_id}")(e)]
    assert len(welcomes) == 1
    assert any(m["member"] == erin.user_id and m["active"] for m in bot.assembly(room)["members"])
