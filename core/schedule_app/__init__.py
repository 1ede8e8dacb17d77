"""Scheduling assemblies from the chat room: the commands (time polls, meetings, agendas,
roles, minutes, live rounds, calendar files) and the reminders the scheduler wakes up for.

The pure rules live in `core.scheduling`; this package turns commands into calls to them,
stores the results through the unit of work and says what happened, in the room's language.
`install()` registers the verbs and due kinds with `core.dispatch`.
"""

from __future__ import annotations


def install() -> None:
    from core.schedule_app.wiring import install as register_all

    register_all()
