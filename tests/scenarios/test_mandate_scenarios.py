"""Roles given for a term, typed in a room in French and in English through the real command
line (`assemblee console --script`): `mandates_fr.txt` and `mandates_en.txt` (same format as
the proposal scenarios). The mandates are in `assemblee export` (JSON and Markdown); the bad
inputs after `# ---` are answered and change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from .conftest import PARIS, Cli
from .test_proposal_scenarios import Step, check_export_shape, load, play


def steps_of(name: str) -> tuple[list[Step], list[Step]]:
    """The scenario with `{FIN}` as a day a year ahead (in the room's zone)."""
    end = f"{(datetime.now(UTC) + timedelta(days=365)).astimezone(PARIS):%Y-%m-%d}"
    before, after = load(name)
    for step in (*before, *after):
        step.line = step.line.replace("{FIN}", end)
    return before, after


@pytest.mark.parametrize(("name", "lang"), [("mandates_fr.txt", "fr"), ("mandates_en.txt", "en")])
def test_mandates_are_given_renewed_listed_and_ended(cli: Cli, name: str, lang: str) -> None:
    setup, bad = steps_of(name)
    start = datetime.now(UTC)
    play(cli, setup, "setup.txt")
    state = cli.export()
    check_export_shape(state)
    (assembly,) = state["assemblies"]
    assert assembly["language"] == lang
    members = {m["member"]: m for m in assembly["members"]}
    # each member keeps `roles`; the roles held for a term have their end in `mandates`
    assert all({"member", "roles", "active", "mandates"} <= m.keys() for m in members.values())
    bob = members["console:bob"]
    if lang == "fr":
        assert bob["roles"] == ["catalyser"] and list(bob["mandates"]) == ["catalyser"]
        mandate = bob["mandates"]["catalyser"]
        assert mandate["by"] == "console:alice"
        ends = datetime.fromisoformat(mandate["ends"])
        assert timedelta(days=180) < ends - start < timedelta(days=185)  # six months
        assert members["console:carol"]["mandates"] == {}  # removed
        assert (members["console:dave"]["active"], members["console:dave"]["mandates"]) == (False, {})  # left
    else:
        assert (bob["roles"], bob["mandates"]) == ([], {})  # removed
        assert (members["console:carol"]["active"], members["console:carol"]["mandates"]) == (False, {})
    kinds = [a["kind"] for a in assembly["audit"] if a["subject"] == "role"]
    assert {"role_given", "mandate_renewed", "mandate_lifted", "role_removed", "mandate_ended"} <= set(kinds)

    before = cli.export()
    found = play(cli, bad, name)
    for step, answer in zip(bad, found, strict=True):
        messages = [line for line in answer.splitlines() if line.startswith("» ")]
        assert len(messages) == 1, (step.line[:80], answer[:500])
    assert cli.export() == before


def test_the_register_in_markdown_shows_the_mandates_under_way(cli: Cli) -> None:
    setup, _ = steps_of("mandates_fr.txt")
    play(cli, setup, "setup.txt")
    done = cli.run("export", "--format", "markdown")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "## Mandats en cours (1)" in done.stdout
    assert "- bob — catalyseur·ice démocratique, jusqu'au " in done.stdout
    assert " (confié le " in done.stdout and " par alice)" in done.stdout
