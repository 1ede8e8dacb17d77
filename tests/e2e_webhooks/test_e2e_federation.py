"""Federation end to end: a Telegram group and a generic-webhook room of the real `assemblee
run` made one assembly (`/federer inviter`, then `!federer CODE`), what the assembly says
received in both rooms through their real paths (the fake Bot API, the HTTP answer of the
webhook or its outgoing URL), refusals kept where they were typed, and two accounts of one
person, one on each network, linked with `!lier` so that she counts once."""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

from webhooks_clients import generic_signature_ok
from webhooks_networks import INTEGRATION, Networks

from tests.integration.telegram.telegram_updates import GROUP, user

ROOM = "place"  # the generic-webhook room, as the other system names it
AMINA = user(123456789, "Amina")  # facilitates the Telegram group
BOB = user(234567891, "Bob")
CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b")
OUTGOING = "/hooks/assemblee"


def code_in(texts: list[str]) -> str:
    [found] = {match for text in texts for match in CODE.findall(text)}
    return found


class Rooms:
    """The Telegram group and the webhook room, and what each received."""

    def __init__(self, networks: Networks) -> None:
        self.n = networks
        self.api = networks.telegram_api

    async def telegram(self, sender: dict[str, Any], text: str) -> list[str]:
        """A message in the group; what the bot sent to the group because of it."""
        before = len(self.group())
        update = self.n.updates.message(text, sender=sender, chat_id=GROUP)
        assert await self.n.telegram.send(update) == 200
        await self.n.bot.wait_idle()
        return self.group()[before:]

    async def webhook(self, sender: str, text: str) -> list[str]:
        """A message in the webhook room; the replies in the HTTP answer."""
        answer = await self.n.generic.say(ROOM, sender, text)
        assert answer["duplicate"] is False and answer["deferred"] is False, answer
        await self.n.bot.wait_idle()
        return [reply["text"] for reply in answer["replies"]]

    def group(self) -> list[str]:
        """Every message the bot sent to the Telegram group."""
        return [sent.text for sent in self.api.sent if sent.chat_id == GROUP]

    def delivered(self) -> list[str]:
        """Every message delivered, signed, to the webhook room's outgoing URL."""
        texts = []
        for call in self.n.receiver.calls:
            if call.path != OUTGOING:
                continue
            assert generic_signature_ok(self.n.webhook_secret, call.headers, call.body)
            body = call.json()
            assert body["room"] == ROOM, body
            texts.append(body["text"])
        return texts

    async def settled(self) -> None:
        """Everything the outbox holds delivered, and a moment for anything that should not
        be sent to show up."""
        await self.n.bot.wait_idle()
        await asyncio.sleep(0.3)


async def wait_for_text(texts: Any, needle: str, what: str, timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [text for text in texts() if needle in text]
        if found:
            return str(found[-1])
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}: {texts()}")


