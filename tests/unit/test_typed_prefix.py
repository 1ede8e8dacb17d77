"""A command typed with another prefix than `!` (the console reads `/etat` as `!etat`, as
Telegram does): its refusal names the command as it was typed, and the commands it tells to
type with the same prefix."""

from __future__ import annotations

import pytest

from helpers import Room

from core.commands import written_with
from core.dispatch import handle
from core.messages import Inbound, Platform, RoomId, UserId


async def typed(room: Room, text: str, prefix: str) -> str:
    inbound = Inbound(Platform("console"), RoomId("salon"), UserId("console:bob"), f"p{text}{prefix}",
                      text=text, prefix=prefix)
    outs = await handle(room.store.uow, inbound, room.clock.now()) or []
    return "\n".join(o.text for o in outs)


@pytest.mark.parametrize(("lang", "slashed", "plain"), [
    ("fr", "Commande inconnue : /mot. Tapez /aide pour la liste des commandes.",
     "Commande inconnue : !mot. Tapez !aide pour la liste des commandes."),
    ("en", "Unknown command: /mot. Type /help for the list of commands.",
     "Unknown command: !mot. Type !help for the list of commands."),
])
async def test_an_unknown_command_is_named_as_typed(lang: str, slashed: str, plain: str) -> None:
    room = Room()
    await room.say("alice", "!join")
    if lang == "en":
        await room.say("alice", "!lang en")
    assert await typed(room, "!mot #3", "/") == slashed
    assert await typed(room, "!mot #3", "!") == plain  # typed with `!`: as before


async def test_the_commands_a_refusal_tells_to_type_take_the_prefix_typed() -> None:
    room = Room()
    await room.say("alice", "!join")
    assert "tapez /ok suivi du numéro (il est affiché à l'ouverture ; /etat les liste)" in await typed(room, "!ok", "/")
    answer = await typed(room, "!aide mot", "/")
    assert answer.startswith("Commande inconnue : /mot. Tapez /aide"), answer


def test_only_commands_and_the_word_typed_are_rewritten() -> None:
    text = "Commande inconnue : !zz. Tapez !aide, ou !etat #3 ; Attention ! !pasunverbe reste, a!ok aussi."
    assert written_with(text, "/", ["zz"]) == (
        "Commande inconnue : /zz. Tapez /aide, ou /etat #3 ; Attention ! !pasunverbe reste, a!ok aussi.")
    assert written_with(text, "!", ["zz"]) == text
    long = "x" * 50
    assert written_with(f"Commande inconnue : !{long[:40]}.", "/", [long]) == f"Commande inconnue : /{long[:40]}."
