"""What the scheduling commands answer, through the core with the in-memory fakes."""

from __future__ import annotations

from datetime import timedelta

from tests.unit.helpers import Room


async def joined(room: Room, *names: str, lang: str = "en") -> None:
    for name in names:
        await room.say(name, "!join")
    await room.say(names[0], f"!lang {lang}")


async def test_swap_moves_only_the_named_role() -> None:
    room = Room()
    await joined(room, "alice", "bob", "carol")
    await room.say("alice", "!meeting Assembly 2026-11-24 19:00-21:00")
    await room.say("bob", "!rsvp #1 yes")
    await room.say("carol", "!rsvp #1 yes")
    await room.say("alice", "!swap #1 facilitator @carol")
    await room.say("alice", "!swap #1 note-taker @bob")
    await room.say("alice", "!swap #1 time-keeper @carol")
    answer = await room.text("alice", "!swap #1 note-taker @carol")
    assert "carol takes over note-taking from bob" in answer
    assert "carol also keeps facilitation, time-keeping" in answer
    assert "facilitation: carol · note-taking: carol · time-keeping: carol" in answer


async def test_swap_in_french_leaves_the_other_roles_alone() -> None:
    room = Room()
    await joined(room, "alice", "bob", "carol", "dave", lang="fr")
    await room.say("alice", "!reunion AG 2026-11-24 19:00-21:00")
    await room.say("alice", "!echanger #1 animation @carol")
    await room.say("alice", "!echanger #1 prise de notes @bob")
    await room.say("alice", "!echanger #1 temps @dave")
    answer = await room.text("alice", "!echanger #1 animation @bob")
    assert "bob reprend le rôle animation à carol" in answer
    assert "animation : bob · prise de notes : bob · gardien·ne du temps : dave" in answer
    assert "tenu par bob" in await room.text("carol", "!echanger #1 animation")
    await room.say("alice", "!reunion AG2 2026-11-25 19:00-21:00")
    taken = await room.text("carol", "!echanger #2 temps")
    assert "carol prend le rôle gardien·ne du temps, qui était libre" in taken


async def test_a_poll_close_to_its_first_slot_gets_a_deadline_a_few_hours_before() -> None:
    room = Room()  # Mon 23 Nov 2026, 10:00 Paris
    await joined(room, "alice", "bob")
    opened = await room.text("alice", "!schedule P --slots \"tomorrow 18:00-20:00 | 2026-12-10 18:00-20:00\"")
    assert "Answers until Tue, Nov 24, 2026, 15:00." in opened
    answered = await room.text("bob", "!avail #1 yes no")
    assert "You can change them until Tue, Nov 24, 2026, 15:00." in answered
    assert [row.kind for row in room.store.state.due if not row.done].count("poll.deadline") == 1


async def test_a_poll_without_any_possible_deadline_says_so() -> None:
    room = Room()  # Mon 23 Nov 2026, 10:00 Paris
    await joined(room, "alice", "bob")
    opened = await room.text("alice", "!schedule P --slots \"today 13:30-14:00 | 2026-12-10 18:00-20:00\" --remind 12h")
    assert "No deadline: the first slot is too close" in opened and "!finalize #1" in opened
    assert "--remind does nothing here" in opened
    answered = await room.text("bob", "!avail #1 yes no")
    assert "until a catalyser fixes the date" in answered and "deadline" not in answered
    assert "No deadline" in await room.text("bob", "!status #1")
    await room.say("alice", "!lang fr")
    opened = await room.text("alice", "!planifier Q --creneaux \"aujourd'hui 13h30-14h | 10/12 18h-20h\"")
    assert "Pas de date limite" in opened and "--rappel" not in opened


