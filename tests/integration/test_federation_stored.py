"""One assembly across rooms of several networks (`!federer`) and one member across several
identities (`!lier`), stored (SQLite and PostgreSQL): the codes, who may use them, what the
joining room brings, the messages said in each room, positions counted once."""

from __future__ import annotations

import re
from datetime import timedelta

from storage.export import export_state
from storage.models import (
    AssemblyRow,
    AuditRow,
    IdentityLinkRow,
    LinkCodeRow,
    MembershipRow,
    OutboxRow,
    PositionRow,
)
from tests.integration.test_welcome_storage import Room

CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b")


def code_in(sent: list) -> str:  # type: ignore[type-arg]
    [found] = {match for message in sent for match in CODE.findall(message.text)}
    return found


async def texts_for(platform: str, room: str) -> list[str]:
    rows = await OutboxRow.filter(platform=platform, room=room).order_by("id")
    return [row.payload["text"] for row in rows]


async def two_rooms(storage: str) -> tuple[Room, Room]:
    """A console room where ana facilitates, a Discord channel where zoe and yan are members,
    the channel federated into the console room's assembly."""
    home, channel = Room(storage), Room(storage, "discord", "chan")
    await home.say("ana", "!rejoindre")
    await home.say("ana", "!proposer Jardin partagé\nOn cultive ensemble.")
    for name in ("zoe", "yan"):
        await channel.say(name, "!join")
    code = code_in(await home.say("ana", "!federer inviter"))
    channel.now = home.now
    [joined] = await channel.say("zoe", f"!federer {code.lower()}")
    assert "2 membres de plus" in joined.text
    return home, channel


async def test_a_room_joins_with_a_code_and_shares_the_assembly(storage: str) -> None:
    home, channel = await two_rooms(storage)
    first = await AssemblyRow.get(platform="console", room="salle")
    joined = await AssemblyRow.get(platform="discord", room="chan")
    assert joined.part_of == first.id
    members = await MembershipRow.filter(assembly_id=first.id).order_by("member").values_list("member", "roles")
    assert members == [("console:ana", ["facilitator"]), ("discord:yan", []), ("discord:zoe", [])]
    assert not await MembershipRow.filter(assembly_id=joined.id).exists()
    # the news is told in both rooms
    assert any("a rejoint l'assemblée" in text for text in await texts_for("console", "salle"))
    assert any("a rejoint l'assemblée" in text for text in await texts_for("discord", "chan"))
    audit = await AuditRow.get(subject="federation")
    assert (audit.kind, audit.member, audit.data["room"]) == ("room_joined", "discord:zoe", "chan")

    # one numbering, one proposal, positions from both rooms
    await home.say("ana", "!suivant #1")
    await home.say("ana", "!suivant #1")
    channel.now = home.now
    await channel.say("zoe", "!ok #1")
    [call] = [t for t in await texts_for("discord", "chan") if "tour de consentement" in t.lower()][:1]
    assert "#1" in call
    positions = await PositionRow.all().values_list("member", flat=True)
    assert positions == ["discord:zoe"]
    assert any("zoe" in t and "#1" in t for t in await texts_for("console", "salle"))
    state = await export_state()
    assert [p["number"] for p in state["assemblies"][0]["proposals"]] == [1]

    # a refusal stays in the room it was typed in
    before = len(await texts_for("console", "salle"))
    [refusal] = await channel.say("yan", "!ok #9")
    assert "#9" in refusal.text and refusal.platform == "discord"
    assert len(await texts_for("console", "salle")) == before

    # a read too: the list of rooms, in the room that asked
    [rooms] = await channel.say("yan", "!federer")
    assert "2 salons" in rooms.text and "(ici)" in rooms.text and "salon d'origine" in rooms.text
    assert len(await texts_for("console", "salle")) == before


