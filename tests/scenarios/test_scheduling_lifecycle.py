"""The whole life of an assembly meeting, typed in a room, in French and in English:
time poll → answers → grid → date fixed → meeting → attendance → agenda → live round →
in-person position → notes → minutes → calendar file → reschedule → cancel."""

from __future__ import annotations

from icalendar import Calendar

from .conftest import Cli, calendars, day, replies, soon_slot


def parse(text: str) -> Calendar:
    calendar = Calendar.from_ical(text)
    assert calendar.walk("VTIMEZONE") and calendar.get_missing_tzids() == set()
    return calendar


def check_calendars(output: str, count: int) -> list[tuple[str, int, str]]:
    """Every calendar file printed parses back; (UID, SEQUENCE, STATUS) of each."""
    found = []
    for text in calendars(output):
        (event,) = parse(text).walk("VEVENT")
        assert event["DTSTART"].params["TZID"] == "Europe/Paris"
        found.append((str(event["UID"]), int(event["SEQUENCE"]), str(event["STATUS"])))
    assert len(found) == count, found
    return found


def check_export(cli: Cli, *, cancelled_sequence: int = 2) -> None:
    state = cli.export()
    (assembly,) = state["assemblies"]
    (poll,) = assembly["polls"]
    assert poll["status"] == "finalized" and poll["meeting"] == 2
    assert {a["member"]: a["choices"] for a in poll["answers"]} == {
        "console:bob": ["yes", "no"], "console:carol": ["yes", "maybe"],
    }
    (meeting,) = assembly["meetings"]
    assert meeting["number"] == 2 and meeting["status"] == "cancelled"
    assert meeting["sequence"] == cancelled_sequence and meeting["poll"] == 1
    assert meeting["place"] == "Maison du peuple, 3 rue Haute"
    assert [a["title"] for a in meeting["agenda"]] == ["Budget 2027"]
    assert len(meeting["notes"]) == 1 and meeting["minutes"][0]["discussed"] == [3]
    (proposal,) = assembly["proposals"]
    assert proposal["status"] == "adopted"
    recorded = [p for p in proposal["positions"] if p["recorded_by"]]
    assert [(p["member"], p["recorded_by"]) for p in recorded] == [("console:dave", "console:alice")]
    kinds = [(a["subject"], a["kind"]) for a in assembly["audit"]]
    for expected in [("poll", "opened"), ("poll", "finalized"), ("meeting", "scheduled"),
                     ("proposal", "live_round"), ("meeting", "minutes_published"),
                     ("meeting", "rescheduled"), ("meeting", "cancelled"), ("calendar", "public")]:
        assert expected in kinds, expected


def test_lifecycle_in_french(cli: Cli) -> None:
    slots = f"{soon_slot()} | {day(8)} 18:30-20:30"
    lines = [
        "alice: !rejoindre", "bob: !rejoindre", "carol: !rejoindre", "dave: !rejoindre",
        f'alice: !planifier AG de quartier --creneaux "{slots}"',
        "bob: !dispo #1 oui non",
        "carol: !dispo #1 oui peut-être",
        "alice: !etat #1",
        'alice: !valider #1 --lieu "Maison du peuple, 3 rue Haute"',
        "bob: !present #2 oui", "carol: !present #2 oui", "alice: !present #2 oui",
        "bob: !odj #2 ajouter Budget 2027",
        "alice: !proposer Jardin partagé",
        "alice: !odj #2",
        "alice: !suivant #3", "alice: !suivant #3",
        "alice: !tour #3 --direct",
        "bob: !ok #3",
        "carol: !ok #3",
        "alice: !noter #3 @dave ok",
        "alice: !ok #3",
        "carol: !cr #2 Le jardin ouvrira au printemps.",
        "alice: !compte-rendu #2",
        "alice: !ics #2",
        "alice: !calendrier public",
        "bob: !calendrier",
        f"alice: !reporter #2 {day(9)} 19:00",
        "alice: !annuler #2 Salle indisponible",
        "alice: !etat #2",
    ]
    out = cli.script(lines)
    assert "📅 Sondage de dates #1 : « AG de quartier »" in out
    grid = replies(out, "alice: !etat #1")
    assert "2 réponses sur 4 membres" in grid and "  bob : ✅ ❌" in grid and "  carol : ✅ 🤷" in grid
    assert grid.index("✅ 2 · 🤷 0 · ❌ 0") < grid.index("✅ 0 · 🤷 1 · ❌ 1")  # best slot first
    fixed = replies(out, 'alice: !valider #1 --lieu "Maison du peuple, 3 rue Haute"')
    assert "C'est la réunion #2. bob, carol : le fichier calendrier est joint." in fixed
    agenda = replies(out, "alice: !odj #2")
    assert "1. Proposition #3 : Jardin partagé" in agenda and "2. Budget 2027" in agenda
    assert "Ordre : bob, carol, alice." in replies(out, "alice: !tour #3 --direct")
    assert "🎙 carol, à vous" in replies(out, "bob: !ok #3")
    assert "noté par alice" in replies(out, "alice: !noter #3 @dave ok")
    assert "ADOPTÉE" in replies(out, "alice: !ok #3").upper()
    minutes = replies(out, "alice: !compte-rendu #2")
    assert "carol : Le jardin ouvrira au printemps." in minutes
    assert "#3 « Jardin partagé » : adoptée" in minutes
    assert "calendar.ics?token=" in replies(out, "alice: !ics #2")
    public = replies(out, "alice: !calendrier public")
    assert "maintenant public" in public and "/calendar.ics\n" in public and "?token=" not in public
    assert "est public" in replies(out, "bob: !calendrier")
    assert "bob, carol, alice : le calendrier joint remplace l'ancien." in replies(
        out, f"alice: !reporter #2 {day(9)} 19:00")
    assert "Salle indisponible" in replies(out, "alice: !annuler #2 Salle indisponible")
    assert "— annulée" in replies(out, "alice: !etat #2")
    found = check_calendars(out, 4)  # finalize, !ics, reschedule, cancel
    assert len({uid for uid, _, _ in found}) == 1
    assert [(seq, status) for _, seq, status in found] == [
        (0, "CONFIRMED"), (0, "CONFIRMED"), (1, "CONFIRMED"), (2, "CANCELLED")]
    check_export(cli)


