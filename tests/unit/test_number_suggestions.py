"""The numbers proposed while a command's number is typed (Discord's autocomplete): what the
command applies to now in this room's assembly, latest first, named in the room's language,
narrowed by what is typed; read only."""

from __future__ import annotations

from core.suggestions import MAX_SUGGESTIONS, NAME_MAX, Suggestion, suggest
from core.threads import applicable, example_numbers
from tests.unit.helpers import Room, assembly


async def suggested(room: Room, verb: str, typed: str = "", where: str | None = None) -> list[Suggestion]:
    async with room.store.uow() as uow:
        return await suggest(uow, room.platform, where or room.room, verb, typed, room.clock.now())


def names(found: list[Suggestion]) -> list[str]:
    return [s.name for s in found]


async def three_proposals() -> Room:
    """#1 in its consent round, #2 and #3 in clarification."""
    room = await assembly("alice", "bob")
    await room.say("alice", "!proposer Jardin partagé")
    await room.say("alice", "!proposer Cantine solidaire")
    await room.say("bob", "!proposer Équipe vélo")
    await room.say("alice", "!suivant #1")
    await room.say("alice", "!suivant #1")
    return room


async def test_the_items_the_command_applies_to_now_latest_first_with_their_phase() -> None:
    room = await three_proposals()
    assert names(await suggested(room, "consent")) == ["#1 Jardin partagé — tour de consentement"]
    assert await suggested(room, "consent") == [Suggestion(1, "#1 Jardin partagé — tour de consentement")]
    assert names(await suggested(room, "ask")) == ["#3 Équipe vélo — clarification",
                                                  "#2 Cantine solidaire — clarification"]
    assert [s.number for s in await suggested(room, "status")] == [3, 2, 1]
    assert [s.number for s in await suggested(room, "consentement")] == [1]  # a French alias reads the same


async def test_what_is_typed_narrows_the_list_by_number_or_title_words() -> None:
    room = await three_proposals()
    assert [s.number for s in await suggested(room, "status", "2")] == [2]
    assert [s.number for s in await suggested(room, "status", "#3")] == [3]
    assert [s.number for s in await suggested(room, "status", "jard")] == [1]
    assert [s.number for s in await suggested(room, "status", "EQUIPE")] == [3]  # case and accents aside
    assert [s.number for s in await suggested(room, "status", "vélo équipe")] == [3]
    assert [s.number for s in await suggested(room, "status", "solidaire jardin")] == []
    assert [s.number for s in await suggested(room, "status", "  ")] == [3, 2, 1]


async def test_numbers_are_matched_by_their_start() -> None:
    room = await assembly("alice")
    for n in range(1, 13):
        await room.say("alice", f"!proposer Sujet {n}")
    assert [s.number for s in await suggested(room, "status", "1")] == [12, 11, 10, 1]
    assert [s.number for s in await suggested(room, "status", "12")] == [12]
    # digits among words: in the title, or the start of the number
    assert [s.number for s in await suggested(room, "status", "sujet 12")] == [12]
    assert [s.number for s in await suggested(room, "status", "sujet #1")] == [12, 11, 10, 1]


async def test_when_nothing_applies_now_the_open_items_of_the_kind_are_proposed_with_their_phase() -> None:
    room = await three_proposals()
    # no proposal is put to a vote: every open proposal, each saying where it stands
    assert names(await suggested(room, "vote")) == ["#3 Équipe vélo — clarification",
                                                   "#2 Cantine solidaire — clarification",
                                                   "#1 Jardin partagé — tour de consentement"]
    # #2 is typed for /consent: it is proposed though still in clarification
    assert names(await suggested(room, "consent", "2")) == ["#2 Cantine solidaire — clarification"]
    # something applies and matches: only that
    assert [s.number for s in await suggested(room, "consent", "1")] == [1]


async def test_the_room_language_names_the_phase() -> None:
    room = await three_proposals()
    await room.say("alice", "!lang en")
    assert names(await suggested(room, "consent")) == ["#1 Jardin partagé — consent round"]
    assert names(await suggested(room, "ask")) == ["#3 Équipe vélo — clarification",
                                                  "#2 Cantine solidaire — clarification"]
    await room.say("alice", "!next #2")
    assert names(await suggested(room, "react")) == ["#2 Cantine solidaire — reaction round"]


async def test_polls_and_meetings_for_their_verbs() -> None:
    room = await assembly("alice")
    await room.say("alice", "!proposer Jardin")
    await room.say("alice", '!planifier Rentrée --slots "2026-12-12 10:00-12:00 | 2026-12-13 10:00-12:00"')
    await room.say("alice", "!reunion AG 2026-12-12 18:00")
    assert names(await suggested(room, "avail")) == ["#2 Rentrée — sondage de dates"]
    (meeting,) = await suggested(room, "rsvp")
    assert meeting.number == 3 and meeting.name.startswith("#3 AG — réunion du ")
    assert "12" in meeting.name and "18:00" in meeting.name
    assert [s.number for s in await suggested(room, "cancel")] == [3, 2]
    await room.say("alice", "!lang en")
    assert names(await suggested(room, "avail")) == ["#2 Rentrée — time poll"]
    assert (await suggested(room, "rsvp"))[0].name.startswith("#3 AG — meeting on ")