async def test_codes_work_once_in_time_and_for_a_room_without_items(storage: str) -> None:
    home, channel = Room(storage), Room(storage, "discord", "chan")
    busy = Room(storage, "telegram", "-100")
    await home.say("ana", "!join")
    await channel.say("zoe", "!join")
    await channel.say("yan", "!join")
    code = code_in(await home.say("ana", "!federer inviter"))
    channel.now = busy.now = home.now

    [refused] = await channel.say("yan", f"!federer {code}")  # zoe facilitates the channel
    assert "c'est à cette personne de taper le code" in refused.text
    [refused] = await home.say("ana", f"!federer {code}")
    assert "fait déjà partie de cette assemblée" in refused.text
    await busy.say("lou", "!join")
    await busy.say("lou", "!tension Le local est froid")
    [refused] = await busy.say("lou", f"!federer {code}")
    assert "ses propres propositions" in refused.text
    assert not await AssemblyRow.filter(part_of__not_isnull=True).exists()

    await channel.say("zoe", f"!federer {code}")
    [refused] = await Room(storage, "webhook", "other").say("max", f"!federer {code}")
    assert "déjà servi" in refused.text

    late = code_in(await home.say("ana", "!federer inviter"))
    other = Room(storage, "webhook", "late")
    other.count = 100  # its event ids after those of the other webhook room
    other.now = home.now + timedelta(hours=1, seconds=1)
    [refused] = await other.say("max", f"!federer {late}")
    assert "expiré" in refused.text
    [refused] = await other.say("max", "!federer ZZZZ-ZZZZ")
    assert "n'existe pas" in refused.text
    [refused] = await home.say("ana", "!federer n'importe quoi")
    assert "!federer inviter" in refused.text
    assert await AssemblyRow.filter(part_of__not_isnull=True).count() == 1


async def test_only_a_facilitator_invites_and_removes(storage: str) -> None:
    home, channel = await two_rooms(storage)
    [refused] = await channel.say("zoe", "!federer inviter")
    assert "anim" in refused.text
    [refused] = await channel.say("zoe", "!federer retirer 2")
    assert "anim" in refused.text
    [refused] = await home.say("ana", "!federer retirer 1")
    assert "salon d'origine" in refused.text
    [refused] = await home.say("ana", "!federer retirer 7")
    assert "pas de salon 7" in refused.text
    assert (await AssemblyRow.get(room="chan")).part_of is not None

    await home.say("ana", "!federer retirer 2")
    assert (await AssemblyRow.get(room="chan")).part_of is None
    assert any("ne fait plus partie" in text for text in await texts_for("discord", "chan"))
    assert any("ne fait plus partie" in text for text in await texts_for("console", "salle"))
    # its members stay members of the assembly; the channel starts afresh
    assert await MembershipRow.filter(member="discord:zoe", assembly_id=(await AssemblyRow.get(room="salle")).id)
    [alone] = await channel.say("zoe", "!federer")
    assert "n'a qu'un salon" in alone.text


async def test_two_accounts_link_with_two_codes_and_count_once(storage: str) -> None:
    home, channel = await two_rooms(storage)
    await channel.say("ana", "!join")  # ana's Discord account, a member of the same assembly
    await home.say("ana", "!suivant #1")
    await home.say("ana", "!suivant #1")
    assert await MembershipRow.filter(member__in=["console:ana", "discord:ana"]).count() == 2

    first = code_in(await home.say("ana", "!lier"))
    channel.now = home.now
    [refused] = await home.say("ana", f"!lier {first}")
    assert "depuis votre autre compte" in refused.text
    [mallory] = await channel.say("yan", f"!lier {first}")  # seen in the room, typed by someone else
    second = code_in([mallory])
    assert "yan (Discord)" in mallory.text and "ana (console)" in mallory.text  # it names both accounts
    [refused] = await channel.say("zoe", f"!lier {second}")  # only ana's console account may confirm
    assert "à taper depuis ana (console)" in refused.text
    assert not await IdentityLinkRow.all().exists()  # nothing linked without ana

    first = code_in(await home.say("ana", "!lier"))
    [answer] = await channel.say("ana", f"!lier {first}")
    assert second not in answer.text
    [done] = await home.say("ana", f"!lier {code_in([answer])}")
    assert "une seule personne" in done.text and "ana (Discord) et ana (console)" in done.text
    link = await IdentityLinkRow.get(identity="discord:ana")
    assert link.person == "console:ana"
    assert await MembershipRow.filter(member="discord:ana").count() == 0
    assert await MembershipRow.filter(member="console:ana").count() == 1

    [refused] = await channel.say("ana", "!lier " + code_in(await home.say("ana", "!lier")))
    assert "déjà lié" in refused.text
    await channel.say("ana", "!ok #1")  # from Discord: counted as console:ana
    await home.say("ana", "!reserve #1 l'eau")  # from the console: the same person changes her position
    positions = await PositionRow.all().values_list("member", "stance")
    assert positions == [("console:ana", "concern")]

    [refused] = await home.say("ana", "!lier retirer")
    assert "ana (Discord)" in refused.text
    [unlinked] = await channel.say("ana", "!lier retirer")
    assert "n'est plus lié" in unlinked.text
    assert not await IdentityLinkRow.all().exists()


