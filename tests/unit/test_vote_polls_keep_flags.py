"""A vote's poll keeps the vote's flags: an anonymous vote or hidden results mark the poll so
that no network shows the running results, or who chose what, before the close."""

from __future__ import annotations

import pytest

from adapters.matrix.render import POLL_START_TYPE, poll_start
from core.messages import POLL_HIDDEN_EXTRA, OutboundKind
from tests.unit.helpers import Room


@pytest.mark.parametrize(("flags", "hidden"), [("", False), ("--anonymous", True), ("--hide-results", True)])
async def test_the_vote_poll_is_marked_and_matrix_hides_its_results(flags: str, hidden: bool) -> None:
    room = Room(platform="matrix", room="!salle:example.org")
    for name in ("ana", "bob"):
        await room.say(name, "!join")
    sent = await room.say("ana", f'!propose Local --method vote --options "Salle | Parc" {flags}\nOù ?')
    [poll] = [o for o in sent if o.kind is OutboundKind.POLL]
    assert (poll.extra.get(POLL_HIDDEN_EXTRA) == "1") is hidden
    content, commands = poll_start(poll, thread_root=None, lang="fr")
    kind = content[POLL_START_TYPE]["kind"]
    assert kind == ("org.matrix.msc3381.poll.undisclosed" if hidden else "org.matrix.msc3381.poll.disclosed")
    assert sorted(commands.values()) == ["vote #1 1 --version 1", "vote #1 2 --version 1"]
