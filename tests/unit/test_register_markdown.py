"""`assemblee export --format markdown`: the register in the assembly's language, for reading
or publishing, from the exported state alone."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from storage.export import to_markdown

NOW = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)


def position(member: str, stance: str, version: int = 1, reason: str = "", option: str | None = None,
             recorded_by: str | None = None) -> dict[str, Any]:
    return {"member": member, "position": stance, "reason": reason, "option": option, "version": version,
            "at": "2026-12-01T10:00:00+00:00", "recorded_by": recorded_by}


def proposal(number: int, title: str, **changes: Any) -> dict[str, Any]:
    base = {
        "number": number, "title": title, "body": "", "author": "console:alice", "status": "open",
        "method": "consent", "phase": "decision", "version": 1, "options": [], "deadline": "2026-12-10T17:00:00+00:00",
        "quorum": None, "threshold": "1/2", "anonymous": False, "hide_results": False,
        "electorate": ["console:alice", "console:bob", "console:carol"], "positions": [], "objections": [],
        "outcome": None, "decided_at": None, "review_at": None, "created_at": "2026-12-01T09:00:00+00:00",
    }
    base.update(changes)
    return base


def state(language: str = "fr") -> dict[str, Any]:
    return {"assemblies": [{
        "id": 1, "platform": "telegram", "room": "-100123", "title": "Quartier Nord", "language": language,
        "timezone": "Europe/Paris",
        "members": [{"member": f"telegram:{n}", "roles": [], "active": n != 4} for n in (1, 2, 3, 4)],
        "proposals": [
            proposal(1, "Jardin partagé", status="adopted", phase="closed", version=2,
                     body="Un jardin\n\n# et de l'eau", decided_at="2026-12-02T17:30:00+00:00",
                     review_at="2027-06-02T17:30:00+00:00",
                     positions=[position("console:alice", "consent"), position("console:bob", "objection", 1, "Pas d'eau"),
                                position("console:alice", "consent", 2), position("console:bob", "consent", 2),
                                position("console:carol", "concern", 2, "Qui arrose ?", recorded_by="console:alice")],
                     objections=[{"member": "console:bob", "reason": "Pas d'eau", "status": "integrated",
                                  "version": 1, "resolved_version": 2}]),
            proposal(2, "Couleur", method="vote", status="adopted", phase="closed", outcome="Vert",
                     decided_at="2026-12-02T18:00:00+00:00",
                     positions=[position("console:bob", "vote", option="Vert"),
                                position("console:carol", "vote", option="Vert"),
                                position("console:alice", "vote", option="Rouge")]),
            proposal(3, "Secret", anonymous=True,
                     positions=[position("anon:1a2b", "objection", reason="Non")],
                     objections=[{"member": "anon:1a2b", "reason": "Non", "status": "open", "version": 1,
                                  "resolved_version": None}]),
            proposal(4, "Caché", method="vote", hide_results=True,
                     positions=[position("console:bob", "vote", option="A")]),
            proposal(5, "Pas encore", phase="clarification", electorate=[]),
        ],
        "meetings": [
            {"number": 6, "title": "AG", "status": "scheduled", "start": "2026-12-10T17:30:00+00:00",
             "end": "2026-12-10T19:30:00+00:00", "timezone": "Europe/Paris", "place": "Maison du peuple",
             "rrule": None, "rsvps": [{"member": "console:alice", "answer": "yes", "occurrence": None},
                                      {"member": "console:bob", "answer": "no", "occurrence": None}],
             "agenda": [{"title": "Budget", "added_by": "console:alice", "occurrence": None}],
             "notes": [{"author": "console:bob", "text": "On vote le budget", "at": "2026-12-10T18:00:00+00:00",
                        "occurrence": None}]},
            {"number": 7, "title": "Fête", "status": "cancelled", "start": "2026-12-20T14:00:00+00:00",
             "end": "2026-12-20T16:00:00+00:00", "timezone": "Europe/Paris", "place": None,
             "rrule": "FREQ=MONTHLY;BYDAY=3SU", "rsvps": [], "agenda": [], "notes": []},
        ],
        "polls": [
            {"number": 8, "title": "Date de l'AG", "status": "finalized", "timezone": "Europe/Paris",
             "slots": [{"start": "2026-12-10T17:30:00+00:00", "end": "2026-12-10T19:30:00+00:00"},
                       {"start": "2026-12-12T09:00:00+00:00", "end": "2026-12-12T11:00:00+00:00"}],
             "answers": [{"member": "console:bob", "choices": ["yes", "no"]},
                         {"member": "console:carol", "choices": ["yes", "maybe"]}],
             "meeting": 6},
        ],
        "audit": [],
    }]}


def test_the_register_in_french() -> None:
    text = to_markdown(state(), now=NOW)
    lines = text.splitlines()
    assert lines[0] == "# Assemblée « Quartier Nord » — registre"
    assert lines[2] == "Exporté le jeu. 3 déc. 2026, 14:00 (fuseau Europe/Paris) · 3 membres · telegram : -100123"
    assert "## Décisions (2)" in lines and "## En cours (3)" in lines
    garden = text[text.index("### #1 Jardin partagé — adoptée"):text.index("### #2")]
    assert "- Décidée le mer. 2 déc. 2026, 18:30 · méthode : consentement (version 2)" in garden
    assert "- Révision prévue le" in garden
    # Typed text stays on its line: a body cannot open a heading of its own.
    assert "- Texte : Un jardin # et de l'eau" in garden
    # Only the positions on the current version count and are listed.
    assert "- Positions : 3/3 — consentement 2 · réserve 1" in garden
    assert "  - bob : consentement\n" in garden and "Pas d'eau\n  -" not in garden
    assert "  - carol : réserve — Qui arrose ? (donnée en personne, notée par alice)" in garden
    assert "  - bob (v1, intégrée) : Pas d'eau" in garden
    colour = text[text.index("### #2 Couleur"):text.index("## En cours")]
    assert "- Option retenue : Vert." in colour and "- Positions : 3/3 — Vert 2 · Rouge 1" in colour
    assert "(version" not in colour  # a vote has no versions


def test_anonymous_and_hidden_rounds_keep_their_secret() -> None:
    text = to_markdown(state(), now=NOW)
    secret = text[text.index("### #3 Secret"):text.index("### #4")]
    assert "- Positions : 1/3 — objection 1" in secret
    assert "anon:" not in text and "1a2b" not in text
    assert "  - une personne (v1, ouverte) : Non" in secret
    hidden = text[text.index("### #4 Caché"):text.index("### #5")]
    assert "- Positions : 1/3 (résultats masqués jusqu'à la clôture)" in hidden
    assert "A 1" not in hidden and "bob" not in hidden
    early = text[text.index("### #5 Pas encore"):text.index("## Réunions")]
    assert "- Phase : clarification" in early and "Positions" not in early and "Aucune" not in early


def test_meetings_and_polls() -> None:
    text = to_markdown(state(), now=NOW)
    meeting = text[text.index("### #6 AG"):text.index("### #7")]
    assert meeting.startswith("### #6 AG — jeu. 10 déc. 2026, 18:30–20:30\n")
    assert "- Lieu : Maison du peuple" in meeting
    assert "- Présences : ✅ 1 · 🤷 0 · ❌ 1 — viennent : alice" in meeting
    assert "- Ordre du jour :\n  1. Budget" in meeting
    assert "  - bob : On vote le budget" in meeting
    assert "### #7 Fête — dim. 20 déc. 2026, 15:00–17:00 (annulée)" in text
    assert "- Réunion récurrente" in text
    poll = text[text.index("### #8"):]
    assert poll.startswith("### #8 Date de l'AG — date fixée : réunion #6\n- 2 réponses :")
    assert "  1. jeu. 10 déc. 2026, 18:30–20:30 — ✅ 2 · 🤷 0 · ❌ 0" in poll
    assert "  2. sam. 12 déc. 2026, 10:00–12:00 — ✅ 0 · 🤷 1 · ❌ 1" in poll


def test_the_register_in_english() -> None:
    text = to_markdown(state("en"), now=NOW)
    assert text.startswith("# Assembly “Quartier Nord” — register\n\nExported on Thu, Dec 3, 2026, 14:00")
    assert "## Decisions (2)" in text and "## Under way (3)" in text and "## Meetings (2)" in text
    assert "- Decided on Wed, Dec 2, 2026, 18:30 · method: consent (version 2)" in text
    assert "  - bob: consent\n" in text and "  - someone (v1, open): Non" in text
    assert "- 2 answers:" in text and "- Attendance: ✅ 1 · 🤷 0 · ❌ 1 — coming: alice" in text
    assert " : " not in text.replace("telegram: -100123", "")  # no French spacing in English


def test_the_room_id_names_an_assembly_without_a_title_and_empty_sections_are_left_out() -> None:
    bare = copy.deepcopy(state())
    assembly = bare["assemblies"][0]
    assembly.update(title=None, proposals=[], meetings=[], polls=[])
    text = to_markdown(bare, now=NOW)
    assert text.startswith("# Assemblée « -100123 » — registre")
    assert "##" not in text


def test_withdrawn_expired_and_blocked_proposals_say_so() -> None:
    closed = copy.deepcopy(state())
    closed["assemblies"][0]["proposals"] = [
        proposal(1, "Retirée", status="withdrawn", phase="closed", electorate=[],
                 decided_at="2026-12-02T17:30:00+00:00"),
        proposal(2, "Oubliée", status="expired", phase="closed", electorate=[],
                 decided_at="2026-12-02T18:00:00+00:00"),
        proposal(3, "Charte", method="consensus", status="rejected", phase="closed", outcome="block",
                 anonymous=True, hide_results=True, decided_at="2026-12-02T19:00:00+00:00",
                 positions=[position("anon:1", "block", reason="Contraire à nos valeurs."),
                            position("anon:2", "agree"), position("anon:3", "agree")]),
    ]
    text = to_markdown(closed, now=NOW)
    withdrawn = text[text.index("### #1"):text.index("### #2")]
    assert "- Retirée le mer. 2 déc. 2026, 18:30 · méthode : consentement\n" in withdrawn
    assert "Décidée" not in withdrawn and "Positions" not in withdrawn and "Aucune" not in withdrawn
    expired = text[text.index("### #2"):text.index("### #3")]
    assert "- Expirée le mer. 2 déc. 2026, 19:00 · méthode : consentement (version 1)" in expired
    assert "- Le tour de décision n'a jamais été ouvert." in expired and "Aucune" not in expired
    charter = text[text.index("### #3"):]
    assert "- Au moins un blocage." in charter and "- Blocages :\n  - Contraire à nos valeurs." in charter
    assert "anon" not in charter
    english = to_markdown({"assemblies": [dict(closed["assemblies"][0], language="en")]}, now=NOW)
    assert "- Withdrawn on Wed, Dec 2, 2026, 18:30" in english and "- Blocks:\n  - Contraire" in english
    assert "- The decision round was never opened." in english
