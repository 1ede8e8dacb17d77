"""Roles given for a term (`!role @bob catalyseur --mandat 6m`, `--term 6m`): the end is said
in the room's language and time zone, recalled before it comes, and at the end the role is
taken away, the room is told whose mandate ended, given when and by whom, invited to hear an
account of it, and given the command that renews it. Renewing, lifting or removing the role,
leaving or being forgotten end the term; the due rows planned for an older term do nothing."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta

import pytest

from core.assemblies import Assembly, Mandate, Role
from core.i18n import translate
from core.ids import MemberId
from core.mandates import END_DUE, REMINDER_DUE
from core.render import when
from core.schedule_app.fakes import scheduling_state
from tests.unit.helpers import Room, assembly

BOB = MemberId("console:bob")
ALICE = MemberId("console:alice")
CAROL = MemberId("console:carol")


def the_assembly(room: Room) -> Assembly:
    (found,) = room.store.state.assemblies.values()
    return found


def mandate(room: Room, member: MemberId, role: Role) -> Mandate | None:
    entry = the_assembly(room).members.get(member)
    return entry.mandates.get(role) if entry else None


def holds(room: Room, member: MemberId, role: Role) -> bool:
    return the_assembly(room).has_role(member, role)


def pending(room: Room, kind: str) -> list[datetime]:
    return sorted(row.due_at for row in room.store.state.due if row.kind == kind and not row.done)


def audit(room: Room, kind: str) -> list[tuple[str | None, dict[str, object]]]:
    events = scheduling_state(room.store.state).events
    return [(member, data) for _, subject, _, k, member, _, data in events if subject == "role" and k == kind]


async def english(*names: str) -> Room:
    room = await assembly(*names)
    await room.say(names[0], "!lang en")
    return room


# ---- giving a role for a term ----------------------------------------------------------------


async def test_a_role_given_for_six_months_says_its_end_in_the_room_zone_and_plans_reminder_and_end() -> None:
    room = await assembly("alice", "bob")
    now = room.clock.now()
    [out] = await room.say("alice", "!role @bob catalyseur --mandat 6m")
    ends = datetime(2027, 5, 23, 8, 0, tzinfo=UTC)  # six months later, 10:00 in Paris both days
    assert out.text == translate("role.given_term", "fr", member="bob", role="catalyseur·ice démocratique",
                                 end=when(ends, "Europe/Paris", "fr"))
    assert "dim. 23 mai 2027, 10:00" in out.text and out.mentions == (BOB,)
    assert holds(room, BOB, Role.CATALYSER)
    assert mandate(room, BOB, Role.CATALYSER) == Mandate(ends=ends, since=now, by=ALICE, term="6m")
    assert pending(room, REMINDER_DUE) == [ends - timedelta(days=7)]
    assert pending(room, END_DUE) == [ends]
    assert audit(room, "role_given") == [(BOB, {"role": "catalyser", "by": ALICE, "ends": ends.isoformat()})]


async def test_in_english_with_term_and_an_end_date_read_in_the_room_time_zone() -> None:
    room = await english("alice", "bob")
    [out] = await room.say("alice", "!role @bob delegate --term 2027-06-30")
    ends = datetime(2027, 6, 30, 21, 59, tzinfo=UTC)  # the day's end, 23:59 in Paris (summer time)
    assert out.text.startswith("bob receives the role: ") and "Wed, Jun 30, 2027, 23:59" in out.text
    found = mandate(room, BOB, Role.DELEGATE)
    assert found is not None and found.ends == ends and found.term == ""


@pytest.mark.parametrize(("typed", "length"), [
    ('"3 semaines"', timedelta(weeks=3)), ("3 semaines", timedelta(weeks=3)), ("90j", timedelta(days=90)),
    ("1 an", timedelta(days=365)), ("1an", timedelta(days=365)), ("2h", timedelta(hours=2)),
])
async def test_terms_are_read_as_review_periods(typed: str, length: timedelta) -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", f"!rôle @bob prise-de-notes --mandat {typed}")
    found = mandate(room, BOB, Role.NOTE_TAKER)
    assert found is not None and found.ends == room.clock.now() + length


async def test_giving_again_with_a_new_term_renews_it_and_the_old_rows_do_nothing() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!role @bob catalyseur --mandat 30j")
    first = room.clock.now() + timedelta(days=30)
    [out] = await room.say("alice", "!role @bob catalyseur --mandat 6m")
    ends = datetime(2027, 5, 23, 8, 0, tzinfo=UTC)
    assert out.text == translate("role.term_renewed", "fr", member="bob", role="catalyseur·ice démocratique",
                                 end=when(ends, "Europe/Paris", "fr"))
    assert mandate(room, BOB, Role.CATALYSER).ends == ends  # type: ignore[union-attr]
    assert [d for _, d in audit(room, "mandate_renewed")] == [
        {"role": "catalyser", "by": ALICE, "ends": ends.isoformat(), "previous": first.isoformat()}]
    # the first term's reminder and end come and say nothing; the role stays
    assert await room.advance(timedelta(days=31)) == []
    assert holds(room, BOB, Role.CATALYSER)
    assert pending(room, END_DUE) == [ends]


async def test_a_role_held_without_end_given_again_with_a_term_gets_one() -> None:
    room = await assembly("alice", "bob")
    [out] = await room.say("alice", "!role @alice animation --mandat 10j")  # the first member facilitates
    ends = room.clock.now() + timedelta(days=10)
    assert out.text == translate("role.term_set", "fr", member="alice", role="animation",
                                 end=when(ends, "Europe/Paris", "fr"))
    assert mandate(room, ALICE, Role.FACILITATOR) is not None and pending(room, END_DUE) == [ends]
    assert [d["ends"] for _, d in audit(room, "role_given")] == [ends.isoformat()]


async def test_a_member_who_comes_back_with_the_same_end_is_reminded_once() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!role @bob catalyseur --mandat 2026-12-31")
    await room.say("bob", "!quitter")
    room.clock.advance(timedelta(hours=1))
    await room.say("bob", "!rejoindre")
    await room.say("alice", "!role @bob catalyseur --mandat 2026-12-31")  # the same end, given anew
    ends = datetime(2026, 12, 31, 22, 59, tzinfo=UTC)
    reminders = [o for o in await room.advance(ends - timedelta(days=7) - room.clock.now()) if o.text.startswith("⏳")]
    assert len(reminders) == 1


async def test_giving_again_without_a_term_makes_it_open_ended() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!role @bob catalyseur --mandat 30j")
    [out] = await room.say("alice", "!role @bob catalyseur")
    assert out.text == translate("role.term_lifted", "fr", member="bob", role="catalyseur·ice démocratique")
    assert mandate(room, BOB, Role.CATALYSER) is None
    assert await room.advance(timedelta(days=31)) == []
    assert holds(room, BOB, Role.CATALYSER)
    assert len(audit(room, "mandate_lifted")) == 1


async def test_giving_an_open_ended_role_again_without_a_term_is_as_before() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!role @bob catalyseur")
    [out] = await room.say("alice", "!role @bob catalyseur")
    assert out.text == translate("role.already", "fr", member="bob", role="catalyseur·ice démocratique")
    assert room.store.state.due == []


async def test_removing_the_role_ends_the_term() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!role @bob catalyseur --mandat 30j")
    await room.say("alice", "!role @bob retirer catalyseur")
    assert mandate(room, BOB, Role.CATALYSER) is None and not holds(room, BOB, Role.CATALYSER)
    assert await room.advance(timedelta(days=31)) == []
    [(member, data)] = audit(room, "role_removed")
    assert member == BOB and data["ends"] == (room.clock.now() - timedelta(days=1)).isoformat()


async def test_leaving_ends_the_terms_and_the_room_hears_it() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!role @bob catalyseur --mandat 30j")
    await room.say("alice", "!role @bob accueil")  # open-ended: not a mandate that ends
    ends = room.clock.now() + timedelta(days=30)
    [out] = await room.say("bob", "!quitter")
    item = translate("role.mandate_until", "fr", role="catalyseur·ice démocratique", end=when(ends, "Europe/Paris", "fr"))
    assert translate("member.mandates_ended", "fr", roles=item) in out.text
    entry = the_assembly(room).members[BOB]
    assert entry.mandates == {} and entry.roles == {Role.NEWCOMER_COORDINATOR}
    await room.say("bob", "!rejoindre")
    assert not holds(room, BOB, Role.CATALYSER)  # coming back gives no mandate back
    assert await room.advance(timedelta(days=31)) == []
    assert [d["reason"] for _, d in audit(room, "mandate_ended")] == ["left"]


async def test_forget_me_ends_the_terms_without_keeping_whose_they_were() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!role @bob catalyseur --mandat 30j")
    [out] = await room.say("bob", "!oublier confirmer")
    assert translate("member.mandates_ended", "fr", roles="").split(":")[0] in out.text
    assert "bob" not in out.text
    assert BOB not in the_assembly(room).members
    assert await room.advance(timedelta(days=31)) == []
    assert audit(room, "mandate_ended") == [(None, {"role": "catalyser", "ends": (
        room.clock.now() - timedelta(days=1)).isoformat(), "reason": "forgotten"})]


# ---- the reminder and the end ----------------------------------------------------------------


async def test_the_reminder_comes_a_week_before_and_names_the_member_role_end_and_renewal() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!role @bob catalyseur --mandat 6m")
    ends = datetime(2027, 5, 23, 8, 0, tzinfo=UTC)
    assert await room.advance(ends - timedelta(days=7, minutes=1) - room.clock.now()) == []
    [out] = await room.advance(timedelta(minutes=1))
    assert out.text == translate("role.term_reminder", "fr", member="bob", role="catalyseur·ice démocratique",
                                 end=when(ends, "Europe/Paris", "fr"),
                                 command="!role @bob catalyseur --mandat 6m")
    assert out.mentions == (BOB,) and out.reply_to is None
    assert holds(room, BOB, Role.CATALYSER)


@pytest.mark.parametrize(("term", "lead"), [("13j", timedelta(days=1)), ("14j", timedelta(days=7)),
                                            ("1j", timedelta(days=1)), ("23h", None)])
async def test_the_reminder_lead_follows_the_length_of_the_term(term: str, lead: timedelta | None) -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", f"!role @bob catalyseur --mandat {term}")
    [ends] = pending(room, END_DUE)
    assert pending(room, REMINDER_DUE) == ([] if lead is None else [ends - lead])


async def test_at_the_end_the_role_is_taken_away_and_the_room_invited_to_hear_an_account() -> None:
    room = await assembly("alice", "bob", "carol")
    given = room.clock.now()
    await room.say("alice", '!role @bob catalyseur --mandat "3 semaines"')
    await room.advance(timedelta(days=14))  # the reminder
    [out] = await room.advance(timedelta(days=7))
    assert out.text == translate(
        "role.term_ended", "fr", member="bob", role="catalyseur·ice démocratique",
        since=when(given, "Europe/Paris", "fr"), by="alice", command='!role @bob catalyseur --mandat "3 semaines"')
    assert "rendez compte de ce mandat à l'assemblée" in out.text and "lun. 23 nov. 2026, 10:00" in out.text
    assert out.mentions == (BOB,)
    assert not holds(room, BOB, Role.CATALYSER) and mandate(room, BOB, Role.CATALYSER) is None
    [(member, data)] = audit(room, "mandate_ended")
    assert member == BOB and data["reason"] == "term" and data["by"] == ALICE
    # the command it gives renews the mandate
    await room.say("alice", '!role @bob catalyseur --mandat "3 semaines"')
    assert holds(room, BOB, Role.CATALYSER)


async def test_the_end_in_english_gives_the_english_command() -> None:
    room = await english("alice", "bob")
    await room.say("alice", "!role @bob note-taker --term 2d")
    [reminder] = await room.advance(timedelta(days=1))
    assert reminder.text.startswith("⏳ bob, your mandate as note-taker ends on ")
    [out] = await room.advance(timedelta(days=1))
    assert out.text.startswith("🔔 The mandate of bob as note-taker, given on Mon, Nov 23, 2026, 10:00 by alice")
    assert out.text.endswith("To renew it: !role @bob note-taker --term 2d")


async def test_the_end_of_the_last_facilitator_says_that_any_member_may_give_the_role() -> None:
    room = await assembly("alice", "bob", "carol")
    await room.say("alice", "!role @bob animation --mandat 10j")
    await room.say("alice", "!role moi retirer animation")
    [out] = await room.advance(timedelta(days=10))
    assert out.text.endswith("\n" + translate("member.nobody_facilitates", "fr"))
    assert the_assembly(room).facilitators() == ()
    [given] = await room.say("carol", "!role @carol animation")  # while nobody facilitates, any member may
    assert given.text == translate("role.given", "fr", member="carol", role="animation")


async def test_a_facilitator_whose_term_ends_while_another_facilitates_hears_no_such_note() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!role @bob animation --mandat 10j")
    [out] = await room.advance(timedelta(days=10))
    assert translate("member.nobody_facilitates", "fr") not in out.text
    assert the_assembly(room).facilitators() == (ALICE,)


async def test_each_due_row_runs_once() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!role @bob catalyseur --mandat 10j")
    assert len(await room.advance(timedelta(days=10))) == 1  # the reminder found after the end says nothing
    rows = [row for row in room.store.state.due if row.kind == END_DUE]
    from core.dispatch import handle_due

    again = await handle_due(room.store.uow, END_DUE, rows[0].ref, rows[0].id, room.clock.now())
    assert again is None


# ---- bad values ------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "typed", "key"), [
    ("fr", "!role @bob catalyseur --mandat bientôt", "role.term_bad"),
    ("fr", "!role @bob catalyseur --mandat 90 minutes", "role.term_bad"),
    ("fr", "!role @bob catalyseur --mandat 2020-01-01", "role.term_in_past"),
    ("fr", "!role @bob catalyseur --mandat 6 ans", "role.term_too_far"),
    ("fr", "!role @bob catalyseur --mandat 2040-01-01", "role.term_too_far"),
    ("fr", "!role @bob retirer catalyseur --mandat 6m", "role.term_on_remove"),
    ("en", "!role @bob catalyser --term soon", "role.term_bad"),
    ("en", "!role @bob catalyser --term 2020-01-01", "role.term_in_past"),
    ("en", "!role @bob catalyser --term 61 months", "role.term_too_far"),
    ("en", "!role @bob remove catalyser --term 6m", "role.term_on_remove"),
])
async def test_a_bad_term_is_answered_in_the_room_language_and_changes_nothing(lang: str, typed: str,
                                                                               key: str) -> None:
    room = await assembly("alice", "bob")
    if lang == "en":
        await room.say("alice", "!lang en")
    await room.say("alice", "!role @bob catalyseur --mandat 30j")
    before = copy.deepcopy(room.store.state.assemblies), copy.deepcopy(room.store.state.due)
    [out] = await room.say("alice", typed)
    assert out.text.startswith(translate(key, lang, value="@", years=5, day1="@", flag="@",
                                         role="@").split("@")[0]), out.text
    assert ("Rien n'a changé" if lang == "fr" else "Nothing changed") in out.text
    assert (room.store.state.assemblies, room.store.state.due) == before


async def test_only_a_facilitator_gives_a_term() -> None:
    room = await assembly("alice", "bob")
    [out] = await room.say("bob", "!role @bob catalyseur --mandat 6m")
    assert out.text == translate("member.not_facilitator", "fr")
    assert room.store.state.due == []


# ---- where roles are shown -------------------------------------------------------------------


async def test_role_alone_lists_the_roles_their_holders_and_the_end_of_each_mandate() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!role @bob catalyseur --mandat 6m")
    text = await room.text("bob", "!role")
    ends = when(datetime(2027, 5, 23, 8, 0, tzinfo=UTC), "Europe/Paris", "fr")
    assert text.splitlines() == [
        translate("role.list_head", "fr"),
        translate("role.list_item", "fr", role="animation", members="alice"),
        translate("role.list_item", "fr", role="catalyseur·ice démocratique",
                  members=translate("role.list_until", "fr", member="bob", end=ends)),
        translate("role.list_hint", "fr"),
    ]


async def test_the_status_overview_lists_the_mandates_under_way() -> None:
    room = await english("alice", "bob")
    assert "Mandates under way" not in await room.text("bob", "!status")
    await room.say("alice", "!role @bob catalyser --term 10d")
    text = await room.text("bob", "!status")
    assert "Mandates under way:\n  • bob — democratic catalyser, until Thu, Dec 3, 2026, 10:00" in text


async def test_help_role_tells_the_term() -> None:
    room = await assembly("alice")
    assert "--mandat 6m" in await room.text("alice", "!aide role")
    await room.say("alice", "!lang en")
    assert "--term 6m" in await room.text("alice", "!help role")


async def test_my_data_shows_the_end_of_my_mandates() -> None:
    room = await assembly("alice", "bob")
    await room.say("alice", "!role @bob catalyseur --mandat 6m")
    [out] = [o for o in await room.say("bob", "!mes-donnees") if o.attachment]
    data = json.loads(out.attachment or "")
    assert data["roles"] == ["catalyser"]
    assert data["mandates"] == {"catalyser": {"ends": "2027-05-23T08:00:00+00:00",
                                              "since": "2026-11-23T09:00:00+00:00", "by": "console:alice"}}


async def test_a_forgotten_member_who_gave_a_mandate_is_no_longer_named_as_its_giver() -> None:
    room = await assembly("alice", "bob", "carol")
    await room.say("alice", "!role @carol animation")
    await room.say("alice", "!role @bob catalyseur --mandat 10j")
    await room.say("alice", "!oublier confirmer")
    found = mandate(room, BOB, Role.CATALYSER)
    assert found is not None and found.by is not None and found.by.startswith("anon:")
    [out] = await room.advance(timedelta(days=10))
    assert "par anonyme" in out.text and "alice" not in out.text


async def test_a_term_in_digits_other_than_ascii_is_refused_and_long_terms_are_measured_in_years() -> None:
    room = await assembly("alice", "bob")
    for typed in ("²m", "1²m", "①m"):
        [out] = await room.say("alice", f"!role @bob catalyseur --mandat {typed}")
        assert "Je ne sais pas lire la durée du mandat" in out.text, typed
    [review] = await room.say("alice", "!proposer --revision ①m Test")
    assert "incomprise" in review.text
    # more than a thousand days is no unreadable length: within five years it is a mandate
    [given] = await room.say("alice", "!role @bob catalyseur --mandat 1825j")
    assert "pour un mandat qui prend fin le" in given.text
    for typed in ("2000j", "999999999j"):
        [out] = await room.say("alice", f"!role @bob catalyseur --mandat {typed}")
        assert "au plus 5 ans" in out.text, typed
