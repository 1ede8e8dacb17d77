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

    class Meta:
        table = "assembly"
        unique_together = (("platform", "room"),)


class MembershipRow(Model):
    id = fields.IntField(primary_key=True)
    assembly = fields.ForeignKeyField("models.AssemblyRow", related_name="memberships", on_delete=fields.CASCADE)
    member = fields.CharField(max_length=255)
    roles = fields.JSONField(default=list)
    active = fields.BooleanField(default=True)
    joined_at = fields.DatetimeField(null=True)
    timezone = fields.CharField(max_length=64, null=True)

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
    handled = fields.BooleanField(default=False, db_index=True)
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
