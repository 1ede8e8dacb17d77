"""Federation in the pure core, over the fakes: codes as people type them, one assembly for two
rooms, what each room is told, and accounts linked with two codes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from core.errors import DomainError
from core.federation import CodeKind, LinkCode, account, check_usable, new_code, read_code
from core.ids import MemberId
from core.messages import Action
from tests.unit.helpers import Room

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b")


def test_codes_are_read_however_they_are_typed() -> None:
    code = new_code()
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", code)
    assert read_code(code.lower()) == code
    assert read_code(code.replace("-", " ")) == code
    assert read_code(code.replace("-", "")) == code
    for not_a_code in ("retirer 2", "ABCD-EF0O", "ABCD", "ABCD-EFGH-JK", "ÀBCD-EFGH", "", "2"):
        assert read_code(not_a_code) is None


def test_a_code_is_used_once_before_it_expires() -> None:
    code = LinkCode(code="ABCD-EFGH", kind=CodeKind.ROOM, member=MemberId("console:ana"), created_at=NOW,
                    expires_at=NOW + timedelta(hours=1))
    assert check_usable(code, CodeKind.ROOM, NOW) is code
    for found, kind, at, key in (
        (None, CodeKind.ROOM, NOW, "federation.code_unknown"),
        (code, CodeKind.IDENTITY, NOW, "federation.code_unknown"),
        (code, CodeKind.ROOM, NOW + timedelta(hours=1), "federation.code_expired"),
    ):
        with pytest.raises(DomainError) as refused:
            check_usable(found, kind, at)
        assert refused.value.key == key
    used = LinkCode(**{**{f: getattr(code, f) for f in code.__slots__}, "used_at": NOW})  # type: ignore[attr-defined]
    with pytest.raises(DomainError) as refused:
        check_usable(used, CodeKind.ROOM, NOW)
    assert refused.value.key == "federation.code_used"


def test_accounts_are_named_with_their_network() -> None:
    assert account("discord:42") == "42 (Discord)"
    assert account("@ana:example.org") == "@ana:example.org"


async def federated(home: Room, channel: Room, *, is_admin: bool = False) -> None:
    """`channel` joins the assembly of `home` (one store), where ana facilitates; zoe, a member of
    the channel, types the code (as the channel's administrator when `is_admin`)."""
    channel.store = home.store
    await home.say("ana", "!join")
    [code] = set(CODE.findall((await home.say("ana", "!federer inviter"))[0].text))
    await channel.say("zoe", "!join")
    await channel.say("zoe", f"!federer {code}", is_admin=is_admin)


async def test_two_rooms_share_one_assembly_and_hear_its_news() -> None:
    home = Room()
    channel = Room("discord", "chan")
    channel.store = home.store  # one database
    await home.say("ana", "!join")
    [code_message] = await home.say("ana", "!federer inviter")
    [code] = set(CODE.findall(code_message.text))
    await channel.say("zoe", "!join")
    [joined] = await channel.say("zoe", f"!federer {code}")
    assert joined.platform == "discord" and "a rejoint" in joined.text and "1 membre de plus" in joined.text
    outbox = home.store.state.outbox
    assert {(o.platform, o.room) for o in outbox if "a rejoint" in o.text} == {("console", "salon"),
                                                                             ("discord", "chan")}
    before = len(home.store.state.outbox)
    opened = await channel.say("zoe", "!proposer Jardin\nTexte")
    assert opened and {o.platform for o in opened} == {"discord"}  # what the pipeline answers at once
    copies = home.store.state.outbox[before:]
    assert {(o.platform, o.room) for o in copies} == {("console", "salon"), ("discord", "chan")}
    assert all(o.reply_to is None for o in copies if o.platform == "console")  # not a reply there
    before = len(home.store.state.outbox)
    await channel.say("zoe", "!aide")  # help is for the one who asked
    assert {(o.platform, o.room) for o in home.store.state.outbox[before:]} == {("discord", "chan")}


async def test_the_administrator_of_a_room_that_joined_does_not_facilitate_the_assembly() -> None:
    home = Room()
    channel = Room("discord", "chan")
    await federated(home, channel, is_admin=True)  # the channel's admin brings it in
    [refused] = await channel.say("zoe", "!federer inviter", is_admin=True)
    assert "anim" in refused.text
    [refused] = await channel.say("zoe", "!role @zoe animation", is_admin=True)
    assert "anim" in refused.text
    [invited] = await home.say("ana", "!federer inviter", is_admin=True)
    assert CODE.search(invited.text)


async def test_only_the_first_room_names_the_assembly() -> None:
    from core.dispatch import handle
    from core.messages import Inbound, Platform, RoomId, UserId

    home = Room("telegram", "-100")
    channel = Room("discord", "chan")
    await federated(home, channel)
    for platform, room, name, event in (("telegram", "-100", "Quartier Nord", "t1"), ("discord", "chan", "général", "d1")):
        inbound = Inbound(Platform(platform), RoomId(room), UserId(f"{platform}:x"), event, "bonjour",
                          room_name=name)
        await handle(home.store.uow, inbound, NOW)
    (assembly,) = [a for a in home.store.state.assemblies.values() if a.platform == "telegram"]
    assert assembly.title == "Quartier Nord"


async def test_members_from_a_network_without_room_lists_leave_a_matrix_assembly_with_a_command() -> None:
    home = Room("matrix", "!a:example.org")
    channel = Room("telegram", "-100")
    channel.store = home.store
    await home.say("@ana:example.org", "!etat")  # on Matrix, speaking is membership
    [code] = set(CODE.findall((await home.say("@ana:example.org", "!federer inviter"))[0].text))
    await channel.say("zoe", "!join")
    await channel.say("zoe", f"!federer {code}")
    [left] = await channel.say("zoe", "!quitter")
    assert "zoe" in left.text and "quitt" in left.text.lower()
    [refused] = await home.say("@ana:example.org", "!quitter")  # on Matrix one leaves the room
    assert "salon" in refused.text


async def test_leaving_one_matrix_room_while_still_in_another_of_the_assembly_keeps_the_member() -> None:
    from core.messages import (
        Action,
        Inbound,
        Platform,
        RoomId,
        UserId,
        inbound_from_dict,
        inbound_to_dict,
    )

    home = Room("matrix", "!a:example.org")
    other = Room("matrix", "!b:example.org")
    other.store = home.store
    await home.say("@ana:example.org", "", action=Action.MEMBER_JOINED)
    [code] = set(CODE.findall((await home.say("@ana:example.org", "!federer inviter"))[0].text))
    await other.say("@zoe:example.org", "", action=Action.MEMBER_JOINED)
    await other.say("@zoe:example.org", f"!federer {code}")
    await home.say("@zoe:example.org", "", action=Action.MEMBER_JOINED)  # zoe is in both rooms
    await home.say("@lou:example.org", "", action=Action.MEMBER_JOINED)
    (assembly,) = [a for a in home.store.state.assemblies.values() if a.room == "!a:example.org"]
    assert home.store.state.assemblies[assembly.id].is_member(MemberId("@zoe:example.org"))
    await other.say("@zoe:example.org", "", action=Action.MEMBER_LEFT)  # the adapter saw her in no other room
    assert not home.store.state.assemblies[assembly.id].is_member(MemberId("@zoe:example.org"))

    left = Inbound(Platform("matrix"), RoomId("!b:example.org"), UserId("@lou:example.org"), "left-lou",
                   action=Action.MEMBER_LEFT, still_in=(RoomId("!a:example.org"), RoomId("!c:example.org")))
    assert inbound_from_dict(inbound_to_dict(left)) == left
    from core.dispatch import handle

    await handle(home.store.uow, left, NOW)
    assert home.store.state.assemblies[assembly.id].is_member(MemberId("@lou:example.org"))
    elsewhere = Inbound(Platform("matrix"), RoomId("!b:example.org"), UserId("@lou:example.org"), "left-lou-2",
                        action=Action.MEMBER_LEFT, still_in=(RoomId("!c:example.org"),))
    await handle(home.store.uow, elsewhere, NOW)
    assert not home.store.state.assemblies[assembly.id].is_member(MemberId("@lou:example.org"))

async def test_a_linked_matrix_account_leaving_keeps_the_member_of_another_network() -> None:
    """zoe joined from Telegram and linked her Matrix account; that account leaving the Matrix
    room does not end her membership (she is still in the Telegram group). An account linked
    to a Matrix member leaving the room is that member leaving, as before."""
    home = Room("matrix", "!a:example.org")
    channel = Room("telegram", "-100")
    channel.store = home.store
    await home.say("@ana:example.org", "!etat")
    [code] = set(CODE.findall((await home.say("@ana:example.org", "!federer inviter"))[0].text))
    await channel.say("zoe", "!join")
    await channel.say("zoe", f"!federer {code}")
    [first] = set(CODE.findall((await channel.say("zoe", "!lier"))[0].text))
    [second] = set(CODE.findall((await home.say("@zoe:example.org", f"!lier {first}"))[0].text))
    await channel.say("zoe", f"!lier {second}")
    (assembly,) = [a for a in home.store.state.assemblies.values() if a.room == "!a:example.org"]
    zoe = MemberId(channel.member_id("zoe"))
    await home.say("@zoe:example.org", "", action=Action.MEMBER_JOINED)
    assert await home.say("@zoe:example.org", "", action=Action.MEMBER_LEFT) == []
    assert home.store.state.assemblies[assembly.id].is_member(zoe)
    [left] = await channel.say("zoe", "!quitter")  # she leaves on her own network
    assert "quitt" in left.text.lower()
    assert not home.store.state.assemblies[assembly.id].is_member(zoe)

    [first] = set(CODE.findall((await home.say("@ana:example.org", "!lier"))[0].text))
    [second] = set(CODE.findall((await home.say("@ana2:example.org", f"!lier {first}"))[0].text))
    await home.say("@ana:example.org", f"!lier {second}")
    await home.say("@ana2:example.org", "", action=Action.MEMBER_LEFT)
    assert not home.store.state.assemblies[assembly.id].is_member(MemberId("@ana:example.org"))


async def test_a_matrix_room_taken_out_asks_its_adapter_who_is_in_it() -> None:
    """Its fresh assembly's members are the room's: the core asks the Matrix adapter to pass
    them on again (OutboundKind.MEMBERS). A room of a network without member lists is not asked."""
    from core.messages import OutboundKind

    home = Room("matrix", "!a:example.org")
    other = Room("matrix", "!b:example.org")
    channel = Room("telegram", "-100")
    other.store = channel.store = home.store
    await home.say("@ana:example.org", "", action=Action.MEMBER_JOINED)
    for room, who in ((other, "@zoe:example.org"), (channel, "yan")):
        [code] = set(CODE.findall((await home.say("@ana:example.org", "!federer inviter"))[0].text))
        if room is other:
            await room.say(who, "", action=Action.MEMBER_JOINED)
        else:
            await room.say(who, "!join")
        await room.say(who, f"!federer {code}")
    before = len(home.store.state.outbox)
    await home.say("@ana:example.org", "!federer retirer 2")
    asked = [o for o in home.store.state.outbox[before:] if o.kind is OutboundKind.MEMBERS]
    assert [(o.platform, o.room, o.text) for o in asked] == [("matrix", "!b:example.org", "")]
    before = len(home.store.state.outbox)
    await home.say("@ana:example.org", "!federer retirer 2")  # the Telegram group, now second
    removed = home.store.state.outbox[before:]
    assert "-100" in {o.room for o in removed}  # told it left
    assert not [o for o in removed if o.kind is OutboundKind.MEMBERS]


async def test_a_room_number_of_thousands_of_digits_is_no_room() -> None:
    home = Room()
    channel = Room("discord", "chan")
    await federated(home, channel)
    [refused] = await home.say("ana", "!federer retirer " + "9" * 5000)
    assert "Il n'y a pas de salon 99999" in refused.text
    [refused] = await home.say("ana", "!federer retirer 0002")  # the second room, however written
    assert "pas de salon" not in refused.text and "ne fait plus partie" in refused.text


async def test_wrong_codes_are_refused_for_an_hour_after_ten_of_them() -> None:
    home = Room()
    channel = Room("discord", "chan")
    channel.store, channel.clock = home.store, home.clock
    await home.say("ana", "!join")
    [code] = set(CODE.findall((await home.say("ana", "!federer inviter"))[0].text))
    for guess in range(10):
        [refused] = await channel.say("zoe", f"!federer ZZZZ-ZZ{guess + 2:02d}".replace("0", "Z").replace("1", "Y"))
        assert "n'existe pas" in refused.text
    # the right code now: refused too, and so is `!lier` with a code; nothing changed
    [refused] = await channel.say("zoe", f"!federer {code}")
    assert "Trop de codes inconnus" in refused.text and "10" in refused.text
    [refused] = await channel.say("zoe", "!lier ABCD-EFGH")
    assert "Trop de codes inconnus" in refused.text
    assert not home.store.state.assemblies[next(iter(home.store.state.assemblies))].federated
    # other accounts are not held back, nor is this one for what takes no code
    [offered] = await channel.say("yan", "!lier")
    assert CODE.search(offered.text)
    [listed] = await channel.say("zoe", "!federer")
    assert "n'a qu'un salon" in listed.text
    # an hour after the first wrong code, the next code is read again
    home.clock.advance(timedelta(minutes=61))
    [refused] = await channel.say("zoe", f"!federer {code}")
    assert "expiré" in refused.text


async def test_the_administrator_of_a_room_that_joined_may_take_it_out_and_nothing_else() -> None:
    """A room without a facilitator joins whatever assembly a code names, typed by anyone:
    its administrators, who facilitate it no more, must be able to take it back."""
    home = Room()
    channel = Room("discord", "chan")
    third = Room("telegram", "-100")
    channel.store = third.store = home.store
    await home.say("ana", "!join")
    [code] = set(CODE.findall((await home.say("ana", "!federer inviter"))[0].text))
    await channel.say("mallory", f"!federer {code}")  # nobody facilitated the channel yet
    [code] = set(CODE.findall((await home.say("ana", "!federer inviter"))[0].text))
    await third.say("max", f"!federer {code}")
    await channel.say("zoe", "!join")
    [refused] = await channel.say("zoe", "!federer retirer 3", is_admin=True)  # not their room
    assert "anim" in refused.text
    [refused] = await channel.say("zoe", "!federer retirer", is_admin=False)
    assert "anim" in refused.text
    [left] = await channel.say("zoe", "!federer retirer", is_admin=True)
    assert "Discord chan ne fait plus partie de cette assemblée" in left.text
    [listed] = await home.say("ana", "!federer")
    assert "réunit 2 salons" in listed.text and "Telegram" in listed.text and "Discord" not in listed.text


async def test_a_press_in_one_room_redraws_the_round_message_in_the_others() -> None:
    from core.messages import Action, OutboundKind

    home = Room("discord", "chan")
    group = Room("telegram", "-100")
    group.store = home.store
    home.store.round_platforms = frozenset({"discord", "telegram"})  # both draw buttons under a round
    await home.say("ana", "!join")
    [code] = set(CODE.findall((await home.say("ana", "!federer inviter"))[0].text))
    await group.say("zoe", "!join")
    await group.say("zoe", f"!federer {code}")
    await home.say("ana", "!proposer Jardin\nTexte")
    await home.say("ana", "!suivant #1")
    await home.say("ana", "!suivant #1")
    before = len(home.store.state.outbox)
    await group.say("zoe", "", action=Action.BUTTON, payload="consent #1 --version 1")
    redraws = [o for o in home.store.state.outbox[before:] if o.kind is OutboundKind.ROUND_TALLY]
    # the pressed message is redrawn by the press's confirmation; the Discord room's, by a tally
    assert [(o.platform, o.room) for o in redraws] == [("discord", "chan")]
    assert "1/2" in redraws[0].extra["tally"]


async def test_reads_and_personal_settings_stay_in_the_room_that_asked() -> None:
    home = Room()
    channel = Room("discord", "chan")
    await federated(home, channel)
    for typed in ("!role", "!bienvenue", "!langue", "!rappels", "!fuseau Europe/Brussels"):
        before = len(home.store.state.outbox)
        assert await channel.say("zoe", typed), typed
        assert {(o.platform, o.room) for o in home.store.state.outbox[before:]} == {("discord", "chan")}, typed
    before = len(home.store.state.outbox)
    await home.say("ana", "!bienvenue Bienvenue à toutes et tous")  # a change: said everywhere
    assert {o.platform for o in home.store.state.outbox[before:]} == {"console", "discord"}


async def test_the_overview_counts_the_rooms_and_full_width_codes_are_read() -> None:
    assert read_code("ＡＢＣＤ－ＥＦ２３") == "ABCD-EF23"
    assert read_code("x" * 5000) is None
    # typed on a Cyrillic or Greek keyboard: the letters that look like the code's are read as them
    assert read_code("\u0410\u0412\u0421D-\u0415F23") == "ABCD-EF23"  # Cyrillic А В С, Е
    assert read_code("\u0430\u0432\u0441d \u0435f23") == "ABCD-EF23"  # the same in lower case
    assert read_code("\u0397\u039a\u039c\u039d-\u03a1\u03a4\u0417X") == "HKMN-PT3X"  # Greek, and Cyrillic З for 3
    assert read_code("\u0416BCD-EF23") is None  # Ж looks like no letter of the alphabet
    home, channel = Room(), Room("discord", "chan")
    [alone] = await home.say("ana", "!etat")
    assert "Salons de l'assemblée" not in alone.text
    await federated(home, channel)
    [overview] = await channel.say("zoe", "!etat")
    assert "Salons de l'assemblée : 2" in overview.text