async def test_minutes_wait_for_the_meeting_and_a_second_publication_replaces_the_first() -> None:
    room = Room()  # Mon 23 Nov 2026, 10:00 Paris
    await joined(room, "alice", "bob", lang="fr")
    await room.say("alice", "!reunion AG 2026-11-24 19:00-21:00")
    await room.say("alice", "!cr #1 Le jardin est adopté.")
    early = await room.text("alice", "!compte-rendu #1")
    assert "n'a pas encore commencé" in early and "mar. 24 nov. 2026, 19:00–21:00" in early
    assert "à partir du mar. 24 nov. 2026, 18:30" in early
    assert "Compte rendu" not in early
    room.clock.advance(timedelta(days=1, hours=10))  # Tue 24 Nov, 20:00 Paris
    first = await room.text("alice", "!compte-rendu #1")
    assert "📝 Compte rendu" in first and "remplace" not in first
    assert "(aucun point ajouté à l'ordre du jour)" in first and "pour l'instant" not in first
    again = await room.text("alice", "!compte-rendu #1")
    assert "Ce compte rendu remplace celui publié le mar. 24 nov. 2026, 20:00." in again


async def test_commands_on_a_fixed_poll_give_the_meeting_number_and_the_right_command() -> None:
    room = Room()
    await joined(room, "alice", "bob", lang="fr")
    await room.say("alice", "!planifier Y --creneaux \"12/12 10h-12h | 13/12 10h-12h\"")
    await room.say("bob", "!dispo #1 oui non")
    await room.say("alice", "!valider #1")
    assert "réunion #2. Pour la déplacer : !reporter #2" in await room.text("alice", "!valider #1")
    assert "réunion #2. Pour dire si vous venez : !present #2" in await room.text("bob", "!dispo #1 non non")
    assert "réunion #2. Pour annuler la réunion : !annuler #2" in await room.text("alice", "!annuler #1")
    await room.say("alice", "!lang en")
    assert "meeting #2. To cancel the meeting: !cancel #2" in await room.text("alice", "!cancel #1")
    assert "no meeting and no time poll #7" in await room.text("alice", "!cancel #7")
    await room.say("alice", "!lang fr")
    assert "Il n'y a ni réunion ni sondage de dates #7" in await room.text("alice", "!annuler #7")


async def test_a_member_who_left_is_no_longer_counted_as_coming() -> None:
    room = Room()
    await joined(room, "alice", "bob", "carol")
    await room.say("alice", "!meeting Drop-in 2026-12-08 19:00 --every \"2nd tue\" --place Hall")
    await room.say("bob", "!rsvp #1 yes")
    await room.say("carol", "!rsvp #1 yes")
    await room.say("bob", "!leave")
    status = await room.text("alice", "!status #1")
    assert "✅ 1 · 🤷 0 · ❌ 0 — coming: carol" in status and "bob" not in status
    counted = await room.text("alice", "!rsvp #1 yes")
    assert "✅ 2 ·" in counted
    reminder = "\n".join(o.text for o in await room.advance(timedelta(days=15)))
    assert "carol" in reminder and "bob" not in reminder


async def test_a_live_round_is_named_after_the_method_and_stopping_it_says_who_was_called() -> None:
    room = Room()
    await joined(room, "alice", "bob", "carol")
    await room.say("alice", "!propose --method vote --options \"A | B | C\" Colour\nWhich colour?")
    assert "🎙 Live vote round on proposal #1" in await room.text("alice", "!round #1 --live")
    await room.say("alice", "!propose Garden\nText")
    await room.say("alice", "!next #2")
    await room.say("alice", "!next #2")
    started = await room.text("alice", "!round #2 --live")
    assert "🎙 Live consent round on proposal #2" in started and "Order: alice, bob, carol" in started
    stopped = await room.text("alice", "!round #2 stop")
    assert "(0 positions given). Called, no answer: alice. Not called yet: bob, carol." in stopped
    await room.say("alice", "!lang fr")
    await room.say("alice", "!propose --method consensus Fête\nTexte")
    await room.say("alice", "!suivant #3")
    await room.say("alice", "!suivant #3")
    assert "🎙 Tour de consensus en direct sur la proposition #3" in await room.text("alice", "!tour #3 --direct")
    await room.say("alice", "!tour #3 suivant")
    stopped = await room.text("alice", "!tour #3 stop")
    assert "Appelé·es, sans réponse : alice, bob. Pas encore appelé·es : carol." in stopped