async def test_linking_two_accounts_that_both_took_a_position_is_refused(storage: str) -> None:
    home, channel = await two_rooms(storage)
    await channel.say("ana", "!join")
    await home.say("ana", "!suivant #1")
    await home.say("ana", "!suivant #1")
    channel.now = home.now
    await home.say("ana", "!ok #1")
    await channel.say("ana", "!ok #1")
    first = code_in(await home.say("ana", "!lier"))
    second = code_in(await channel.say("ana", f"!lier {first}"))
    [refused] = await home.say("ana", f"!lier {second}")
    assert "#1" in refused.text and "deux fois" in refused.text
    assert not await IdentityLinkRow.all().exists()
    assert sorted(await PositionRow.all().values_list("member", flat=True)) == ["console:ana", "discord:ana"]


async def test_the_export_lists_the_rooms_and_forgetting_ends_the_links(storage: str) -> None:
    import json

    from storage.models import LinkCodeRow

    home, channel = await two_rooms(storage)
    state = await export_state()
    assert len(state["assemblies"]) == 1  # the channel is one of the assembly's rooms, not one of its own
    assert state["assemblies"][0]["rooms"] == [{"platform": "discord", "room": "chan", "title": None}]

    first = code_in(await home.say("ana", "!lier"))
    channel.now = home.now
    second = code_in(await channel.say("ana", f"!lier {first}"))
    await home.say("ana", f"!lier {second}")
    [mine] = await channel.say("ana", "!mes-donnees")
    assert mine.attachment is not None
    data = json.loads(mine.attachment)
    assert data["member"] == "console:ana" and data["account"] == "discord:ana"
    assert data["linked_accounts"] == ["discord:ana"]

    await channel.say("ana", "!oublier confirmer")
    assert not await IdentityLinkRow.all().exists()
    assert not await LinkCodeRow.filter(member__in=["console:ana", "discord:ana"]).exists()
    assert not await LinkCodeRow.filter(other__in=["console:ana", "discord:ana"]).exists()


async def test_a_mandate_held_from_a_linked_account_still_ends(storage: str) -> None:
    from storage.models import DueRow

    home, channel = await two_rooms(storage)
    await channel.say("ana", "!join")
    await home.say("ana", "!role @discord:ana catalyseur --mandat 3 semaines")
    assert (await MembershipRow.get(member="discord:ana")).mandates
    first = code_in(await home.say("ana", "!lier"))
    channel.now = home.now
    second = code_in(await channel.say("ana", f"!lier {first}"))
    await home.say("ana", f"!lier {second}")
    ana = await MembershipRow.get(member="console:ana")
    assert set(ana.roles) == {"facilitator", "catalyser"} and "catalyser" in ana.mandates
    dues = await DueRow.filter(kind__startswith="role.").values_list("data", flat=True)
    assert dues and all(data["member"] == "console:ana" for data in dues)


NAMES = {"112233445566778899": "Zoé", "4242424242": "Ana"}


class NamedRoom(Room):
    """A room whose members' networks tell their names, kept as the pipeline keeps them."""

    known = None

    def uow(self, client):  # type: ignore[no-untyped-def]
        from storage.names import KnownNames
        from storage.uow import TortoiseUnitOfWork

        if NamedRoom.known is None:
            NamedRoom.known = KnownNames(())  # no network of these shows names by itself
        return TortoiseUnitOfWork(self.now, lock_rows=self.lock_rows, client=client, names=NamedRoom.known)

    async def say(self, name: str, text: str = "", action=None) -> list:  # type: ignore[no-untyped-def, override]
        from core.dispatch import handle
        from core.messages import Inbound, Platform, RoomId, UserId
        from storage import onetrip

        self.count += 1
        self.now += timedelta(seconds=1)
        inbound = Inbound(Platform(self.platform), RoomId(self.room), UserId(self.who(name)), f"n{self.count}",
                          text, display_name=NAMES.get(name, name))
        sent = await onetrip.run(lambda client: handle(lambda: self.uow(client), inbound, self.now))
        return list(sent or [])


