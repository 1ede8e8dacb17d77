"""Welcoming newcomers typed in a room, in French and in English, through the real command
line (`assemblee console --script`): the `welcome_*.txt` files next to this one (same format
as the proposal scenarios), checked on what the bot printed and on `assemblee export`. The
lines after `# ---` are bad inputs: the export must be the same before and after them."""

from __future__ import annotations

import pytest

from .conftest import Cli
from .test_proposal_scenarios import load, play

EXPECTED = {
    "welcome_fr.txt": ("console:lou", "Ici on décide ensemble, au consentement.\n"
                                      "La réunion a lieu le premier mardi du mois."),
    "welcome_en.txt": ("console:alice", "Come to the Tuesday meeting."),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_welcoming_newcomers(cli: Cli, name: str) -> None:
    before, bad = load(name)
    play(cli, before, name)
    state = cli.export()
    (assembly,) = state["assemblies"]
    author, text = EXPECTED[name]
    assert assembly["welcome"]["text"] == text and assembly["welcome"]["set_by"] == author
    assert assembly["welcome"]["set_at"]
    kinds = [(a["kind"], a["member"]) for a in assembly["audit"] if a["subject"] == "welcome"]
    assert kinds[-1] == ("set", author)
    play(cli, bad, name.replace(".txt", "_bad.txt"))
    assert cli.export() == state  # bad inputs changed nothing
