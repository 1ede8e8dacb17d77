"""Repositories of the scheduling tables: time polls, meetings (with attendance, agenda,
notes, roles and minutes per occurrence), live rounds, settings (reminders, calendar feed).
Domain objects in, rows out, and back; only what changed is written."""

from __future__ import annotations

import json
import secrets
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q

from core.ids import AssemblyId, MemberId
from core.proposals import pseudonym
from core.schedule_app.records import (
    LiveRound,
    MeetingRecord,
    PendingDue,
    PollRecord,
    RoundStatus,
    SchedulingSettings,
    occurrence_key,
)
from core.scheduling.agenda import AgendaItem
from core.scheduling.availability import Availability
from core.scheduling.meetings import Meeting, MeetingStatus, MinuteNote, Rsvp
from core.scheduling.polls import PollAnswer, PollStatus, TimePoll
from core.scheduling.roles import MeetingRole, RoleAssignment
from core.scheduling.rotation import Service
from core.scheduling.slots import Slot
from storage.models import (
    AgendaItemRow,
    AssemblyRow,
    AuditRow,
    DueRow,
    LiveRoundRow,
    MeetingOccurrenceRow,
    MeetingRoleRow,
    MeetingRow,
    MeetingRsvpRow,
    MinuteNoteRow,
    PollAnswerRow,
    TimePollRow,
)
from storage.repositories import fetch, for_update, utc

SETTINGS_KEY = "scheduling"




def jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


class _Log:
    def __init__(self, conn: BaseDBAsyncClient, lock: bool) -> None:
        self.conn = conn
        self.lock = lock

    async def pending_due(self, kind: str, ref: int) -> PendingDue | None:
        row = await DueRow.filter(kind=kind, ref=ref, status="pending").using_db(self.conn).order_by(
            "due_at", "id").first()
        return PendingDue(row.due_at, dict(row.data or {})) if row else None

    async def record_event(self, assembly: AssemblyId, subject: str, number: int | None, kind: str,
                           member: str | None, at: datetime, data: dict[str, Any]) -> None:
        await AuditRow.create(assembly_id=assembly, subject=subject, number=number, kind=kind, member=member,
                              version=1, at=utc(at), data=jsonable(data), using_db=self.conn)


# ---- time polls -------------------------------------------------------------------------------------


def _slot(pair: list[str]) -> Slot:
    return Slot(datetime.fromisoformat(pair[0]), datetime.fromisoformat(pair[1]))


def _list_of(value: Any) -> list[Any]:
    """A JSON column read through `.values()` on a related table may come back as text."""
    if isinstance(value, str):
        value = json.loads(value)
    return list(value or [])


def _slots_of(value: Any) -> list[Slot]:
    return [_slot(pair) for pair in _list_of(value)]


def poll_from_row(row: TimePollRow, answers: list[PollAnswerRow]) -> TimePoll:
    chosen = Slot(row.chosen_start, row.chosen_end) if row.chosen_start and row.chosen_end else None
    return TimePoll(
        number=row.number,
        title=row.title,
        slots=tuple(_slot(pair) for pair in row.slots),
        creator=row.creator,
        timezone=row.timezone,
        created_at=row.created_at,
        deadline=row.deadline,
        status=PollStatus(row.status),
        answers=tuple(PollAnswer(a.member, tuple(Availability(c) for c in a.choices), a.answered_at)
                      for a in answers),
        chosen=chosen,
        closed_at=row.closed_at,
    )


