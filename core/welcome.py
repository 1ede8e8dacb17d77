"""Welcoming newcomers (data): the assembly's welcome text (`!welcome`), and what a person who
becomes a member is told: that text, who looks after newcomers (the members holding the
newcomer coordinator role, mentioned so that they hear of it), and the first steps.

On networks whose rooms list their members (Matrix), joining the room is joining the
assembly; the room then welcomes the newcomer only where the assembly asked for it (a
welcome text, or a newcomer coordinator), and not again when the same person comes back
within REWELCOME_AFTER of the last welcome (someone who leaves and rejoins, or whose client
joins twice, hears it once). The commands are in core.welcome_handlers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from core.ids import MemberId

WELCOME_MAX = 2000  # characters of the welcome text, as other free texts (notes, agenda items)
REWELCOME_AFTER = timedelta(days=1)
AUDIT_SUBJECT = "welcome"


@dataclass(frozen=True, slots=True)
class WelcomeText:
    text: str
    set_by: MemberId
    set_at: datetime


@dataclass(frozen=True, slots=True)
class Welcome:
    """What the assembly says to a newcomer: its text (None: none set), its newcomer
    coordinators (active members holding the role), and when the newcomer was last welcomed,
    read together."""

    text: WelcomeText | None = None
    coordinators: tuple[MemberId, ...] = ()
    last_welcomed: datetime | None = None  # when the room last welcomed the member asked about

    @property
    def configured(self) -> bool:
        return self.text is not None or bool(self.coordinators)

    def welcomed_recently(self, now: datetime) -> bool:
        """Whether the member asked about was welcomed less than REWELCOME_AFTER ago."""
        return self.last_welcomed is not None and now - self.last_welcomed < REWELCOME_AFTER
