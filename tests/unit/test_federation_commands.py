"""`!federer` (rooms) and `!lier` (accounts) typed in rooms, in French and in English, through
the core with the in-memory fakes: their help, then each form of each command, line after line,
as a scenario: a console room and a Telegram group share one store, as two rooms of one
deployment do. `{code}` in a line is the last code the bot gave, `{new}` in what is expected
the code its answer gives."""

from __future__ import annotations

import re

import pytest

from tests.unit.helpers import Room

CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b")

# (room, who, line, what the answer contains); "salon" is the console room, "groupe" a Telegram group.
Step = tuple[str, str, str, tuple[str, ...]]

FRENCH: list[Step] = [
    ("salon", "alice", "!rejoindre", ("vous animez",)),
    ("salon", "alice", "!aide federer", (
        "!federer — réunir plusieurs salons (Matrix, Telegram, Discord…) en une seule assemblée",
        "Usage : !federer · !federer inviter · !federer <code> · !federer retirer [N]",
        "Alias : !federate, !fédérer")),
    ("salon", "alice", "!aide fédérer", ("!federer — réunir plusieurs salons",)),
    ("salon", "alice", "!aide lier", (
        "!lier — lier vos comptes de plusieurs réseaux", "Usage : !lier · !lier <code> · !lier retirer",
        "Alias : !link")),
    ("salon", "alice", "!federer", ("Cette assemblée n'a qu'un salon", "!federer inviter")),
    ("salon", "bob", "!rejoindre", ("(2 membres)",)),
    ("salon", "bob", "!federer inviter", ("Seule l'animation",)),
    ("salon", "alice", "!federer n'importe quoi", ("!federer inviter (un code pour un autre salon)",)),
    ("salon", "alice", "!federer inviter", ("Code pour relier un autre salon", "tapez !federer {new}")),
    ("groupe", "zoe", "!rejoindre", ("Bienvenue",)),
    ("groupe", "zoe", "!federer {code}", ("a rejoint l'assemblée", "1 membre de plus, venu de ce salon", "ses 2 salons")),
    ("groupe", "zoe", "!federer", ("réunit 2 salons", "(salon d'origine)", "2. Telegram groupe (ici)")),
    ("groupe", "zoe", "!federer {code}", ("Ce code a déjà servi",)),
    ("salon", "alice", "!federer retirer 1", ("Le salon d'origine reste celui de l'assemblée",)),
    ("salon", "alice", "!federer retirer 2", ("Telegram groupe ne fait plus partie de cette assemblée",)),
    ("salon", "alice", "!federer", ("Cette assemblée n'a qu'un salon",)),
    # accounts: a code from one, typed from the other, a second code typed back from the first
    ("salon", "alice", "!lier", ("Code pour lier un autre de vos comptes", "tapez !lier {new}")),
    ("salon", "alice", "!lier {code}", ("à taper depuis votre autre compte",)),
    ("groupe", "alice", "!lier {code}", ("Dernière étape", "tapez !lier {new}")),
    ("salon", "alice", "!lier {code}", ("C'est fait", "/lier retirer, depuis ce compte")),
    ("salon", "alice", "!lier retirer", ("Ce compte est celui auquel les autres sont liés",)),
    ("groupe", "alice", "!lier retirer", ("n'est plus lié",)),
    ("groupe", "alice", "!lier retirer", ("Ce compte n'est lié à aucun autre",)),
    ("salon", "alice", "!lier pas-un-code", ("!lier donne un code",)),
]

ENGLISH: list[Step] = [
    ("salon", "alice", "!join", ("vous animez",)),
    ("salon", "alice", "!lang en", ("English",)),
    ("salon", "alice", "!help federate", (
        "!federate — bring several rooms (Matrix, Telegram, Discord…) together as one assembly",
        "Usage: !federate · !federate invite · !federate <code> · !federate remove [N]",
        "Aliases: !federer, !fédérer")),
    ("salon", "alice", "!help link", (
        "!link — link your accounts on several networks", "Usage: !link · !link <code> · !link remove",
        "Aliases: !lier")),
    ("salon", "alice", "!federate", ("This assembly has one room", "!federate invite")),
    ("salon", "alice", "!federate invite", ("Code to link another room", "type !federate {new}")),
    ("groupe", "zoe", "!join", ("Bienvenue",)),
    ("groupe", "zoe", "!federate {code}", ("joined the assembly", "1 more member", "its 2 rooms")),
    ("groupe", "zoe", "!federate", ("brings 2 rooms together", "2. Telegram groupe (here)")),
    ("salon", "alice", "!link", ("Code to link another of your accounts", "type !link {new}")),
    ("groupe", "alice", "!link {code}", ("Last step", "type !link {new}")),
    ("salon", "alice", "!link {code}", ("Done:", "/link remove, from that account")),
    ("groupe", "alice", "!link remove", ("is no longer linked",)),
    ("groupe", "alice", "!link nonsense", ("!link gives a code",)),
    ("groupe", "zoe", "!federate remove 2", ("Only a facilitator can do that.",)),
    ("salon", "alice", "!federate remove 3", ("There is no room 3: the assembly has 2",)),
    ("salon", "alice", "!federate remove 2", ("Telegram groupe is no longer part of this assembly",)),
]


@pytest.mark.parametrize("steps", [FRENCH, ENGLISH], ids=["fr", "en"])
async def test_federating_rooms_and_linking_accounts_typed_line_after_line(steps: list[Step]) -> None:
    salon = Room("console", "salon")
    groupe = Room("telegram", "groupe")
    groupe.store, groupe.clock = salon.store, salon.clock  # one deployment, two rooms
    rooms = {"salon": salon, "groupe": groupe}
    code = ""
    for where, who, line, expected in steps:
        text = await rooms[where].text(who, line.replace("{code}", code))
        given = CODE.findall(text)
        for part in expected:
            if "{new}" in part:
                assert given, (line, text)
                part = part.replace("{new}", given[0])
            assert part in text, (line, text)
        code = given[0] if given else code