def test_lifecycle_in_english(cli: Cli) -> None:
    slots = f"{soon_slot()} | {day(8)} 18:30-20:30"
    lines = [
        "alice: !join", "alice: !lang en", "bob: !join", "carol: !join", "dave: !join",
        f'alice: !schedule Neighbourhood assembly --slots "{slots}"',
        "bob: !avail #1 yes no",
        "carol: !avail #1 y maybe",
        "alice: !status #1",
        'alice: !finalize #1 --place "Maison du peuple, 3 rue Haute"',
        "bob: !rsvp #2 yes", "carol: !rsvp #2 yes", "alice: !rsvp #2 yes",
        "bob: !agenda #2 add Budget 2027",
        "alice: !propose Community garden",
        "alice: !agenda #2",
        "alice: !next #3", "alice: !next #3",
        "alice: !round #3 --live",
        "bob: !consent #3",
        "carol: !consent #3",
        "alice: !record #3 @dave consent",
        "alice: !consent #3",
        "carol: !note #2 The garden opens in spring.",
        "alice: !minutes #2",
        "alice: !ics #2",
        "alice: !calendar public",
        "bob: !calendar",
        f"alice: !reschedule #2 {day(9)} 19:00",
        "alice: !cancel #2 Room unavailable",
        "alice: !status #2",
    ]
    out = cli.script(lines)
    assert "📅 Time poll #1: “Neighbourhood assembly”" in out
    grid = replies(out, "alice: !status #1")
    assert "2 answers from 4 members" in grid and "  bob: ✅ ❌" in grid
    assert grid.index("✅ 2 · 🤷 0 · ❌ 0") < grid.index("✅ 0 · 🤷 1 · ❌ 1")
    fixed = replies(out, 'alice: !finalize #1 --place "Maison du peuple, 3 rue Haute"')
    assert "It is meeting #2. bob, carol: the calendar file is attached." in fixed
    assert "📎 meeting-2.ics" in fixed
    agenda = replies(out, "alice: !agenda #2")
    assert "1. Proposal #3: Community garden" in agenda and "2. Budget 2027" in agenda
    assert "Order: bob, carol, alice." in replies(out, "alice: !round #3 --live")
    assert "🎙 carol, your turn" in replies(out, "bob: !consent #3")
    assert "recorded by alice" in replies(out, "alice: !record #3 @dave consent")
    minutes = replies(out, "alice: !minutes #2")
    assert "carol: The garden opens in spring." in minutes
    assert "#3 “Community garden”: adopted" in minutes
    assert "calendar.ics?token=" in replies(out, "alice: !ics #2")
    public = replies(out, "alice: !calendar public")
    assert "is now public" in public and "/calendar.ics\n" in public and "?token=" not in public
    assert "is public" in replies(out, "bob: !calendar")
    assert "the attached calendar file replaces the old one" in replies(out, f"alice: !reschedule #2 {day(9)} 19:00")
    assert "Room unavailable" in replies(out, "alice: !cancel #2 Room unavailable")
    assert "— cancelled" in replies(out, "alice: !status #2")
    found = check_calendars(out, 4)
    assert [(seq, status) for _, seq, status in found] == [
        (0, "CONFIRMED"), (0, "CONFIRMED"), (1, "CONFIRMED"), (2, "CANCELLED")]
    state = cli.export()
    assert state["assemblies"][0]["language"] == "en"
    assert state["assemblies"][0]["polls"][0]["title"] == "Neighbourhood assembly"
    assert state["assemblies"][0]["meetings"][0]["status"] == "cancelled"