async def test_moving_or_cancelling_a_meeting_nobody_answered_names_no_one() -> None:
    room = Room()
    await joined(room, "alice")
    await room.say("alice", "!meeting M 2026-12-10 19:00")
    moved = await room.text("alice", "!reschedule #1 2026-12-11 19:00")
    assert "Nobody had answered yet; the updated calendar file is attached." in moved and "—:" not in moved
    await room.say("alice", "!lang fr")
    cancelled = await room.text("alice", "!annuler #1")
    assert "Personne n'avait encore répondu" in cancelled and "— :" not in cancelled


async def test_agenda_items_are_removed_by_number_and_added_one_per_line() -> None:
    room = Room()
    await joined(room, "alice", "bob")
    await room.say("alice", "!meeting Assembly 2026-12-10 19:00")
    added = await room.text("alice", "!agenda #1 add Budget\nGarden\n\nParty")
    assert "3 items added" in added and "1. Budget\n  2. Garden\n  3. Party" in added
    removed = await room.text("alice", "!agenda #1 remove 2")
    assert "Item “Garden” removed" in removed and "1. Budget\n  2. Party" in removed
    assert "There is no item 7" in await room.text("alice", "!agenda #1 remove 7")
    assert "added by alice" in await room.text("bob", "!agenda #1 remove 1")
    assert "remove Budget" not in await room.text("alice", "!agenda #1 remove Budget")
    await room.say("alice", "!lang fr")
    assert "Point « Party » retiré" in await room.text("alice", "!odj #1 retirer 1")
    assert "(rien pour l'instant)" in await room.text("alice", "!odj #1")


async def test_help_of_the_scheduling_commands_says_what_they_do() -> None:
    room = Room()
    await room.say("alice", "!join")
    assert "!odj #N [ajouter <point> | retirer <n°>]" in await room.text("alice", "!aide odj")
    assert "!calendrier seul : [public | privé]" in await room.text("alice", "!aide calendrier")
    assert "annuler une réunion ou un sondage de dates" in await room.text("alice", "!aide annuler")
    assert "!tour #N suivant | stop" in await room.text("alice", "!aide tour")
    await room.say("alice", "!lang en")
    assert "French: !calendrier [public | privé]" in await room.text("alice", "!help calendar")
    assert "cancel a meeting or a time poll" in await room.text("alice", "!help cancel")
    live = await room.text("alice", "!help round")
    assert "!round #N next | stop" in live and "--direct" in live
    schedule = await room.text("alice", "!help schedule")
    assert all(flag in schedule for flag in ("--deadline", "--remind", "--duration", "one slot per line"))
    meeting = await room.text("alice", "!help meeting")
    assert "--duration" in meeting and "--remind" in meeting


async def test_finalising_a_tie_says_which_slots_tie_and_how_to_take_another() -> None:
    room = Room()
    await joined(room, "alice", "bob", lang="fr")
    await room.say("alice", "!planifier Y --creneaux \"12/12 10h-12h | 13/12 10h-12h | 14/12 10h-12h\"")
    await room.say("alice", "!dispo #1 oui oui oui")
    await room.say("bob", "!dispo #1 oui oui non")
    fixed = await room.text("alice", "!valider #1")
    assert "Les créneaux n° 1 et 2 sont à égalité (✅ 2 · 🤷 0) : j'ai pris le plus tôt, le n° 1." in fixed
    assert "Pour prendre le n° 2 à la place : !reporter #2 2026-12-13 10:00-12:00" in fixed
    moved = await room.text("alice", "!reporter #2 2026-12-13 10:00-12:00")
    assert "dim. 13 déc. 2026, 10:00–12:00" in moved
    await room.say("alice", "!planifier Z --creneaux \"12/12 10h-12h | 13/12 10h-12h\"")
    await room.say("bob", "!dispo #3 oui non")
    assert "égalité" not in await room.text("alice", "!valider #3")