async def test_a_telegram_group_and_a_webhook_room_make_one_assembly(networks: Networks) -> None:
    rooms = Rooms(networks)
    bot = networks.bot

    # -- each room on its own: Amina facilitates the group, Alice the webhook room --------
    await rooms.telegram(AMINA, "/rejoindre")
    await rooms.telegram(BOB, "/rejoindre")
    await rooms.webhook("alice", "!rejoindre")
    await rooms.webhook("chloe", "!rejoindre")

    # -- the group invites, the webhook room joins with the code --------------------------
    answer = await rooms.telegram(AMINA, "/federer inviter")
    code = code_in(answer)
    assert "/federer" in answer[0]  # the word to type, with the prefix it was asked with
    assert not rooms.delivered()  # the code is shown in the group alone
    joined_here = await rooms.webhook("alice", f"!federer {code.lower()}")
    assert any("a rejoint l'assemblée" in text for text in joined_here), joined_here
    joined_there = await wait_for_text(rooms.group, "a rejoint l'assemblée", "the news in the group")
    assert "2 membres de plus" in joined_there
    [again] = await rooms.webhook("chloe", f"!federer {code}")
    assert "déjà servi" in again, again  # a code serves once
    [listed] = await rooms.telegram(BOB, "/federer")
    assert "2 salons" in listed and "Telegram" in listed and "webhook" in listed

    # -- a proposal opened in the webhook room is announced in the group ------------------
    opened = await rooms.webhook("alice", "!proposer Jardin partagé\nOn plante en mars.")
    assert any("#1" in text and "Jardin partagé" in text for text in opened), opened
    await wait_for_text(rooms.group, "Jardin partagé", "the proposal announced in the group")
    await rooms.webhook("alice", "!suivant #1")
    await rooms.webhook("alice", "!suivant #1")
    # the consent round is called in the group too, and Bob takes a position from there
    await wait_for_text(rooms.group, "tour de consentement", "the round called in the group")
    consented = await rooms.telegram(BOB, "/ok 1")
    assert any("Bob" in text and "#1" in text for text in consented), consented
    said = await wait_for_text(rooms.delivered, "sur #1", "Bob's position said in the webhook room")
    assert "consentement" in said and "1 personne a pris position sur 4" in said, said

    # -- a refusal is answered only where it was typed ------------------------------------
    await rooms.settled()
    group_before, delivered_before = len(rooms.group()), len(rooms.delivered())
    [refused] = await rooms.webhook("chloe", "!ok #99")
    assert "#99" in refused
    [refused_there] = await rooms.telegram(BOB, "/ok 99")
    assert "#99" in refused_there
    await rooms.settled()
    assert len(rooms.group()) == group_before + 1  # its own refusal, nothing from the webhook
    assert len(rooms.delivered()) == delivered_before  # nothing from the group's refusal

    # -- Amina links her webhook account to her Telegram one ------------------------------
    await rooms.webhook("amina", "!rejoindre")  # her webhook account, a member of its own
    [offered] = await rooms.telegram(AMINA, "/lier")
    first = code_in([offered])
    [answered] = await rooms.webhook("amina", f"!lier {first}")
    second = code_in([answered])
    assert second != first and "(Telegram)" in answered and "amina (webhook)" in answered, answered
    [done] = await rooms.telegram(AMINA, f"/lier {second}")
    assert "une seule personne" in done, done
    await rooms.settled()
    assert not [text for text in rooms.delivered() if first in text or second in text]
    assert not [text for text in rooms.group() if second in text]
    # she consents from Telegram, then changes her mind from the webhook room: one person,
    # one position, the Telegram member's
    await rooms.telegram(AMINA, "/ok 1")
    changed = await rooms.webhook("amina", "!reserve #1 arroser le soir")
    assert any("2 personnes ont pris position sur 4" in text for text in changed), changed

    state = await bot.export()
    [assembly] = [a for a in state["assemblies"] if a["proposals"]]
    assert (assembly["platform"], assembly["room"]) == ("telegram", str(GROUP))
    [proposal] = assembly["proposals"]
    assert proposal["title"] == "Jardin partagé"
    positions = {p["member"]: (p["position"], p["reason"]) for p in proposal["positions"]}
    assert positions == {
        "telegram:234567891": ("consent", ""),
        "telegram:123456789": ("concern", "arroser le soir"),
    }
    # one member for her two accounts; the webhook room's people are members of the assembly
    members = sorted(m["member"] for m in assembly["members"] if m["active"])
    assert members == sorted(["telegram:123456789", "telegram:234567891",
                              f"webhook:{INTEGRATION}:alice", f"webhook:{INTEGRATION}:chloe"])
    rows = bot.query("SELECT identity, person FROM identity_link")
    assert rows == [(f"webhook:{INTEGRATION}:amina", "telegram:123456789")]
    assert networks.telegram_api.rejected == []
    assert bot.errors() == []