class Polls(_Log):
    async def _record(self, row: TimePollRow) -> PollRecord:
        answers = await PollAnswerRow.filter(poll_id=row.id).using_db(self.conn).order_by("id")
        poll = poll_from_row(row, list(answers))
        return PollRecord(poll, id=row.id, meeting_number=row.meeting_number, loaded=poll,
                          remind_before=timedelta(seconds=row.remind_before) if row.remind_before else None)

    async def get(self, assembly: AssemblyId, number: int) -> PollRecord | None:
        found = await fetch(self.conn, TimePollRow, "SELECT * FROM time_poll WHERE assembly_id = ? AND number = ?"
                            + for_update(self.lock), [assembly, number])
        return await self._record(found[0]) if found else None

    async def get_by_id(self, poll_id: int) -> tuple[AssemblyId, PollRecord] | None:
        query = TimePollRow.filter(id=poll_id).using_db(self.conn)
        row = await (query.select_for_update() if self.lock else query).first()
        if row is None:
            return None
        return AssemblyId(row.assembly_id), await self._record(row)  # type: ignore[attr-defined]

    def _columns(self, record: PollRecord) -> dict[str, Any]:
        poll = record.poll
        return {
            "title": poll.title,
            "creator": poll.creator,
            "timezone": poll.timezone,
            "slots": [[utc(s.start).isoformat(), utc(s.end).isoformat()] for s in poll.slots],
            "deadline": utc(poll.deadline),
            "status": poll.status.value,
            "chosen_start": utc(poll.chosen.start) if poll.chosen else None,
            "chosen_end": utc(poll.chosen.end) if poll.chosen else None,
            "closed_at": utc(poll.closed_at),
            "remind_before": int(record.remind_before.total_seconds()) if record.remind_before else None,
            "meeting_number": record.meeting_number,
        }

    async def add(self, assembly: AssemblyId, record: PollRecord) -> None:
        row = await TimePollRow.create(assembly_id=assembly, number=record.poll.number,
                                       created_at=utc(record.poll.created_at), using_db=self.conn,
                                       **self._columns(record))
        record.id = row.id
        record.loaded = replace(record.poll, answers=())
        await self._save_answers(record)

    async def save(self, assembly: AssemblyId, record: PollRecord) -> None:
        assert record.id is not None
        await TimePollRow.filter(id=record.id).using_db(self.conn).update(**self._columns(record))
        await self._save_answers(record)

    async def _save_answers(self, record: PollRecord) -> None:
        before = {a.member: a for a in (record.loaded.answers if record.loaded else ())}
        withdrawn = set(before) - {a.member for a in record.poll.answers}  # answers taken back
        if withdrawn:
            await PollAnswerRow.filter(poll_id=record.id, member__in=sorted(withdrawn)).using_db(self.conn).delete()
        for answer in record.poll.answers:
            if before.get(answer.member) == answer:
                continue
            values = {"choices": [c.value for c in answer.choices], "answered_at": utc(answer.answered_at)}
            updated = await PollAnswerRow.filter(poll_id=record.id, member=answer.member).using_db(
                self.conn).update(**values)
            if not updated:
                await PollAnswerRow.create(poll_id=record.id, member=answer.member, using_db=self.conn, **values)
        record.loaded = record.poll

    async def list(self, assembly: AssemblyId, *, open_only: bool = False) -> list[PollRecord]:
        query = TimePollRow.filter(assembly_id=assembly)
        if open_only:
            query = query.filter(status=PollStatus.OPEN.value)
        return [await self._record(row) for row in await query.using_db(self.conn).order_by("number")]


# ---- meetings ------------------------------------------------------------------------------------------


def meeting_from_row(row: MeetingRow) -> Meeting:
    return Meeting(
        number=row.number,
        assembly=row.uid.rsplit("-meeting-", 1)[0],
        title=row.title,
        start=row.start,
        end=row.end,
        timezone=row.timezone,
        uid=row.uid,
        organizer=row.organizer,
        created_at=row.created_at,
        updated_at=row.updated_at,
        place=row.place,
        rrule=row.rrule,
        status=MeetingStatus(row.status),
        sequence=row.sequence,
        poll_number=row.poll_number,
        reminder_offsets=tuple(timedelta(seconds=s) for s in row.reminder_offsets),
    )


def _served_at(meeting: Meeting, occurrence: str) -> datetime:
    return datetime.fromisoformat(occurrence) if occurrence else meeting.start