async def test_members_of_other_networks_are_shown_by_name(storage: str) -> None:
    NamedRoom.known = None
    home, channel = NamedRoom(storage, "telegram", "-100"), NamedRoom(storage, "discord", "chan")
    snowflake, telegram_id = "112233445566778899", "4242424242"
    await home.say(telegram_id, "!join")
    code = code_in(await home.say(telegram_id, "!federer inviter"))
    channel.now = home.now
    await channel.say(snowflake, "!join")
    await channel.say(snowflake, f"!federer {code}")
    await channel.say(snowflake, "!proposer Jardin\nTexte")  # named once the assembly is federated
    await home.say(telegram_id, "!suivant #1")
    await home.say(telegram_id, "!suivant #1")
    channel.now = home.now
    await channel.say(snowflake, "!ok #1")
    in_telegram = [t for t in await texts_for("telegram", "-100") if "#1" in t and "consent" in t.lower()]
    assert in_telegram and all(snowflake not in t for t in in_telegram)
    assert any(t.startswith("Zoé : consentement sur #1") for t in in_telegram)
    rows = await OutboxRow.filter(platform="telegram").order_by("id")
    assert all("discord:" + snowflake not in (row.payload.get("mentions") or []) for row in rows)
    # in its own room, the Discord adapter shows the member (<@id>): the bare id stays
    in_discord = [t for t in await texts_for("discord", "chan") if "#1" in t and "consent" in t.lower()]
    assert any(t.startswith(snowflake + " : consentement sur #1") for t in in_discord)


async def test_the_codes_of_an_assembly_that_joined_another_one_are_void(storage: str) -> None:
    """A room that joined another assembly speaks for that one: a code it gave before, typed
    later elsewhere, must not make a third room part of it alone (a room of a room)."""
    home, other, channel = Room(storage), Room(storage, "webhook", "autre"), Room(storage, "discord", "chan")
    await home.say("ana", "!rejoindre")
    early = code_in(await home.say("ana", "!federer inviter"))
    await other.say("max", "!rejoindre")
    other.now = home.now
    into_other = code_in(await other.say("max", "!federer inviter"))
    home.now = other.now
    [joined] = await home.say("ana", f"!federer {into_other}")
    assert "a rejoint" in joined.text
    await channel.say("zoe", "!join")
    channel.now = home.now
    [refused] = await channel.say("zoe", f"!federer {early}")
    assert "n'existe pas" in refused.text
    assert (await AssemblyRow.get(room="chan")).part_of is None
    first = await AssemblyRow.get(room="autre")
    assert await AssemblyRow.filter(part_of__not_isnull=True).values_list("room", "part_of") == [("salle", first.id)]


async def test_an_account_that_types_many_unknown_codes_is_held_back_for_an_hour(storage: str) -> None:
    home, channel = Room(storage), Room(storage, "discord", "chan")
    await home.say("ana", "!rejoindre")
    code = code_in(await home.say("ana", "!federer inviter"))
    channel.now = home.now
    for guess in "23456789AB":
        [refused] = await channel.say("zoe", f"!federer ZZZZ-ZZZ{guess}")
        assert "n'existe pas" in refused.text
    [refused] = await channel.say("zoe", f"!federer {code}")
    assert "Trop de codes inconnus" in refused.text
    await channel.say("zoe", "!rejoindre")
    await channel.say("zoe", "!oublier confirmer")  # forgetting oneself does not start the count again
    [refused] = await channel.say("zoe", f"!lier {code}")
    assert "Trop de codes inconnus" in refused.text
    assert await AssemblyRow.filter(part_of__not_isnull=True).count() == 0
    [joined] = await channel.say("yan", f"!federer {code}")  # another account is not held back
    assert "a rejoint" in joined.text
    channel.now += timedelta(hours=1)
    [refused] = await channel.say("zoe", "!lier ZZZZ-ZZZZ")
    assert "n'existe pas" in refused.text
    assert await LinkCodeRow.filter(member="discord:zoe").count() == 1  # the hour's old ones are gone


