"""Tortoise ORM models: the database schema. Only `storage/` imports this module."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class AssemblyRow(Model):
    id = fields.IntField(primary_key=True)
    platform = fields.CharField(max_length=32)
    room = fields.CharField(max_length=255)
    language = fields.CharField(max_length=8, default="fr")
    timezone = fields.CharField(max_length=64, default="Europe/Paris")
    mode = fields.CharField(max_length=16, default="explicit")
    next_number = fields.IntField(default=1)
    feed_token = fields.CharField(max_length=64, default="")
    settings = fields.JSONField(default=dict)
    created_at = fields.DatetimeField()
    title = fields.CharField(max_length=200, default="")  # the room's name on its network
    # the welcome text said to newcomers (`!welcome`), who set it and when (none: NULL)
    welcome_text = fields.TextField(null=True)
    welcome_by = fields.CharField(max_length=255, null=True)
    welcome_at = fields.DatetimeField(null=True)
    # a room federated into another room's assembly (`!federate`): the id of that assembly's
    # row, whose proposals, members and settings the room shares; NULL for a room of its own
    part_of = fields.IntField(null=True, db_index=True)

    class Meta:
        table = "assembly"
        unique_together = (("platform", "room"),)


class MembershipRow(Model):
    id = fields.IntField(primary_key=True)
    assembly = fields.ForeignKeyField("models.AssemblyRow", related_name="memberships", on_delete=fields.CASCADE)
    member = fields.CharField(max_length=255)
    roles = fields.JSONField(default=list)
    # The roles held for a term: role → {"ends", "since", "by", "term"} (see core.assemblies.Mandate).
    # On the membership row: read with the roles it qualifies, in the same statement.
    mandates = fields.JSONField(default=dict)
    active = fields.BooleanField(default=True)
    joined_at = fields.DatetimeField(null=True)
    timezone = fields.CharField(max_length=64, null=True)
    welcomed_at = fields.DatetimeField(null=True)  # when the room last welcomed them

    class Meta:
        table = "membership"
        unique_together = (("assembly", "member"),)


class ProposalRow(Model):
    id = fields.IntField(primary_key=True)
    assembly = fields.ForeignKeyField("models.AssemblyRow", related_name="proposals", on_delete=fields.CASCADE)
    number = fields.IntField()
    title = fields.CharField(max_length=255)
    body = fields.TextField(default="")
    author = fields.CharField(max_length=255)
    method = fields.CharField(max_length=16)
    status = fields.CharField(max_length=16, db_index=True)
    phase = fields.CharField(max_length=16)
    version = fields.IntField(default=1)
    deadline = fields.DatetimeField(null=True)
    quorum = fields.CharField(max_length=32, null=True)
    threshold = fields.CharField(max_length=32, default="1/2")
    anonymous = fields.BooleanField(default=False)
    hide_results = fields.BooleanField(default=False)
    options = fields.JSONField(default=list)
    review_after = fields.CharField(max_length=16, null=True)
    electorate = fields.JSONField(default=list)
    counts = fields.JSONField(default=dict)
    participated = fields.IntField(default=0)
    outcome = fields.TextField(default="")
    decided_at = fields.DatetimeField(null=True)
    review_at = fields.DatetimeField(null=True)
    salt = fields.CharField(max_length=32, default="")
    created_at = fields.DatetimeField()

    class Meta:
        table = "proposal"
        unique_together = (("assembly", "number"),)


class ProposalTextRow(Model):
    id = fields.IntField(primary_key=True)
    proposal = fields.ForeignKeyField("models.ProposalRow", related_name="texts", on_delete=fields.CASCADE)
    version = fields.IntField()
    text = fields.TextField()

    class Meta:
        table = "proposal_text"
        unique_together = (("proposal", "version"),)


class PositionRow(Model):
    id = fields.IntField(primary_key=True)
    proposal = fields.ForeignKeyField("models.ProposalRow", related_name="positions", on_delete=fields.CASCADE)
    member = fields.CharField(max_length=255)
    version = fields.IntField()
    stance = fields.CharField(max_length=16)
    reason = fields.TextField(default="")
    option = fields.CharField(max_length=128, default="")
    at = fields.DatetimeField(null=True)
    recorded_by = fields.CharField(max_length=255, null=True)

    class Meta:
        table = "position"
        unique_together = (("proposal", "member", "version"),)


class ObjectionRow(Model):
    id = fields.IntField(primary_key=True)
    proposal = fields.ForeignKeyField("models.ProposalRow", related_name="objections", on_delete=fields.CASCADE)
    member = fields.CharField(max_length=255)
    reason = fields.TextField()
    version = fields.IntField()
    status = fields.CharField(max_length=16)
    raised_at = fields.DatetimeField(null=True)
    resolved_at = fields.DatetimeField(null=True)
    resolved_version = fields.IntField(null=True)

    class Meta:
        table = "objection"
        unique_together = (("proposal", "member"),)


class EntryRow(Model):
    id = fields.IntField(primary_key=True)
    proposal = fields.ForeignKeyField("models.ProposalRow", related_name="entries", on_delete=fields.CASCADE)
    kind = fields.CharField(max_length=16)
    member = fields.CharField(max_length=255)
    text = fields.TextField()
    version = fields.IntField()
    at = fields.DatetimeField(null=True)

    class Meta:
        table = "proposal_entry"


class AuditRow(Model):
    """Append-only log of every decision event."""

    id = fields.BigIntField(primary_key=True)
    assembly = fields.ForeignKeyField("models.AssemblyRow", related_name="audit", on_delete=fields.CASCADE)
    subject = fields.CharField(max_length=16, default="proposal")
    number = fields.IntField(null=True)
    kind = fields.CharField(max_length=32)
    member = fields.CharField(max_length=255, null=True)
    version = fields.IntField(default=1)
    at = fields.DatetimeField()
    data = fields.JSONField(default=dict)

    class Meta:
        table = "audit_event"


class InboxRow(Model):
    """Every inbound event, unique by its platform id, kept until handled."""

    id = fields.BigIntField(primary_key=True)
    platform = fields.CharField(max_length=32)
    event_id = fields.CharField(max_length=255)
    payload = fields.JSONField(null=True)
    # Indexed by a partial index on the rows not handled yet (see the lean_hot_tables
    # migration): the worker's scan stays small, and an event claimed as it arrives
    # (inserted handled) writes no index page at all.
    handled = fields.BooleanField(default=False)
    # A typed command that changed nothing (refused with an error answer): an edit of it may
    # still run as a new command; cleared when one does (see UnitOfWork.claim_edit). Written
    # only with a refusal: an event that did something keeps the default.
    refused = fields.BooleanField(default=False)
    received_at = fields.DatetimeField()

    class Meta:
        table = "inbox"
        unique_together = (("platform", "event_id"),)


class OutboxRow(Model):
    """Messages decided in a transaction, delivered afterwards with retries."""

    id = fields.BigIntField(primary_key=True)
    key = fields.CharField(max_length=64, unique=True)
    platform = fields.CharField(max_length=32)
    room = fields.CharField(max_length=255)
    thread_key = fields.CharField(max_length=64, null=True)
    payload = fields.JSONField()
    status = fields.CharField(max_length=16, default="pending", db_index=True)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    lease_until = fields.DatetimeField(null=True)
    sent_id = fields.CharField(max_length=255, null=True)
    last_error = fields.TextField(default="")
    created_at = fields.DatetimeField()
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox"
        # a command sent in answer to one of the bot's messages about a proposal, a poll or a
        # meeting is about that one: the message is found from its id, one indexed read. The
        # migration makes it a partial index (rows sent, with a thread): a row written by an
        # event is not sent yet, so it adds no index entry to the event's transaction
        indexes = (("platform", "room", "sent_id"),)


class ThreadRootRow(Model):
    """The platform message that starts a thread (e.g. a proposal's opening message)."""

    id = fields.IntField(primary_key=True)
    platform = fields.CharField(max_length=32)
    room = fields.CharField(max_length=255)
    thread_key = fields.CharField(max_length=64)
    message_id = fields.CharField(max_length=255)

    class Meta:
        table = "thread_root"
        unique_together = (("platform", "room", "thread_key"),)
        # a command typed inside a thread is read as about that thread's proposal, poll or
        # meeting: found from the message the thread starts at
        indexes = (("platform", "room", "message_id"),)


class MemberNameRow(Model):
    """The name a member last went by, on the networks whose adapters write names in place
    of ids themselves (Telegram, the generic webhook): given back to them at start-up, so
    that a restart does not turn people back into ids. Erased by `!forget-me`."""

    id = fields.IntField(primary_key=True)
    platform = fields.CharField(max_length=32)
    member = fields.CharField(max_length=255)
    name = fields.CharField(max_length=128)
    # the handle others mention them by, where the network has one (a Telegram @username,
    # without the @): `@bob_t` finds Bob after a restart, before he speaks again
    username = fields.CharField(max_length=64, null=True)
    updated_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "member_name"
        unique_together = (("platform", "member"),)


class DueRow(Model):
    """A deadline or reminder: the database row is the truth, the scheduler only wakes up."""

    id = fields.BigIntField(primary_key=True)
    kind = fields.CharField(max_length=32)
    ref = fields.BigIntField()
    due_at = fields.DatetimeField(db_index=True)
    status = fields.CharField(max_length=16, default="pending", db_index=True)
    data = fields.JSONField(default=dict)
    created_at = fields.DatetimeField()

    class Meta:
        table = "due"
        indexes = (("status", "due_at"), ("kind", "ref"))


# ---- scheduling: time polls, meetings, live rounds -------------------------------------------


class TimePollRow(Model):
    """A time poll (sondage de dates); its slots as [[start, end], …] in UTC ISO form."""

    id = fields.IntField(primary_key=True)
    assembly = fields.ForeignKeyField("models.AssemblyRow", related_name="time_polls", on_delete=fields.CASCADE)
    number = fields.IntField()
    title = fields.CharField(max_length=255)
    creator = fields.CharField(max_length=255)
    timezone = fields.CharField(max_length=64)
    slots = fields.JSONField(default=list)
    deadline = fields.DatetimeField(null=True)
    status = fields.CharField(max_length=16, db_index=True)
    chosen_start = fields.DatetimeField(null=True)
    chosen_end = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)
    remind_before = fields.IntField(null=True)  # seconds before the deadline
    meeting_number = fields.IntField(null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "time_poll"
        unique_together = (("assembly", "number"),)


class PollAnswerRow(Model):
    id = fields.IntField(primary_key=True)
    poll = fields.ForeignKeyField("models.TimePollRow", related_name="answers", on_delete=fields.CASCADE)
    member = fields.CharField(max_length=255)
    choices = fields.JSONField(default=list)  # "yes" | "maybe" | "no", one per slot
    answered_at = fields.DatetimeField()

    class Meta:
        table = "poll_answer"
        unique_together = (("poll", "member"),)


class MeetingRow(Model):
    """A meeting; `sequence` goes up at every change calendars must see (same `uid`)."""

    id = fields.IntField(primary_key=True)
    assembly = fields.ForeignKeyField("models.AssemblyRow", related_name="meetings", on_delete=fields.CASCADE)
    number = fields.IntField()
    title = fields.CharField(max_length=255)
    start = fields.DatetimeField()
    end = fields.DatetimeField()
    timezone = fields.CharField(max_length=64)
    uid = fields.CharField(max_length=255)
    organizer = fields.CharField(max_length=255)
    place = fields.TextField(null=True)
    rrule = fields.CharField(max_length=255, null=True)
    status = fields.CharField(max_length=16)
    sequence = fields.IntField(default=0)
    poll_number = fields.IntField(null=True)
    reminder_offsets = fields.JSONField(default=list)  # seconds before each occurrence
    draw = fields.BooleanField(default=False)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "meeting"
        unique_together = (("assembly", "number"),)
        indexes = (("assembly", "status", "end"),)


class MeetingRsvpRow(Model):
    """Attendance for one occurrence ("" for a one-off meeting)."""

    id = fields.IntField(primary_key=True)
    meeting = fields.ForeignKeyField("models.MeetingRow", related_name="rsvps", on_delete=fields.CASCADE)
    occurrence = fields.CharField(max_length=40, default="")
    member = fields.CharField(max_length=255)
    answer = fields.CharField(max_length=8)
    answered_at = fields.DatetimeField()

    class Meta:
        table = "meeting_rsvp"
        unique_together = (("meeting", "occurrence", "member"),)


class AgendaItemRow(Model):
    id = fields.IntField(primary_key=True)
    meeting = fields.ForeignKeyField("models.MeetingRow", related_name="agenda_items", on_delete=fields.CASCADE)
    occurrence = fields.CharField(max_length=40, default="", db_index=True)
    title = fields.TextField()
    added_by = fields.CharField(max_length=255, null=True)
    added_at = fields.DatetimeField(null=True)

    class Meta:
        table = "meeting_agenda_item"


class MinuteNoteRow(Model):
    id = fields.IntField(primary_key=True)
    meeting = fields.ForeignKeyField("models.MeetingRow", related_name="notes", on_delete=fields.CASCADE)
    occurrence = fields.CharField(max_length=40, default="", db_index=True)
    author = fields.CharField(max_length=255)
    text = fields.TextField()
    written_at = fields.DatetimeField()

    class Meta:
        table = "meeting_note"


class MeetingRoleRow(Model):
    """Who holds a role at one occurrence; past rows are the history rotation reads."""

    id = fields.IntField(primary_key=True)
    meeting = fields.ForeignKeyField("models.MeetingRow", related_name="roles", on_delete=fields.CASCADE)
    occurrence = fields.CharField(max_length=40, default="")
    role = fields.CharField(max_length=16)
    member = fields.CharField(max_length=255)
    served_at = fields.DatetimeField()

    class Meta:
        table = "meeting_role"
        unique_together = (("meeting", "occurrence", "role"),)


class MeetingOccurrenceRow(Model):
    """Per occurrence: the proposals dealt with, and the published minutes."""

    id = fields.IntField(primary_key=True)
    meeting = fields.ForeignKeyField("models.MeetingRow", related_name="occurrences", on_delete=fields.CASCADE)
    occurrence = fields.CharField(max_length=40, default="")
    discussed = fields.JSONField(default=list)
    minutes = fields.TextField(default="")
    minutes_at = fields.DatetimeField(null=True)

    class Meta:
        table = "meeting_occurrence"
        unique_together = (("meeting", "occurrence"),)


class LiveRoundRow(Model):
    """A live consent round on a proposal: who is called now, who is still to be called."""

    id = fields.IntField(primary_key=True)
    assembly = fields.ForeignKeyField("models.AssemblyRow", related_name="live_rounds", on_delete=fields.CASCADE)
    proposal_number = fields.IntField()
    meeting_number = fields.IntField(null=True)
    queue = fields.JSONField(default=list)
    done = fields.JSONField(default=list)
    skipped = fields.JSONField(default=list)
    status = fields.CharField(max_length=16)
    started_by = fields.CharField(max_length=255)
    started_at = fields.DatetimeField()

    class Meta:
        table = "live_round"
        unique_together = (("assembly", "proposal_number"),)


# ---- tensions ----------------------------------------------------------------------------------


class TensionRow(Model):
    """A tension a member noted; `number` is from the assembly's one sequence."""

    id = fields.IntField(primary_key=True)
    assembly = fields.ForeignKeyField("models.AssemblyRow", related_name="tensions", on_delete=fields.CASCADE)
    number = fields.IntField()
    author = fields.CharField(max_length=255)
    text = fields.TextField()
    status = fields.CharField(max_length=16, db_index=True)
    proposal_number = fields.IntField(null=True)  # the proposal opened to process it
    meeting_number = fields.IntField(null=True)  # the meeting on whose agenda it was put
    resolved_by = fields.IntField(null=True)  # the adopted proposal that resolved it
    note = fields.TextField(default="")
    created_at = fields.DatetimeField()
    closed_at = fields.DatetimeField(null=True)
    closed_by = fields.CharField(max_length=255, null=True)

    class Meta:
        table = "tension"
        unique_together = (("assembly", "number"),)


# ---- federation -------------------------------------------------------------------------------


class LinkCodeRow(Model):
    """A one-time code of `!federate` (a room joins an assembly) or `!link` (an identity joins
    a person), used at most once before it expires."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    kind = fields.CharField(max_length=16)  # "room", "identity", "confirm"; "wrong": a code typed that was none
    assembly_id = fields.IntField(null=True)  # the assembly a room code invites into
    member = fields.CharField(max_length=255)  # who asked for the code
    other = fields.CharField(max_length=255, null=True)  # a confirm code: the identity to link
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "link_code"


class IdentityLinkRow(Model):
    """A network identity linked (`!link`) to the member it acts as: `person` is the identity
    the member was first known by."""

    identity = fields.CharField(max_length=255, primary_key=True)
    person = fields.CharField(max_length=255, db_index=True)
    linked_at = fields.DatetimeField()

    class Meta:
        table = "identity_link"
