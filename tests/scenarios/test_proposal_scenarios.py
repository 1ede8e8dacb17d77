"""Proposal scenarios typed in a room, in French and in English, through the real command
line (`assemblee console --script`), checked on what the bot printed and on
`assemblee export --format json`.

The scenarios are the `proposals_*.txt` and `bad_inputs_*.txt` files next to this one:
console script lines (`member: message`), each optionally followed by `#> text` (the answer
to that line contains it) or `#! text` (it does not). In the bad-input files, the lines
after `# ---` are the bad inputs: the export must be the same before and after them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .conftest import Cli

HERE = Path(__file__).parent
PLACEHOLDERS = {
    "{100KB}": "x" * 100_000,
    "{NUL}": "\x00",
    "{ESC}": "\x1b",
    "{BEL}": "\x07",
    "{ZWSP}": "\u200b",
    "{RLO}": "\u202e",
}
# The proposals table of COMMANDS.md: every verb and every French alias.
PROPOSALS_TABLE = {
    "propose": ("proposer", "proposition"),
    "ask": ("question",),
    "answer": ("reponse", "réponse"),
    "react": ("reaction", "réaction"),
    "next": ("suivant",),
    "consent": ("consens", "consentement", "ok"),
    "concern": ("reserve", "réserve"),
    "object": ("objection",),
    "standaside": ("abstention", "abstenir"),
    "amend": ("amender", "amendement"),
    "withdraw-objection": ("lever", "retirer-objection"),
    "close": ("clore", "cloturer", "clôturer"),
    "withdraw": ("retirer",),
    "status": ("etat", "état"),
    "decisions": ("décisions", "registre"),
    "help": ("aide",),
}


@dataclass
class Step:
    line: str
    expects: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)

    @property
    def echo(self) -> str:
        """How script mode prints the line before its answers."""
        name, text = self.line.split(":", 1)
        return f"{name.strip()}: {text.strip()}".replace("\\n", "\n")

    @property
    def word(self) -> str:
        return self.line.split(":", 1)[1].strip().lstrip("!").split(" ")[0].casefold()


def load(name: str) -> tuple[list[Step], list[Step]]:
    """(lines before `# ---`, lines after it); without a marker, everything is in the second."""
    before: list[Step] = []
    steps: list[Step] = []
    for raw in (HERE / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("# ---"):
            before, steps = steps, []
        elif line.startswith("#>"):
            steps[-1].expects.append(line[2:].strip())
        elif line.startswith("#!"):
            steps[-1].absent.append(line[2:].strip())
        elif line and not line.startswith("#"):
            for placeholder, value in PLACEHOLDERS.items():
                line = line.replace(placeholder, value)
            steps.append(Step(line))
    return before, steps


def answers(output: str, steps: list[Step]) -> list[str]:
    """What the bot printed after each line, up to the next line."""
    spans = []
    position = 0
    for step in steps:
        start = output.index(step.echo, position)
        position = start + len(step.echo)
        spans.append((start, position))
    return [output[end:(spans[i + 1][0] if i + 1 < len(spans) else len(output))] for i, (_, end) in enumerate(spans)]


def play(cli: Cli, steps: list[Step], name: str) -> list[str]:
    output = cli.script([step.line for step in steps], name=name)
    found = answers(output, steps)
    for step, answer in zip(steps, found, strict=True):
        shown = step.line[:80]
        for expected in step.expects:
            assert expected in answer, f"after `{shown}` expected {expected!r} in:\n{answer[:1500]}"
        for unwanted in step.absent:
            assert unwanted not in answer, f"after `{shown}` did not expect {unwanted!r} in:\n{answer[:1500]}"
    return found


def check_export_shape(state: dict[str, Any]) -> None:
    for assembly in state["assemblies"]:
        assert isinstance(assembly["meetings"], list) and isinstance(assembly["polls"], list)
        for proposal in assembly["proposals"]:
            for key in ("number", "title", "status", "method", "phase", "version", "positions", "objections",
                        "outcome", "decided_at"):
                assert key in proposal, key
            assert proposal["status"] in ("open", "adopted", "rejected", "withdrawn", "expired")
            for position in proposal["positions"]:
                assert {"member", "position", "reason", "version"} <= position.keys()
            for objection in proposal["objections"]:
                assert {"member", "reason", "status"} <= objection.keys()
                assert objection["status"] in ("open", "integrated", "withdrawn")


def positions(proposal: dict[str, Any]) -> set[tuple[str, str, str, int]]:
    return {(p["member"], p["position"], p["reason"], p["version"]) for p in proposal["positions"]}


def objections(proposal: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(o["member"], o["reason"], o["status"]) for o in proposal["objections"]]


# ---- the scenarios ---------------------------------------------------------------------------


def test_proposals_in_french(cli: Cli) -> None:
    _, steps = load("proposals_fr.txt")
    play(cli, steps, "proposals_fr.txt")
    state = cli.export()
    check_export_shape(state)
    (assembly,) = state["assemblies"]
    assert assembly["language"] == "fr"
    assert [m["member"] for m in assembly["members"]] == ["console:alice", "console:bob", "console:carol",
                                                          "console:dave"]
    garden, party, lock, picnic, colour, energy = assembly["proposals"]
    assert [(p["number"], p["status"], p["method"]) for p in assembly["proposals"]] == [
        (1, "adopted", "consent"), (2, "adopted", "consent"), (3, "withdrawn", "consent"),
        (4, "rejected", "consensus"), (5, "adopted", "vote"), (6, "adopted", "advice")]
    assert all(p["phase"] == "closed" and p["decided_at"] for p in assembly["proposals"])
    assert (garden["title"], garden["version"], garden["outcome"]) == ("Jardin partagé", 2, None)
    assert garden["review_at"] is not None
    assert positions(garden) == {
        ("console:alice", "consent", "", 1), ("console:bob", "objection", "Pas d'accès à l'eau l'été.", 1),
        ("console:carol", "concern", "Le coût des outils.", 1), ("console:dave", "stand_aside", "", 1),
        ("console:alice", "consent", "", 2), ("console:carol", "consent", "", 2),
        ("console:dave", "stand_aside", "", 2), ("console:bob", "consent", "", 2)}
    assert objections(garden) == [("console:bob", "Pas d'accès à l'eau l'été.", "integrated")]
    assert party["version"] == 2
    assert objections(party) == [("console:carol", "Le 21 juin, c'est trop tôt.", "withdrawn")]
    assert positions(party) == {("console:carol", "objection", "Le 21 juin, c'est trop tôt.", 1),
                                ("console:alice", "consent", "", 2), ("console:bob", "consent", "", 2)}
    assert lock["positions"] == [] and objections(lock) == [("console:dave", "Trop cher pour cette année.",
                                                             "withdrawn")]
    assert picnic["outcome"] == "block"
    assert positions(picnic) == {
        ("console:alice", "agree", "", 1), ("console:bob", "disagree", "", 1),
        ("console:carol", "block", "Je ne peux pas m'engager chaque mois.", 1), ("console:dave", "abstain", "", 1)}
    assert colour["outcome"] == "Vert" and colour["anonymous"]
    assert all(p["member"].startswith("anon:") for p in colour["positions"])
    assert sorted(p["option"] for p in colour["positions"]) == ["Rouge", "Vert", "Vert", "Vert"]
    assert energy["outcome"] == "On passe à la coopérative."
    assert positions(energy) == {("console:alice", "advice", "Comparer avec la coopérative.", 1)}


def test_proposals_in_english(cli: Cli) -> None:
    _, steps = load("proposals_en.txt")
    play(cli, steps, "proposals_en.txt")
    state = cli.export()
    check_export_shape(state)
    (assembly,) = state["assemblies"]
    assert assembly["language"] == "en"
    garden, party, colour, day, picnic, energy = assembly["proposals"]
    assert [(p["status"], p["method"]) for p in assembly["proposals"]] == [
        ("adopted", "consent"), ("withdrawn", "consent"), ("rejected", "vote"), ("rejected", "vote"),
        ("rejected", "consensus"), ("adopted", "advice")]
    assert garden["version"] == 2 and garden["quorum"] == "1/2" and garden["review_at"]
    assert objections(garden) == [("console:bob", "No water access in summer.", "withdrawn")]
    assert {p for p in positions(garden) if p[3] == 2} == {
        ("console:alice", "consent", "", 2), ("console:carol", "consent", "", 2),
        ("console:dave", "stand_aside", "", 2)}
    assert ("console:bob", "objection", "No water access in summer.", 1) not in positions(garden)  # lifted
    assert party["positions"] == [] and party["decided_at"]
    assert (colour["outcome"], colour["threshold"], colour["hide_results"]) == ("no_majority", "3/4", True)
    assert day["outcome"] == "tie"
    assert picnic["outcome"] == "block" and picnic["deadline"]
    assert energy["anonymous"] and all(p["member"].startswith("anon:") for p in energy["positions"])
    assert energy["outcome"] == "We move to the cooperative."


@pytest.mark.parametrize("name", ["bad_inputs_fr.txt", "bad_inputs_en.txt"])
def test_bad_inputs_are_answered_and_change_nothing(cli: Cli, name: str) -> None:
    setup, bad = load(name)
    assert setup and len(bad) >= 15
    play(cli, setup, "setup.txt")
    before = cli.export()
    found = play(cli, bad, name)
    for step, answer in zip(bad, found, strict=True):
        messages = [line for line in answer.splitlines() if line.startswith("» ")]
        assert len(messages) == 1, (step.line[:80], answer[:500])
        assert len(answer) < 600 and "x" * 200 not in answer, step.line[:80]
    assert cli.export() == before


def test_the_scenarios_cover_every_proposal_command_and_french_alias() -> None:
    used: set[str] = set()
    for name in ("proposals_fr.txt", "proposals_en.txt"):
        for step in load(name)[1]:
            used.add(step.word)
    wanted = {word for verb, aliases in PROPOSALS_TABLE.items() for word in (verb, *aliases)}
    assert wanted - used == set()
    for method_word in ("agree", "accord", "disagree", "desaccord", "block", "bloquer", "abstain", "vote",
                        "advise", "avis"):
        assert method_word in used, method_word
    flags = " ".join(step.line for name in ("proposals_fr.txt", "proposals_en.txt") for step in load(name)[1])
    for flag in ("--method", "--options", "--deadline", "--quorum", "--threshold", "--anonymous",
                 "--hide-results", "--review", "--methode", "--anonyme", "--resultats-caches", "--revision"):
        assert flag in flags, flag
