"""Interaction tokens kept for answers that arrive after the first HTTP response.

A token lets the bot edit the interaction's first answer (`@original`) and post
follow-ups for 15 minutes without the bot token. Only kept in memory: after a restart
the outbox falls back to plain channel messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.messages import Inbound, Outbound

TOKEN_LIFETIME = 14 * 60.0  # Discord says 15 minutes; keep a margin


@dataclass(slots=True)
class PendingInteraction:
    event_id: str  # "interaction:<id>"
    room: str
    token: str
    created: float  # monotonic seconds
    from_component: bool  # a button / modal on an existing message
    original_pending: bool  # "@original" still shows "thinking…" and must be filled
    # A press answered "deferred": the event and the pressed message, to redraw it with the
    # tally when the replies come through the outbox (cleared once done).
    press: Inbound | None = None
    message: dict[str, Any] | None = None

    def expired(self, now: float) -> bool:
        return now - self.created > TOKEN_LIFETIME


class InteractionTokens:
    def __init__(self, followup_window: float) -> None:
        self._window = followup_window
        self._by_event: dict[str, PendingInteraction] = {}

    def remember(self, pending: PendingInteraction) -> None:
        self._by_event[pending.event_id] = pending

    def forget(self, pending: PendingInteraction) -> None:
        self._by_event.pop(pending.event_id, None)

    def prune(self, now: float) -> None:
        for key in [key for key, item in self._by_event.items() if item.expired(now)]:
            del self._by_event[key]

    def __len__(self) -> int:
        return len(self._by_event)

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._by_event

    def for_outbound(self, outbound: Outbound, now: float) -> PendingInteraction | None:
        """The interaction an outbox message belongs to, if it still can be answered.

        1. the one it replies to (`reply_to` = "interaction:<id>" or the bare id);
        2. else the oldest one of its room whose first answer is still "thinking…";
        3. else the latest one of its room younger than the follow-up window.
        """
        self.prune(now)
        if outbound.reply_to:
            for key in (outbound.reply_to, f"interaction:{outbound.reply_to}"):
                found = self._by_event.get(key)
                if found is not None and found.room == outbound.room:
                    return found
        in_room = [item for item in self._by_event.values() if item.room == outbound.room]
        in_room.sort(key=lambda item: item.created)
        waiting = [item for item in in_room if item.original_pending]
        if waiting:
            return waiting[0]
        recent = [item for item in in_room if now - item.created <= self._window]
        return recent[-1] if recent else None