async def test_forgetting_oneself_erases_the_names_kept_from_every_linked_account(storage: str) -> None:
    from storage.models import MemberNameRow

    NamedRoom.known = None
    home, channel = NamedRoom(storage, "telegram", "-100"), NamedRoom(storage, "discord", "chan")
    await home.say("ana", "!join")
    code = code_in(await home.say("ana", "!federer inviter"))
    channel.now = home.now
    await channel.say("zoe", f"!federer {code}")
    first = code_in(await home.say("ana", "!lier"))
    channel.now = home.now
    second = code_in(await channel.say("ana", f"!lier {first}"))
    home.now = channel.now
    await home.say("ana", f"!lier {second}")
    channel.now = home.now
    await channel.say("ana", "!federer")  # the Discord account speaks: its name is kept for the member
    assert sorted(await MemberNameRow.filter(member="telegram:ana").values_list("platform", flat=True)) == [
        "discord", "telegram"]
    await home.say("ana", "!oublier confirmer")  # from the Telegram account
    assert not await MemberNameRow.filter(member="telegram:ana").exists()


async def test_a_room_that_leaves_forgets_the_threads_of_the_assembly(storage: str) -> None:
    """Numbers start again at 1 in a room that left: its new #1 is not to be written in the
    thread of the assembly's #1, nor its round's buttons drawn over that one's."""
    from storage.models import ThreadRootRow

    home, channel = await two_rooms(storage)
    for platform, room in (("console", "salle"), ("discord", "chan")):  # as the outbox keeps them once sent
        for key in ("proposal:1", "proposal:1#v1"):
            await ThreadRootRow.create(platform=platform, room=room, thread_key=key, message_id=f"{room}-{key}")
    await home.say("ana", "!federer retirer 2")
    assert not await ThreadRootRow.filter(platform="discord", room="chan").exists()
    assert await ThreadRootRow.filter(platform="console", room="salle").count() == 2
    channel.now = home.now
    await channel.say("zoe", "!rejoindre")
    opened = await channel.say("zoe", "!proposer Autre chose")
    assert any("#1" in message.text for message in opened)


async def test_linked_accounts_count_once_in_time_polls_and_attendance(storage: str) -> None:
    from storage.models import MeetingRsvpRow, PollAnswerRow

    home, channel = await two_rooms(storage)
    await channel.say("ana", "!join")
    await home.say("ana", '!planifier Fête --creneaux "2026-12-01 18:00-20:00 | 2026-12-02 18:00-20:00"')  # 2
    await home.say("ana", "!reunion AG 2026-12-08 18:30")  # 3
    await home.say("ana", '!planifier Repas --creneaux "2026-12-03 12:00-14:00 | 2026-12-04 12:00-14:00"')  # 4
    channel.now = home.now
    for room in (home, channel):  # both accounts answered the first poll and the meeting
        await room.say("ana", "!dispo #2 oui non")
        await room.say("ana", "!present #3 oui")
    await channel.say("ana", "!dispo #4 oui oui")  # the second poll from Discord only
    assert await PollAnswerRow.all().count() == 3 and await MeetingRsvpRow.all().count() == 2
    first = code_in(await home.say("ana", "!lier"))
    channel.now = home.now
    second = code_in(await channel.say("ana", f"!lier {first}"))
    home.now = channel.now
    await home.say("ana", f"!lier {second}")
    assert await PollAnswerRow.all().order_by("id").values_list("member", flat=True) == ["console:ana", "console:ana"]
    assert await MeetingRsvpRow.all().values_list("member", flat=True) == ["console:ana"]


async def test_forgetting_oneself_leaves_no_account_of_theirs_in_the_federation_log(storage: str) -> None:
    home, channel = await two_rooms(storage)  # ana gave the code the channel joined with
    first = code_in(await home.say("ana", "!lier"))
    channel.now = home.now
    second = code_in(await channel.say("ana", f"!lier {first}"))
    home.now = channel.now
    await home.say("ana", f"!lier {second}")
    logged = await AuditRow.filter(subject="federation").values_list("member", "data")
    assert any("discord:ana" in str(data) for _, data in logged)
    await home.say("ana", "!oublier confirmer")
    logged = await AuditRow.filter(subject="federation").values_list("member", "data")
    assert len(logged) == 2  # the room that joined, the accounts linked: kept, without whose
    assert not [row for row in logged if "ana" in str(row)], logged
