"""The agenda (ordre du jour) of a meeting: open proposals first, then members' items."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

# Proposal phases whose proposals belong on the next meeting's agenda.
AGENDA_PHASES = frozenset({"clarification", "reaction"})


@dataclass(frozen=True, slots=True)
class AgendaProposal:
    """What the agenda needs to know of a proposal (given by the proposals side)."""

    number: int
    title: str
    phase: str


@dataclass(frozen=True, slots=True)
class AgendaItem:
    title: str
    proposal_number: int | None = None  # set for items that come from a proposal
    added_by: str | None = None  # set for items added by a member
    added_at: datetime | None = None


def ordered_agenda(
    member_items: Iterable[AgendaItem], proposals: Iterable[AgendaProposal] = ()
) -> tuple[AgendaItem, ...]:
    """Proposals in the clarification or reaction phase by number, then members' items in
    the order they were added."""
    from_proposals = sorted(
        (
            AgendaItem(p.title, proposal_number=p.number)
            for p in proposals
            if p.phase in AGENDA_PHASES
        ),
        key=lambda item: item.proposal_number or 0,
    )
    return (*from_proposals, *member_items)