class Meetings(_Log):
    def __init__(self, conn: BaseDBAsyncClient, lock: bool,
                 without_round: set[tuple[int, int]] | None = None) -> None:
        super().__init__(conn, lock)
        # proposals this transaction read and found without a live round (see Proposals.get)
        self.without_round = without_round if without_round is not None else set()

    async def _record(self, row: MeetingRow, now: datetime, occurrence: str | None,
                      with_minutes: bool = True) -> MeetingRecord:
        meeting = meeting_from_row(row)
        key = occurrence if occurrence is not None and meeting.rrule else occurrence_key(meeting, now)
        where = {"meeting_id": row.id, "occurrence": key}
        rsvps = await MeetingRsvpRow.filter(**where).using_db(self.conn).order_by("answered_at", "id")
        items = await AgendaItemRow.filter(**where).using_db(self.conn).order_by("id")
        roles = await MeetingRoleRow.filter(**where).using_db(self.conn)
        if with_minutes:
            notes = await MinuteNoteRow.filter(**where).using_db(self.conn).order_by("id")
            extra = await MeetingOccurrenceRow.filter(**where).using_db(self.conn).first()
        else:
            notes, extra = [], None
        order = list(MeetingRole)
        meeting = replace(
            meeting,
            rsvps=tuple(Rsvp(r.member, Availability(r.answer), r.answered_at) for r in rsvps),
            agenda_items=tuple(AgendaItem(i.title, added_by=i.added_by, added_at=i.added_at) for i in items),
            notes=tuple(MinuteNote(n.author, n.text, n.written_at) for n in notes),
            roles=tuple(sorted((RoleAssignment(MeetingRole(r.role), r.member) for r in roles),
                               key=lambda a: order.index(a.role))),
        )
        discussed = tuple(int(n) for n in (extra.discussed if extra else []))
        return MeetingRecord(meeting, id=row.id, occurrence=key, draw=row.draw, discussed=discussed,
                             minutes=extra.minutes if extra else "", minutes_at=extra.minutes_at if extra else None,
                             loaded=meeting, loaded_discussed=discussed)

    async def get(self, assembly: AssemblyId, number: int, *, now: datetime,
                  occurrence: str | None = None) -> MeetingRecord | None:
        found = await fetch(self.conn, MeetingRow, "SELECT * FROM meeting WHERE assembly_id = ? AND number = ?"
                            + for_update(self.lock), [assembly, number])
        return await self._record(found[0], now, occurrence) if found else None

    async def get_by_id(self, meeting_id: int, *, now: datetime, occurrence: str | None = None,
                        with_minutes: bool = True) -> tuple[AssemblyId, MeetingRecord] | None:
        query = MeetingRow.filter(id=meeting_id).using_db(self.conn)
        row = await (query.select_for_update() if self.lock else query).first()
        if row is None:
            return None
        record = await self._record(row, now, occurrence, with_minutes)
        return AssemblyId(row.assembly_id), record  # type: ignore[attr-defined]

    def _columns(self, record: MeetingRecord, meeting: Meeting | None = None) -> dict[str, Any]:
        m = meeting or record.meeting
        return {
            "title": m.title, "start": utc(m.start), "end": utc(m.end), "timezone": m.timezone, "uid": m.uid,
            "organizer": m.organizer, "place": m.place, "rrule": m.rrule, "status": m.status.value,
            "sequence": m.sequence, "poll_number": m.poll_number,
            "reminder_offsets": [int(o.total_seconds()) for o in m.reminder_offsets], "draw": record.draw,
            "updated_at": utc(m.updated_at),
        }

    async def add(self, assembly: AssemblyId, record: MeetingRecord) -> None:
        row = await MeetingRow.create(assembly_id=assembly, number=record.meeting.number,
                                      created_at=utc(record.meeting.created_at), using_db=self.conn,
                                      **self._columns(record))
        record.id = row.id
        record.loaded = replace(record.meeting, rsvps=(), agenda_items=(), notes=(), roles=())
        await self._save_children(record)

    async def save(self, assembly: AssemblyId, record: MeetingRecord) -> None:
        assert record.id is not None
        columns = self._columns(record)
        before = self._columns(record, record.loaded) if record.loaded is not None else {}
        # The row holds what calendars show: attendance, notes or roles alone (which only
        # move `updated_at`) do not rewrite it.
        if {k: v for k, v in columns.items() if k != "updated_at"} != \
                {k: v for k, v in before.items() if k != "updated_at"}:
            await MeetingRow.filter(id=record.id).using_db(self.conn).update(**columns)
        await self._save_children(record)

    async def _save_children(self, record: MeetingRecord) -> None:
        m = record.meeting
        old = record.loaded or replace(m, rsvps=(), agenda_items=(), notes=(), roles=())
        key = record.occurrence
        where = {"meeting_id": record.id, "occurrence": key}
        before = {r.member: r for r in old.rsvps}
        for rsvp in m.rsvps:
            if before.get(rsvp.member) == rsvp:
                continue
            values = {"answer": rsvp.answer.value, "answered_at": utc(rsvp.answered_at)}
            if not await MeetingRsvpRow.filter(member=rsvp.member, **where).using_db(self.conn).update(**values):
                await MeetingRsvpRow.create(member=rsvp.member, using_db=self.conn, **where, **values)
        if m.agenda_items[:len(old.agenda_items)] != old.agenda_items:  # an item was removed: write them again
            await AgendaItemRow.filter(**where).using_db(self.conn).delete()
            old = replace(old, agenda_items=())
        if len(m.agenda_items) > len(old.agenda_items):  # otherwise items and notes are only ever added
            await AgendaItemRow.bulk_create([AgendaItemRow(title=i.title, added_by=i.added_by, added_at=utc(i.added_at),
                                                           **where) for i in m.agenda_items[len(old.agenda_items):]],
                                            using_db=self.conn)
        if len(m.notes) > len(old.notes):
            await MinuteNoteRow.bulk_create([MinuteNoteRow(author=n.author, text=n.text, written_at=utc(n.written_at),
                                                           **where) for n in m.notes[len(old.notes):]],
                                            using_db=self.conn)
        if m.roles != old.roles:
            if old.roles:
                await MeetingRoleRow.filter(**where).using_db(self.conn).delete()
            served_at = utc(_served_at(m, key))
            await MeetingRoleRow.bulk_create([MeetingRoleRow(role=a.role.value, member=a.member,
                                                             served_at=served_at, **where) for a in m.roles],
                                             using_db=self.conn)
        elif m.start != old.start and not key:
            await MeetingRoleRow.filter(**where).using_db(self.conn).update(served_at=utc(m.start))
        if record.discussed != record.loaded_discussed or record.minutes_at is not None:
            values = {"discussed": list(record.discussed), "minutes": record.minutes,
                      "minutes_at": utc(record.minutes_at)}
            if not await MeetingOccurrenceRow.filter(**where).using_db(self.conn).update(**values):
                await MeetingOccurrenceRow.create(using_db=self.conn, **where, **values)
        record.loaded = m
        record.loaded_discussed = record.discussed

    async def move_occurrence(self, meeting_id: int, old: str, new: str) -> None:
        if old == new:
            return
        for model in (MeetingRsvpRow, AgendaItemRow, MinuteNoteRow, MeetingRoleRow, MeetingOccurrenceRow):
            await model.filter(meeting_id=meeting_id, occurrence=new).using_db(self.conn).delete()
            await model.filter(meeting_id=meeting_id, occurrence=old).using_db(self.conn).update(occurrence=new)
        if new:
            await MeetingRoleRow.filter(meeting_id=meeting_id, occurrence=new).using_db(self.conn).update(
                served_at=datetime.fromisoformat(new))

    async def role_history(self, assembly: AssemblyId) -> list[Service]:
        rows = await MeetingRoleRow.filter(meeting__assembly_id=assembly).using_db(self.conn).values_list(
            "member", "role", "served_at")
        return [Service(str(member), MeetingRole(str(role)), served_at) for member, role, served_at in rows]

    async def member_data(self, assembly: AssemblyId, member: MemberId) -> dict[str, list[dict[str, Any]]]:
        mine = {"meeting__assembly_id": assembly}
        answers = await PollAnswerRow.filter(poll__assembly_id=assembly, member=member).using_db(
            self.conn).order_by("id").values("poll__number", "poll__title", "poll__slots", "choices", "answered_at")
        rsvps = await MeetingRsvpRow.filter(member=member, **mine).using_db(self.conn).order_by("id").values(
            "meeting__number", "meeting__title", "occurrence", "answer", "answered_at")
        agenda = await AgendaItemRow.filter(added_by=member, **mine).using_db(self.conn).order_by("id").values(
            "meeting__number", "meeting__title", "occurrence", "title", "added_at")
        notes = await MinuteNoteRow.filter(author=member, **mine).using_db(self.conn).order_by("id").values(
            "meeting__number", "meeting__title", "occurrence", "text", "written_at")
        roles = await MeetingRoleRow.filter(member=member, **mine).using_db(self.conn).order_by("id").values(
            "meeting__number", "meeting__title", "occurrence", "role", "served_at")

        def meeting(row: dict[str, Any], **rest: Any) -> dict[str, Any]:
            return {"meeting": row["meeting__number"], "title": row["meeting__title"],
                    "occurrence": row["occurrence"] or None, **rest}

        return {
            "time_poll_answers": [
                {"poll": a["poll__number"], "title": a["poll__title"],
                 "answers": [{"start": slot.start, "end": slot.end, "answer": choice}
                             for slot, choice in zip(_slots_of(a["poll__slots"]), _list_of(a["choices"]),
                                                     strict=False)],
                 "answered_at": a["answered_at"]}
                for a in answers
            ],
            "rsvps": [meeting(r, answer=r["answer"], answered_at=r["answered_at"]) for r in rsvps],
            "agenda_items": [meeting(r, item=r["title"], added_at=r["added_at"]) for r in agenda],
            "notes": [meeting(r, text=r["text"], written_at=r["written_at"]) for r in notes],
            "meeting_roles": [meeting(r, role=r["role"], served_at=r["served_at"]) for r in roles],
        }

    async def _assembly(self, assembly: AssemblyId) -> AssemblyRow:
        return await AssemblyRow.get(id=assembly, using_db=self.conn)

    async def settings(self, assembly: AssemblyId) -> SchedulingSettings:
        return settings_of(await self._assembly(assembly))

    async def save_settings(self, assembly: AssemblyId, settings: SchedulingSettings) -> None:
        row = await self._assembly(assembly)
        data = dict(row.settings or {})
        data[SETTINGS_KEY] = {
            "meeting_reminders": [int(o.total_seconds()) for o in settings.meeting_reminders],
            "poll_reminder": int(settings.poll_reminder.total_seconds()),
            # 0: no reminder (a missing key: the default)
            "proposal_reminder": int(settings.proposal_reminder.total_seconds()) if settings.proposal_reminder else 0,
            "public_feed": settings.public_feed,
        }
        await AssemblyRow.filter(id=assembly).using_db(self.conn).update(settings=data)

    async def feed_token(self, assembly: AssemblyId) -> str:
        row = await self._assembly(assembly)
        if not row.feed_token:
            row.feed_token = secrets.token_urlsafe(24)
            await AssemblyRow.filter(id=assembly).using_db(self.conn).update(feed_token=row.feed_token)
        return row.feed_token

    async def get_round(self, assembly: AssemblyId, proposal_number: int) -> LiveRound | None:
        if (assembly, proposal_number) in self.without_round:
            return None
        found = await fetch(self.conn, LiveRoundRow,
                            "SELECT * FROM live_round WHERE assembly_id = ? AND proposal_number = ?",
                            [assembly, proposal_number])
        if not found:
            return None
        row = found[0]
        return LiveRound(proposal_number=row.proposal_number, started_by=row.started_by, started_at=row.started_at,
                         queue=list(row.queue), meeting_number=row.meeting_number, done=list(row.done),
                         skipped=list(row.skipped), status=RoundStatus(row.status), id=row.id)

    async def save_round(self, assembly: AssemblyId, live: LiveRound) -> None:
        self.without_round.discard((assembly, live.proposal_number))
        values = {"meeting_number": live.meeting_number, "queue": list(live.queue), "done": list(live.done),
                  "skipped": list(live.skipped), "status": live.status.value, "started_by": live.started_by,
                  "started_at": utc(live.started_at)}
        updated = await LiveRoundRow.filter(assembly_id=assembly, proposal_number=live.proposal_number).using_db(
            self.conn).update(**values)
        if not updated:
            row = await LiveRoundRow.create(assembly_id=assembly, proposal_number=live.proposal_number,
                                            using_db=self.conn, **values)
            live.id = row.id

    async def forget(self, assembly: AssemblyId, member: MemberId) -> None:
        alias = pseudonym("forgotten", member)
        polls = list(await TimePollRow.filter(assembly_id=assembly).using_db(self.conn).values_list("id", flat=True))
        meetings = list(await MeetingRow.filter(assembly_id=assembly).using_db(self.conn).values_list(
            "id", flat=True))
        await TimePollRow.filter(assembly_id=assembly, creator=member).using_db(self.conn).update(creator=alias)
        await PollAnswerRow.filter(poll_id__in=polls, member=member).using_db(self.conn).update(member=alias)
        await MeetingRow.filter(assembly_id=assembly, organizer=member).using_db(self.conn).update(organizer=alias)
        await MeetingRsvpRow.filter(meeting_id__in=meetings, member=member).using_db(self.conn).update(member=alias)
        await AgendaItemRow.filter(meeting_id__in=meetings, added_by=member).using_db(self.conn).update(
            added_by=alias)
        await MinuteNoteRow.filter(meeting_id__in=meetings, author=member).using_db(self.conn).update(author=alias)
        await MeetingRoleRow.filter(meeting_id__in=meetings, member=member).using_db(self.conn).update(member=alias)
        for row in await LiveRoundRow.filter(assembly_id=assembly).using_db(self.conn):
            lists = {name: [alias if m == member else m for m in getattr(row, name)]
                     for name in ("queue", "done", "skipped")}
            if lists != {name: list(getattr(row, name)) for name in lists}:
                await LiveRoundRow.filter(id=row.id).using_db(self.conn).update(**lists)

    async def list(self, assembly: AssemblyId, *, since: datetime | None = None) -> list[MeetingRecord]:
        query = MeetingRow.filter(assembly_id=assembly)
        if since is not None:
            query = query.filter(status=MeetingStatus.SCHEDULED.value).filter(
                Q(rrule__isnull=False) | Q(end__gte=utc(since)))
        rows = await query.using_db(self.conn).order_by("number")
        return [MeetingRecord(meeting_from_row(r), id=r.id, draw=r.draw) for r in rows]