async def test_a_one_slot_poll_shows_no_example_for_slot_two() -> None:
    room = Room()
    await joined(room, "alice")
    opened = await room.text("alice", "!schedule One --slots \"2026-12-20 10:00-12:00\"")
    assert "!avail #1 yes\n" in opened and " 2 yes" not in opened
    assert " 2 yes" not in await room.text("alice", "!avail #1")
    opened = await room.text("alice", "!schedule Two --slots \"2026-12-20 10:00-12:00 | 2026-12-21 10:00-12:00\"")
    assert "for one slot only: !avail #2 2 yes" in opened


async def test_too_few_answers_take_the_plural_rule() -> None:
    room = Room()
    await joined(room, "alice")
    await room.say("alice", "!schedule P --slots \"2026-12-20 10:00-12:00 | 2026-12-21 10:00-12:00 | 2026-12-22 10:00-12:00\"")
    assert "This poll has 3 slots and I read 1 answer." in await room.text("alice", "!avail #1 yes")
    await room.say("alice", "!lang fr")
    assert "Ce sondage a 3 créneaux et j'ai lu 1 réponse." in await room.text("alice", "!dispo #1 oui")
    assert "j'ai lu 2 réponses." in await room.text("alice", "!dispo #1 oui non")


async def test_a_monthly_series_on_the_31st_warns_about_the_months_it_skips() -> None:
    room = Room()
    await joined(room, "alice")
    created = await room.text("alice", "!meeting Monthly 2026-12-31 19:00 --every monthly")
    assert "the months without a day 31 get no meeting" in created
    assert '!reschedule #1 --every "FREQ=MONTHLY;BYMONTHDAY=-1"' in created
    moved = await room.text("alice", '!reschedule #1 --every "FREQ=MONTHLY;BYMONTHDAY=-1"')
    assert "Feb 28, 2027" in moved and "⚠️" not in moved
    assert "⚠️" not in await room.text("alice", "!meeting Mid 2026-12-15 19:00 --every monthly")
    await room.say("alice", "!lang fr")
    created = await room.text("alice", "!reunion Trente 2026-12-30 19:00 --chaque mensuel")
    assert "les mois sans jour 30 n'auront pas de réunion." in created and "BYMONTHDAY" not in created


async def test_without_a_public_url_no_address_only_what_to_set() -> None:
    from core.schedule_app.common import set_public_url

    set_public_url(None)  # http.public_url not set
    room = Room()
    await joined(room, "alice", lang="fr")
    await room.say("alice", "!reunion AG 2026-12-20 19:00")
    for command in ("!calendrier", "!ics #1", "!calendrier public"):
        answer = await room.text("alice", command)
        assert "http.public_url" in answer and "http://" not in answer and "127.0.0.1" not in answer, command
        assert "pour tout le monde :" not in answer and "cette adresse" not in answer, answer  # none promised


async def test_a_poll_fixed_before_anyone_answered_says_so() -> None:
    room = Room()
    await joined(room, "alice", "bob")
    await room.say("alice", "!lang en")
    await room.say("alice", '!schedule P --slots "2026-12-01 18:00-20:00 | 2026-12-02 18:00-20:00"')
    fixed = await room.text("alice", "!finalize #1 2")
    assert "Nobody had answered the poll.\nIt is meeting #2. The calendar file is attached. Are you coming?" in fixed
    assert "—" not in fixed and "0 of 0" not in fixed


async def test_the_example_of_a_slot_refusal_is_a_date_to_come() -> None:
    room = Room()  # the clock reads 23 November 2026
    await joined(room, "alice")
    refused = await room.text("alice", '!schedule P --slots "tomorrow 6pm | 2026-12-01 18:00"')
    assert "for example 2026-11-30 18:30-20:30" in refused and "{day1}" not in refused
    refused = await room.text("alice", '!schedule P --slots "someday | 2026-12-01 18:00-20:00"')
    assert "like 2026-11-30 18:30-20:30" in refused