async def test_another_room_is_never_listed_and_nothing_is_created() -> None:
    room = await three_proposals()
    rooms_before = dict(room.store.state.rooms)
    assert await suggested(room, "status", where="ailleurs") == []  # no assembly there
    assert room.store.state.rooms == rooms_before  # and none was founded by asking
    other = Room(room="ailleurs")
    other.store = room.store
    await other.say("carol", "!rejoindre")
    await other.say("carol", "!proposer Autre chose")
    assert names(await suggested(other, "status")) == ["#1 Autre chose — clarification"]
    assert [s.number for s in await suggested(room, "status")] == [3, 2, 1]


async def test_an_anonymous_round_says_no_more_than_any_round() -> None:
    room = await assembly("alice", "bob", "carol")
    await room.say("alice", "!proposer --anonymous Budget")
    await room.say("alice", "!proposer Jardin")
    for number in (1, 2):
        await room.say("alice", f"!suivant #{number}")
        await room.say("alice", f"!suivant #{number}")
    await room.say("bob", "!objection #1 trop cher")
    await room.say("bob", "!objection #2 trop cher")
    await room.say("carol", "!ok #1")
    assert names(await suggested(room, "consent")) == ["#2 Jardin — tour de consentement",
                                                      "#1 Budget — tour de consentement"]


async def test_at_most_25_names_of_at_most_100_characters() -> None:
    room = await assembly("alice")
    long_title = ("Réaménagement du jardin partagé et de la cour, avec les voisins de la rue "
                  "et l'école du quartier, avant le printemps")  # 120 characters
    for _ in range(MAX_SUGGESTIONS + 3):
        await room.say("alice", f"!proposer {long_title}")
    found = await suggested(room, "status")
    assert len(found) == MAX_SUGGESTIONS
    assert found[0].number == MAX_SUGGESTIONS + 3
    for suggestion in found:
        assert len(suggestion.name) <= NAME_MAX
        assert suggestion.name.startswith(f"#{suggestion.number} Réaménagement du jardin")
        assert suggestion.name.endswith("… — clarification")  # the title is cut, never the phase


async def test_the_missing_number_examples_read_the_same_list() -> None:
    room = await three_proposals()
    async with room.store.uow() as uow:
        (found,) = room.store.state.assemblies.values()
        assert [(i.number, i.kind) for i in await applicable(uow, found, "ask", room.clock.now())] == [
            (3, "proposal"), (2, "proposal")]
    refused = await room.text("bob", "!ok")
    assert "!ok #1" in refused  # the only one in its consent round
    assert example_numbers  # still there for its callers


async def test_open_tensions_for_tension_and_status() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!proposer Jardin partagé")
    await room.say("bob", "!tension Le local est trop froid le mardi soir\net il manque des chaises")
    await room.say("alice", "!tension Personne ne relit les comptes rendus")
    await room.say("alice", "!tension Trop de réunions")
    await room.say("alice", "!tension #4 resolue")  # processed: no longer proposed
    assert names(await suggested(room, "tension")) == [
        "#3 Personne ne relit les comptes rendus — tension",
        "#2 Le local est trop froid le mardi soir — tension",  # its first line
    ]
    assert [s.number for s in await suggested(room, "tension", "froid")] == [2]
    assert [s.number for s in await suggested(room, "noter-tension", "3")] == [3]  # an alias reads the same
    # `!status #N` shows a tension too: the proposals and the open tensions
    assert [s.number for s in await suggested(room, "status")] == [3, 2, 1]
    # other commands: no tension
    assert [s.number for s in await suggested(room, "consent")] == [1]
    await room.say("alice", "!lang en")
    assert names(await suggested(room, "tension", "2")) == ["#2 Le local est trop froid le mardi soir — tension"]


async def test_status_proposes_polls_and_meetings_to_come_too() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!proposer Jardin partagé")
    await room.say("alice", '!planifier AG de janvier --creneaux "2030-01-10 18:30-20:30 | 2030-01-12 10:00-12:00"')
    await room.say("alice", "!reunion Repas de quartier 2030-02-01 19:00")
    await room.say("alice", "!reunion Bilan 2020-02-01 19:00")  # past: not proposed
    found = await suggested(room, "status")
    assert [s.number for s in found] == [3, 2, 1]
    assert "sondage de dates" in found[1].name and "réunion du" in found[0].name