# ---- reading without a unit of work (export, calendar feed) ----------------------------------------------


async def feed_meetings(assembly: int) -> list[Meeting]:
    """Every meeting of an assembly, cancelled ones included (calendars then remove them)."""
    rows = await MeetingRow.filter(assembly_id=assembly).order_by("number")
    return [meeting_from_row(r) for r in rows]


def settings_of(row: AssemblyRow) -> SchedulingSettings:
    """The scheduling settings kept in an assembly row (defaults for what was never set)."""
    data = (row.settings or {}).get(SETTINGS_KEY) or {}
    default = SchedulingSettings()
    meetings = tuple(timedelta(seconds=int(s)) for s in data.get("meeting_reminders", []))
    poll = data.get("poll_reminder")
    proposal = data.get("proposal_reminder")
    return SchedulingSettings(meetings or default.meeting_reminders,
                              timedelta(seconds=int(poll)) if poll else default.poll_reminder,
                              proposal_reminder=(default.proposal_reminder if proposal is None
                                                 else timedelta(seconds=int(proposal)) if proposal else None),
                              public_feed=data.get("public_feed") is True)


async def export_scheduling(assembly: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(meetings, polls) of an assembly as plain data."""
    meetings: list[dict[str, Any]] = []
    for row in await MeetingRow.filter(assembly_id=assembly).order_by("number"):
        where = {"meeting_id": row.id}
        rsvps = await MeetingRsvpRow.filter(**where).order_by("occurrence", "answered_at", "id")
        items = await AgendaItemRow.filter(**where).order_by("id")
        notes = await MinuteNoteRow.filter(**where).order_by("id")
        roles = await MeetingRoleRow.filter(**where).order_by("served_at", "id")
        occurrences = await MeetingOccurrenceRow.filter(**where).order_by("occurrence")
        meetings.append({
            "number": row.number, "title": row.title, "status": row.status,
            "start": row.start.isoformat(), "end": row.end.isoformat(), "timezone": row.timezone,
            "place": row.place, "rrule": row.rrule, "uid": row.uid, "sequence": row.sequence,
            "poll": row.poll_number, "organizer": row.organizer,
            "reminders": [int(s) for s in row.reminder_offsets], "draw": row.draw,
            "rsvps": [{"member": r.member, "answer": r.answer, "occurrence": r.occurrence or None}
                      for r in rsvps],
            "agenda": [{"title": i.title, "added_by": i.added_by, "occurrence": i.occurrence or None}
                       for i in items],
            "notes": [{"author": n.author, "text": n.text, "at": n.written_at.isoformat(),
                       "occurrence": n.occurrence or None} for n in notes],
            "roles": [{"role": r.role, "member": r.member, "occurrence": r.occurrence or None}
                      for r in roles],
            "minutes": [{"occurrence": o.occurrence or None, "text": o.minutes,
                         "published_at": o.minutes_at.isoformat() if o.minutes_at else None,
                         "discussed": list(o.discussed)} for o in occurrences if o.minutes_at or o.discussed],
            "created_at": row.created_at.isoformat(),
        })
    polls: list[dict[str, Any]] = []
    for row in await TimePollRow.filter(assembly_id=assembly).order_by("number"):
        answers = await PollAnswerRow.filter(poll_id=row.id).order_by("id")
        polls.append({
            "number": row.number, "title": row.title, "status": row.status, "creator": row.creator,
            "timezone": row.timezone, "deadline": row.deadline.isoformat() if row.deadline else None,
            "slots": [{"start": start, "end": end} for start, end in row.slots],
            "answers": [{"member": a.member, "choices": list(a.choices)} for a in answers],
            "chosen": ({"start": row.chosen_start.isoformat(), "end": row.chosen_end.isoformat()}
                       if row.chosen_start and row.chosen_end else None),
            "meeting": row.meeting_number,
            "created_at": row.created_at.isoformat(),
        })
    return meetings, polls
