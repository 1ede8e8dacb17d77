"""Tension scenarios typed in a room, in French and in English, through the real command
line (`assemblee console --script`), checked on what the bot printed and on
`assemblee export --format json`.

The scenarios are `tensions_fr.txt` and `tensions_en.txt` next to this one, written as the
proposal scenarios are (see test_proposal_scenarios); `{JOUR+N}` is the date in N days. The
lines after `# ---` are bad inputs: each gets one clear answer, and the export is the same
before and after them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import Cli, day
from .test_proposal_scenarios import Step, play

HERE = Path(__file__).parent


def load(name: str) -> tuple[list[Step], list[Step]]:
    """(lines before `# ---`, lines after it)."""
    steps: list[Step] = []
    before: list[Step] = []
    for raw in (HERE / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("# ---"):
            before, steps = steps, []
        elif line.startswith("#>"):
            steps[-1].expects.append(line[2:].strip())
        elif line.startswith("#!"):
            steps[-1].absent.append(line[2:].strip())
        elif line and not line.startswith("#"):
            line = re.sub(r"\{JOUR\+(\d+)\}", lambda m: day(int(m.group(1))), line)
            steps.append(Step(line.replace("{2001X}", "x" * 2001)))
    return before, steps


def tensions_of(state: dict[str, Any]) -> list[tuple[int, str, str, int | None]]:
    (assembly,) = state["assemblies"]
    return [(t["number"], t["member"], t["status"], t["resolved_by"]) for t in assembly["tensions"]]


@pytest.mark.parametrize(("name", "resolver"), [("tensions_fr.txt", "console:bob"), ("tensions_en.txt", "console:alice")])
def test_tensions_noted_listed_and_processed(cli: Cli, name: str, resolver: str) -> None:
    scenario, bad = load(name)
    play(cli, scenario, name)
    before = cli.export()
    assert tensions_of(before) == [(1, "console:bob", "resolved", None), (2, "console:carol", "resolved", 4),
                                   (6, "console:carol", "dropped", None)]
    (assembly,) = before["assemblies"]
    first, second, sixth = assembly["tensions"]
    assert sixth["note"] in ("Finalement ça va.", None)
    assert (first["meeting"], first["proposal"], first["closed_by"]) == (3, 5, resolver)
    assert second["proposal"] == 4 and second["closed_at"]
    assert [(p["number"], p["status"]) for p in assembly["proposals"]] == [(4, "adopted"), (5, "withdrawn")]
    assert [m["number"] for m in assembly["meetings"]] == [3]
    [item] = assembly["meetings"][0]["agenda"]
    assert item["title"].startswith("Tension #1")
    kinds = [(a["number"], a["kind"]) for a in assembly["audit"] if a["subject"] == "tension"]
    assert kinds == [(1, "noted"), (2, "noted"), (1, "on_agenda"), (2, "proposal_linked"), (2, "resolved"),
                     (1, "proposal_linked"), (1, "resolved"), (6, "noted"), (6, "dropped")]

    found = play(cli, bad, "bad_" + name)
    for step, answer in zip(bad, found, strict=True):
        messages = [line for line in answer.splitlines() if line.startswith("» ")]
        assert len(messages) == 1, (step.line[:80], answer[:500])
        assert len(answer) < 600 and "x" * 200 not in answer, step.line[:80]
    assert cli.export() == before
