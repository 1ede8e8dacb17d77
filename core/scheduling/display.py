"""Plain-text views of scheduling data, in the room's language (French by default)."""

from __future__ import annotations

from collections.abc import Iterable

from core.i18n import DEFAULT_LANGUAGE, translate
from core.scheduling.agenda import AgendaItem
from core.scheduling.availability import SYMBOLS, Availability
from core.scheduling.polls import TimePoll
from core.scheduling.roles import MeetingRole
from core.scheduling.slots import format_slot

_ROLE_KEYS = {
    MeetingRole.FACILITATOR: "schedule.role_facilitator",
    MeetingRole.NOTE_TAKER: "schedule.role_note_taker",
    MeetingRole.TIME_KEEPER: "schedule.role_time_keeper",
}


def role_label(role: MeetingRole, lang: str = DEFAULT_LANGUAGE) -> str:
    """ "animation" / "facilitation", "prise de notes" / "note-taking", ..."""
    return translate(_ROLE_KEYS[role], lang)


def agenda_lines(items: Iterable[AgendaItem], lang: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """Numbered agenda lines: "1. Proposition #3 : Jardin partagé", "2. Budget"."""
    lines = []
    for position, item in enumerate(items, start=1):
        if item.proposal_number is not None:
            text = translate(
                "schedule.agenda_proposal", lang, number=item.proposal_number, title=item.title
            )
        else:
            text = item.title
        lines.append(f"{position}. {text}")
    return tuple(lines)


def poll_grid_lines(
    poll: TimePoll, lang: str = DEFAULT_LANGUAGE, names: dict[str, str] | None = None
) -> tuple[str, ...]:
    """The poll as text: one line per slot with its counts, then one line per member with
    their answers in slot order (✅ yes, 🤷 if need be, ❌ no). `names` maps member ids to
    the names to show (ids are shown otherwise)."""
    grid = poll.grid()
    lines = [
        f"{t.index}. {format_slot(t.slot, poll.timezone, lang)} — "
        f"{SYMBOLS[Availability.YES]} {t.yes} · {SYMBOLS[Availability.MAYBE]} {t.maybe} · "
        f"{SYMBOLS[Availability.NO]} {t.no}"
        for t in grid.tallies
    ]
    for row in grid.rows:
        who = (names or {}).get(row.member, row.member)
        lines.append(f"{who}: " + " ".join(SYMBOLS[choice] for choice in row.choices))
    return tuple(lines)
