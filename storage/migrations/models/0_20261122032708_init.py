from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


def _dialect(db: BaseDBAsyncClient) -> str:
    return "postgres" if db.capabilities.dialect == "postgres" else "sqlite"


async def upgrade(db: BaseDBAsyncClient) -> str:
    return UPGRADE[_dialect(db)]


async def downgrade(db: BaseDBAsyncClient) -> str:
    return DOWNGRADE[_dialect(db)]


UPGRADE = {
    "sqlite": """
        CREATE TABLE IF NOT EXISTS "assembly" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "platform" VARCHAR(32) NOT NULL,
    "room" VARCHAR(255) NOT NULL,
    "language" VARCHAR(8) NOT NULL,
    "timezone" VARCHAR(64) NOT NULL,
    "mode" VARCHAR(16) NOT NULL,
    "next_number" INT NOT NULL,
    "feed_token" VARCHAR(64) NOT NULL,
    "settings" JSON NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uid_assembly_platfor_fb5d0e" UNIQUE ("platform", "room")
);
CREATE TABLE IF NOT EXISTS "audit_event" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "subject" VARCHAR(16) NOT NULL,
    "number" INT,
    "kind" VARCHAR(32) NOT NULL,
    "member" VARCHAR(255),
    "version" INT NOT NULL,
    "at" TIMESTAMP NOT NULL,
    "data" JSON NOT NULL,
    "assembly_id" INT NOT NULL REFERENCES "assembly" ("id") ON DELETE CASCADE
) /* Append-only log of every decision event. */;
CREATE TABLE IF NOT EXISTS "due" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "ref" BIGINT NOT NULL,
    "due_at" TIMESTAMP NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "data" JSON NOT NULL,
    "created_at" TIMESTAMP NOT NULL
) /* A deadline or reminder: the database row is the truth, the scheduler only wakes up. */;
CREATE INDEX IF NOT EXISTS "idx_due_due_at_55464a" ON "due" ("due_at");
CREATE INDEX IF NOT EXISTS "idx_due_status_7d8981" ON "due" ("status");
CREATE INDEX IF NOT EXISTS "idx_due_status_470694" ON "due" ("status", "due_at");
CREATE INDEX IF NOT EXISTS "idx_due_kind_e4d875" ON "due" ("kind", "ref");
CREATE TABLE IF NOT EXISTS "inbox" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "platform" VARCHAR(32) NOT NULL,
    "event_id" VARCHAR(255) NOT NULL,
    "payload" JSON,
    "handled" INT NOT NULL,
    "received_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uid_inbox_platfor_fcdb9d" UNIQUE ("platform", "event_id")
) /* Every inbound event, unique by its platform id, kept until handled. */;
CREATE INDEX IF NOT EXISTS "idx_inbox_handled_da31e7" ON "inbox" ("handled");
CREATE TABLE IF NOT EXISTS "live_round" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "proposal_number" INT NOT NULL,
    "meeting_number" INT,
    "queue" JSON NOT NULL,
    "done" JSON NOT NULL,
    "skipped" JSON NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "started_by" VARCHAR(255) NOT NULL,
    "started_at" TIMESTAMP NOT NULL,
    "assembly_id" INT NOT NULL REFERENCES "assembly" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_live_round_assembl_7ed728" UNIQUE ("assembly_id", "proposal_number")
) /* A live consent round on a proposal: who is called now, who is still to be called. */;
CREATE TABLE IF NOT EXISTS "meeting" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "number" INT NOT NULL,
    "title" VARCHAR(255) NOT NULL,
    "start" TIMESTAMP NOT NULL,
    "end" TIMESTAMP NOT NULL,
    "timezone" VARCHAR(64) NOT NULL,
    "uid" VARCHAR(255) NOT NULL,
    "organizer" VARCHAR(255) NOT NULL,
    "place" TEXT,
    "rrule" VARCHAR(255),
    "status" VARCHAR(16) NOT NULL,
    "sequence" INT NOT NULL,
    "poll_number" INT,
    "reminder_offsets" JSON NOT NULL,
    "draw" INT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "assembly_id" INT NOT NULL REFERENCES "assembly" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_meeting_assembl_e7daeb" UNIQUE ("assembly_id", "number")
) /* A meeting; `sequence` goes up at every change calendars must see (same `uid`). */;
CREATE INDEX IF NOT EXISTS "idx_meeting_assembl_778327" ON "meeting" ("assembly_id", "status", "end");
CREATE TABLE IF NOT EXISTS "meeting_agenda_item" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "occurrence" VARCHAR(40) NOT NULL,
    "title" TEXT NOT NULL,
    "added_by" VARCHAR(255),
    "added_at" TIMESTAMP,
    "meeting_id" INT NOT NULL REFERENCES "meeting" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_meeting_age_occurre_addea0" ON "meeting_agenda_item" ("occurrence");
CREATE TABLE IF NOT EXISTS "meeting_occurrence" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "occurrence" VARCHAR(40) NOT NULL,
    "discussed" JSON NOT NULL,
    "minutes" TEXT NOT NULL,
    "minutes_at" TIMESTAMP,
    "meeting_id" INT NOT NULL REFERENCES "meeting" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_meeting_occ_meeting_0b180a" UNIQUE ("meeting_id", "occurrence")
) /* Per occurrence: the proposals dealt with, and the published minutes. */;
CREATE TABLE IF NOT EXISTS "meeting_role" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "occurrence" VARCHAR(40) NOT NULL,
    "role" VARCHAR(16) NOT NULL,
    "member" VARCHAR(255) NOT NULL,
    "served_at" TIMESTAMP NOT NULL,
    "meeting_id" INT NOT NULL REFERENCES "meeting" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_meeting_rol_meeting_5c7b97" UNIQUE ("meeting_id", "occurrence", "role")
) /* Who holds a role at one occurrence; past rows are the history rotation reads. */;
CREATE TABLE IF NOT EXISTS "meeting_rsvp" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "occurrence" VARCHAR(40) NOT NULL,
    "member" VARCHAR(255) NOT NULL,
    "answer" VARCHAR(8) NOT NULL,
    "answered_at" TIMESTAMP NOT NULL,
    "meeting_id" INT NOT NULL REFERENCES "meeting" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_meeting_rsv_meeting_640d9d" UNIQUE ("meeting_id", "occurrence", "member")
) /* Attendance for one occurrence ("" for a one-off meeting). */;
CREATE TABLE IF NOT EXISTS "membership" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "member" VARCHAR(255) NOT NULL,
    "roles" JSON NOT NULL,
    "active" INT NOT NULL,
    "joined_at" TIMESTAMP,
    "timezone" VARCHAR(64),
    "assembly_id" INT NOT NULL REFERENCES "assembly" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_membership_assembl_cee229" UNIQUE ("assembly_id", "member")
);
CREATE TABLE IF NOT EXISTS "meeting_note" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "occurrence" VARCHAR(40) NOT NULL,
    "author" VARCHAR(255) NOT NULL,
    "text" TEXT NOT NULL,
    "written_at" TIMESTAMP NOT NULL,
    "meeting_id" INT NOT NULL REFERENCES "meeting" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_meeting_not_occurre_c46230" ON "meeting_note" ("occurrence");
CREATE TABLE IF NOT EXISTS "outbox" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "key" VARCHAR(64) NOT NULL UNIQUE,
    "platform" VARCHAR(32) NOT NULL,
    "room" VARCHAR(255) NOT NULL,
    "thread_key" VARCHAR(64),
    "payload" JSON NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "attempts" INT NOT NULL,
    "next_attempt_at" TIMESTAMP NOT NULL,
    "lease_until" TIMESTAMP,
    "sent_id" VARCHAR(255),
    "last_error" TEXT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "sent_at" TIMESTAMP
) /* Messages decided in a transaction, delivered afterwards with retries. */;
CREATE INDEX IF NOT EXISTS "idx_outbox_status_9c8966" ON "outbox" ("status");
CREATE TABLE IF NOT EXISTS "proposal" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "number" INT NOT NULL,
    "title" VARCHAR(255) NOT NULL,
    "body" TEXT NOT NULL,
    "author" VARCHAR(255) NOT NULL,
    "method" VARCHAR(16) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "phase" VARCHAR(16) NOT NULL,
    "version" INT NOT NULL,
    "deadline" TIMESTAMP,
    "quorum" VARCHAR(32),
    "threshold" VARCHAR(32) NOT NULL,
    "anonymous" INT NOT NULL,
    "hide_results" INT NOT NULL,
    "options" JSON NOT NULL,
    "review_after" VARCHAR(16),
    "electorate" JSON NOT NULL,
    "counts" JSON NOT NULL,
    "participated" INT NOT NULL,
    "outcome" TEXT NOT NULL,
    "decided_at" TIMESTAMP,
    "review_at" TIMESTAMP,
    "salt" VARCHAR(32) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "assembly_id" INT NOT NULL REFERENCES "assembly" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_proposal_assembl_27034c" UNIQUE ("assembly_id", "number")
);
CREATE INDEX IF NOT EXISTS "idx_proposal_status_772547" ON "proposal" ("status");
CREATE TABLE IF NOT EXISTS "proposal_entry" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "member" VARCHAR(255) NOT NULL,
    "text" TEXT NOT NULL,
    "version" INT NOT NULL,
    "at" TIMESTAMP,
    "proposal_id" INT NOT NULL REFERENCES "proposal" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "objection" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "member" VARCHAR(255) NOT NULL,
    "reason" TEXT NOT NULL,
    "version" INT NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "raised_at" TIMESTAMP,
    "resolved_at" TIMESTAMP,
    "resolved_version" INT,
    "proposal_id" INT NOT NULL REFERENCES "proposal" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_objection_proposa_6b947f" UNIQUE ("proposal_id", "member")
);
CREATE TABLE IF NOT EXISTS "position" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "member" VARCHAR(255) NOT NULL,
    "version" INT NOT NULL,
    "stance" VARCHAR(16) NOT NULL,
    "reason" TEXT NOT NULL,
    "option" VARCHAR(128) NOT NULL,
    "at" TIMESTAMP,
    "recorded_by" VARCHAR(255),
    "proposal_id" INT NOT NULL REFERENCES "proposal" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_position_proposa_96ca2c" UNIQUE ("proposal_id", "member", "version")
);
CREATE TABLE IF NOT EXISTS "proposal_text" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" INT NOT NULL,
    "text" TEXT NOT NULL,
    "proposal_id" INT NOT NULL REFERENCES "proposal" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_proposal_te_proposa_b8325a" UNIQUE ("proposal_id", "version")
);
CREATE TABLE IF NOT EXISTS "thread_root" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "platform" VARCHAR(32) NOT NULL,
    "room" VARCHAR(255) NOT NULL,
    "thread_key" VARCHAR(64) NOT NULL,
    "message_id" VARCHAR(255) NOT NULL,
    CONSTRAINT "uid_thread_root_platfor_2e3bb6" UNIQUE ("platform", "room", "thread_key")
) /* The platform message that starts a thread (e.g. a proposal's opening message). */;
CREATE TABLE IF NOT EXISTS "time_poll" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "number" INT NOT NULL,
    "title" VARCHAR(255) NOT NULL,
    "creator" VARCHAR(255) NOT NULL,
    "timezone" VARCHAR(64) NOT NULL,
    "slots" JSON NOT NULL,
    "deadline" TIMESTAMP,
    "status" VARCHAR(16) NOT NULL,
    "chosen_start" TIMESTAMP,
    "chosen_end" TIMESTAMP,
    "closed_at" TIMESTAMP,
    "remind_before" INT,
    "meeting_number" INT,
    "created_at" TIMESTAMP NOT NULL,
    "assembly_id" INT NOT NULL REFERENCES "assembly" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_time_poll_assembl_717a36" UNIQUE ("assembly_id", "number")
) /* A time poll (sondage de dates); its slots as [[start, end], …] in UTC ISO form. */;
CREATE INDEX IF NOT EXISTS "idx_time_poll_status_f01191" ON "time_poll" ("status");
CREATE TABLE IF NOT EXISTS "poll_answer" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "member" VARCHAR(255) NOT NULL,
    "choices" JSON NOT NULL,
    "answered_at" TIMESTAMP NOT NULL,
    "poll_id" INT NOT NULL REFERENCES "time_poll" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_poll_answer_poll_id_0bc239" UNIQUE ("poll_id", "member")
);
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSON NOT NULL
);""",
    "postgres": """
        CREATE TABLE IF NOT EXISTS "assembly" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "platform" VARCHAR(32) NOT NULL,
    "room" VARCHAR(255) NOT NULL,
    "language" VARCHAR(8) NOT NULL,
    "timezone" VARCHAR(64) NOT NULL,
    "mode" VARCHAR(16) NOT NULL,
    "next_number" INT NOT NULL,
    "feed_token" VARCHAR(64) NOT NULL,
    "settings" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_assembly_platfor_fb5d0e" UNIQUE ("platform", "room")
);
CREATE TABLE IF NOT EXISTS "audit_event" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "subject" VARCHAR(16) NOT NULL,
    "number" INT,
    "kind" VARCHAR(32) NOT NULL,
    "member" VARCHAR(255),
    "version" INT NOT NULL,
    "at" TIMESTAMPTZ NOT NULL,
    "data" JSONB NOT NULL,
    "assembly_id" INT NOT NULL REFERENCES "assembly" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "audit_event" IS 'Append-only log of every decision event.';
CREATE TABLE IF NOT EXISTS "due" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(32) NOT NULL,
    "ref" BIGINT NOT NULL,
    "due_at" TIMESTAMPTZ NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_due_due_at_55464a" ON "due" ("due_at");
CREATE INDEX IF NOT EXISTS "idx_due_status_7d8981" ON "due" ("status");
CREATE INDEX IF NOT EXISTS "idx_due_status_470694" ON "due" ("status", "due_at");
CREATE INDEX IF NOT EXISTS "idx_due_kind_e4d875" ON "due" ("kind", "ref");
COMMENT ON TABLE "due" IS 'A deadline or reminder: the database row is the truth, the scheduler only wakes up.';
CREATE TABLE IF NOT EXISTS "inbox" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "platform" VARCHAR(32) NOT NULL,
    "event_id" VARCHAR(255) NOT NULL,
    "payload" JSONB,
    "handled" BOOL NOT NULL,
    "received_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_inbox_platfor_fcdb9d" UNIQUE ("platform", "event_id")
);
CREATE INDEX IF NOT EXISTS "idx_inbox_handled_da31e7" ON "inbox" ("handled");
COMMENT ON TABLE "inbox" IS 'Every inbound event, unique by its platform id, kept until handled.';
CREATE TABLE IF NOT EXISTS "live_round" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "proposal_number" INT NOT NULL,
    "meeting_number" INT,
    "queue" JSONB NOT NULL,
    "done" JSONB NOT NULL,
    "skipped" JSONB NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "started_by" VARCHAR(255) NOT NULL,
    "started_at" TIMESTAMPTZ NOT NULL,
    "assembly_id" INT NOT NULL REFERENCES "assembly" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_live_round_assembl_7ed728" UNIQUE ("assembly_id", "proposal_number")
);
COMMENT ON TABLE "live_round" IS 'A live consent round on a proposal: who is called now, who is still to be called.';
CREATE TABLE IF NOT EXISTS "meeting" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "number" INT NOT NULL,
    "title" VARCHAR(255) NOT NULL,
    "start" TIMESTAMPTZ NOT NULL,
    "end" TIMESTAMPTZ NOT NULL,
    "timezone" VARCHAR(64) NOT NULL,
    "uid" VARCHAR(255) NOT NULL,
    "organizer" VARCHAR(255) NOT NULL,
    "place" TEXT,
    "rrule" VARCHAR(255),
    "status" VARCHAR(16) NOT NULL,
    "sequence" INT NOT NULL,
    "poll_number" INT,
    "reminder_offsets" JSONB NOT NULL,
    "draw" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "assembly_id" INT NOT NULL REFERENCES "assembly" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_meeting_assembl_e7daeb" UNIQUE ("assembly_id", "number")
);
CREATE INDEX IF NOT EXISTS "idx_meeting_assembl_778327" ON "meeting" ("assembly_id", "status", "end");
COMMENT ON TABLE "meeting" IS 'A meeting; `sequence` goes up at every change calendars must see (same `uid`).';
CREATE TABLE IF NOT EXISTS "meeting_agenda_item" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "occurrence" VARCHAR(40) NOT NULL,
    "title" TEXT NOT NULL,
    "added_by" VARCHAR(255),
    "added_at" TIMESTAMPTZ,
    "meeting_id" INT NOT NULL REFERENCES "meeting" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_meeting_age_occurre_addea0" ON "meeting_agenda_item" ("occurrence");
CREATE TABLE IF NOT EXISTS "meeting_occurrence" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "occurrence" VARCHAR(40) NOT NULL,
    "discussed" JSONB NOT NULL,
    "minutes" TEXT NOT NULL,
    "minutes_at" TIMESTAMPTZ,
    "meeting_id" INT NOT NULL REFERENCES "meeting" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_meeting_occ_meeting_0b180a" UNIQUE ("meeting_id", "occurrence")
);
COMMENT ON TABLE "meeting_occurrence" IS 'Per occurrence: the proposals dealt with, and the published minutes.';
CREATE TABLE IF NOT EXISTS "meeting_role" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "occurrence" VARCHAR(40) NOT NULL,
    "role" VARCHAR(16) NOT NULL,
    "member" VARCHAR(255) NOT NULL,
    "served_at" TIMESTAMPTZ NOT NULL,
    "meeting_id" INT NOT NULL REFERENCES "meeting" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_meeting_rol_meeting_5c7b97" UNIQUE ("meeting_id", "occurrence", "role")
);
COMMENT ON TABLE "meeting_role" IS 'Who holds a role at one occurrence; past rows are the history rotation reads.';
CREATE TABLE IF NOT EXISTS "meeting_rsvp" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "occurrence" VARCHAR(40) NOT NULL,
    "member" VARCHAR(255) NOT NULL,
    "answer" VARCHAR(8) NOT NULL,
    "answered_at" TIMESTAMPTZ NOT NULL,
    "meeting_id" INT NOT NULL REFERENCES "meeting" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_meeting_rsv_meeting_640d9d" UNIQUE ("meeting_id", "occurrence", "member")
);
COMMENT ON TABLE "meeting_rsvp" IS 'Attendance for one occurrence (\"\" for a one-off meeting).';
CREATE TABLE IF NOT EXISTS "membership" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "member" VARCHAR(255) NOT NULL,
    "roles" JSONB NOT NULL,
    "active" BOOL NOT NULL,
    "joined_at" TIMESTAMPTZ,
    "timezone" VARCHAR(64),
    "assembly_id" INT NOT NULL REFERENCES "assembly" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_membership_assembl_cee229" UNIQUE ("assembly_id", "member")
);
CREATE TABLE IF NOT EXISTS "meeting_note" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "occurrence" VARCHAR(40) NOT NULL,
    "author" VARCHAR(255) NOT NULL,
    "text" TEXT NOT NULL,
    "written_at" TIMESTAMPTZ NOT NULL,
    "meeting_id" INT NOT NULL REFERENCES "meeting" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_meeting_not_occurre_c46230" ON "meeting_note" ("occurrence");
CREATE TABLE IF NOT EXISTS "outbox" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "key" VARCHAR(64) NOT NULL UNIQUE,
    "platform" VARCHAR(32) NOT NULL,
    "room" VARCHAR(255) NOT NULL,
    "thread_key" VARCHAR(64),
    "payload" JSONB NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "attempts" INT NOT NULL,
    "next_attempt_at" TIMESTAMPTZ NOT NULL,
    "lease_until" TIMESTAMPTZ,
    "sent_id" VARCHAR(255),
    "last_error" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "sent_at" TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS "idx_outbox_status_9c8966" ON "outbox" ("status");
COMMENT ON TABLE "outbox" IS 'Messages decided in a transaction, delivered afterwards with retries.';
CREATE TABLE IF NOT EXISTS "proposal" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "number" INT NOT NULL,
    "title" VARCHAR(255) NOT NULL,
    "body" TEXT NOT NULL,
    "author" VARCHAR(255) NOT NULL,
    "method" VARCHAR(16) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "phase" VARCHAR(16) NOT NULL,
    "version" INT NOT NULL,
    "deadline" TIMESTAMPTZ,
    "quorum" VARCHAR(32),
    "threshold" VARCHAR(32) NOT NULL,
    "anonymous" BOOL NOT NULL,
    "hide_results" BOOL NOT NULL,
    "options" JSONB NOT NULL,
    "review_after" VARCHAR(16),
    "electorate" JSONB NOT NULL,
    "counts" JSONB NOT NULL,
    "participated" INT NOT NULL,
    "outcome" TEXT NOT NULL,
    "decided_at" TIMESTAMPTZ,
    "review_at" TIMESTAMPTZ,
    "salt" VARCHAR(32) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "assembly_id" INT NOT NULL REFERENCES "assembly" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_proposal_assembl_27034c" UNIQUE ("assembly_id", "number")
);
CREATE INDEX IF NOT EXISTS "idx_proposal_status_772547" ON "proposal" ("status");
CREATE TABLE IF NOT EXISTS "proposal_entry" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(16) NOT NULL,
    "member" VARCHAR(255) NOT NULL,
    "text" TEXT NOT NULL,
    "version" INT NOT NULL,
    "at" TIMESTAMPTZ,
    "proposal_id" INT NOT NULL REFERENCES "proposal" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "objection" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "member" VARCHAR(255) NOT NULL,
    "reason" TEXT NOT NULL,
    "version" INT NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "raised_at" TIMESTAMPTZ,
    "resolved_at" TIMESTAMPTZ,
    "resolved_version" INT,
    "proposal_id" INT NOT NULL REFERENCES "proposal" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_objection_proposa_6b947f" UNIQUE ("proposal_id", "member")
);
CREATE TABLE IF NOT EXISTS "position" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "member" VARCHAR(255) NOT NULL,
    "version" INT NOT NULL,
    "stance" VARCHAR(16) NOT NULL,
    "reason" TEXT NOT NULL,
    "option" VARCHAR(128) NOT NULL,
    "at" TIMESTAMPTZ,
    "recorded_by" VARCHAR(255),
    "proposal_id" INT NOT NULL REFERENCES "proposal" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_position_proposa_96ca2c" UNIQUE ("proposal_id", "member", "version")
);
CREATE TABLE IF NOT EXISTS "proposal_text" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" INT NOT NULL,
    "text" TEXT NOT NULL,
    "proposal_id" INT NOT NULL REFERENCES "proposal" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_proposal_te_proposa_b8325a" UNIQUE ("proposal_id", "version")
);
CREATE TABLE IF NOT EXISTS "thread_root" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "platform" VARCHAR(32) NOT NULL,
    "room" VARCHAR(255) NOT NULL,
    "thread_key" VARCHAR(64) NOT NULL,
    "message_id" VARCHAR(255) NOT NULL,
    CONSTRAINT "uid_thread_root_platfor_2e3bb6" UNIQUE ("platform", "room", "thread_key")
);
COMMENT ON TABLE "thread_root" IS 'The platform message that starts a thread (e.g. a proposal''s opening message).';
CREATE TABLE IF NOT EXISTS "time_poll" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "number" INT NOT NULL,
    "title" VARCHAR(255) NOT NULL,
    "creator" VARCHAR(255) NOT NULL,
    "timezone" VARCHAR(64) NOT NULL,
    "slots" JSONB NOT NULL,
    "deadline" TIMESTAMPTZ,
    "status" VARCHAR(16) NOT NULL,
    "chosen_start" TIMESTAMPTZ,
    "chosen_end" TIMESTAMPTZ,
    "closed_at" TIMESTAMPTZ,
    "remind_before" INT,
    "meeting_number" INT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "assembly_id" INT NOT NULL REFERENCES "assembly" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_time_poll_assembl_717a36" UNIQUE ("assembly_id", "number")
);
CREATE INDEX IF NOT EXISTS "idx_time_poll_status_f01191" ON "time_poll" ("status");
COMMENT ON TABLE "time_poll" IS 'A time poll (sondage de dates); its slots as [[start, end], …] in UTC ISO form.';
CREATE TABLE IF NOT EXISTS "poll_answer" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "member" VARCHAR(255) NOT NULL,
    "choices" JSONB NOT NULL,
    "answered_at" TIMESTAMPTZ NOT NULL,
    "poll_id" INT NOT NULL REFERENCES "time_poll" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_poll_answer_poll_id_0bc239" UNIQUE ("poll_id", "member")
);
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);""",
}

DOWNGRADE = {
    "sqlite": """
        """,
    "postgres": """
        """,
}

MODELS_STATE = (
    "eJztXWtz2zYW/SsYfVlnRk1t2bHddmdn7MTtepvEHkfddpp2GEiEJNYUoZKgH+3mvy9A8U"
    "2QIiSSIpk7kw8xgQtJByBw7hN/D5ZUJ6bz8mJOLB1fM7K8o4+Db9HfAwsvCf+PvMMQDfBq"
    "FTWLBwxPzLUEIcyw5hr2RDSDy3gCE4fZeMp4lxk2HcIf6cSZ2saKGdTiTy3XNMVDOuUd+Q"
    "DRI9cy/nSJxuicsAWxecPH3/ljw9LJE3GCP1f32swgpp74+oYuPtt7rrHnlffs2mLfex3F"
    "p020KTXdpRV1Xj2zBbXC3obFxFP+Y4iNGRHDM9sVX198O/9HB79o/U2jLuuvGJPRyQy7Jo"
    "v93IkWPRto2vubsfbhaqxpAwWAptQS4PKv6ni/fi6+wlejo5Ozk/Pj05Nz3sX7muGTs8/r"
    "j46AWQt68LwfDz577ZjhdQ8P4whUOp26tk2sKcmC+3qBbTm6SakUyvzrp1EOMC2COXhQgP"
    "NgUBfKS/ykmcSaswX/8+SwANL/Xty9/vfF3cHJ4QvxgZS/B+t35b3fMvKaBOoRysxgpgTg"
    "MXnKWb6hQF3YRu9tA4u4AM7x1S9jMfLScf404zAevLv4xUN4+ey3vL15/0PQPQb767c3ly"
    "m4sa4TXZs8qyzpuMxWoPurtS2YJ5f06NWrEmua98pd1F6bDGbMsjC/4TAxY0mKoF7LpaDW"
    "fcGXwX+6B3zRYr9+d/VhfPHuNrHi31yMr0TLKLHag6cHp6kpCQdBP1+P/43En+jXm/dXHp"
    "rUYXPb+8So3/jXgfhO2GVUs+ijxuGPYRI8Dh4lZjg4/5WO3qTQ5iO4AxtYFaew4DWze+kh"
    "7COWxfh7ahNjbv1Inj2or/mXwvJD1+d279Yj+cSuYyh/DlZS8DR6uW38GDLC1ALjIPCfTt"
    "h6f7/48PrizdXAQ3uCp/eP2Na1BOyihY5o6knYN9u0HC3TT7DFGbHu/xDxtQNq7ThkOTGf"
    "85h3rLmQd2O/Y/Vk++NgZWI2o7ZH5G1Kl4PfgYDvkYDHp6MsV4nL9IIgJsnK8agEVzke5V"
    "IV0ZRkKt46VwA46N9DcGthgia25i7fElUwjss0h/NgZjejRJ6XQPk8F+PzrAa5JH9RSwnh"
    "uEyDCF+5Nl2Rr2+xbTjNYH16UgLs05NctEVTEm5xJqtAHfRvEGbytDKNqcGagfjotATER2"
    "ldJYJYNCUhtsgT0yx3OSG2Aq1ISTWnXRy1ml9EsM4I160ZvSeWyvpNSjW4iru6QTiECR3E"
    "yYL8nw837+Ugx2XSdg9jytD/kGk4tS3gwT9nrjUVOKKJa5j8mzgvxcf+q64pKIBcYFRs9U"
    "sb+IZJ44YYIG31m9pEQLaFQSopWYFJqm0UsOs2qYztJF+9j5knXd2QLIVLX+z7H+8I16ME"
    "ktlJDxR2MUS/jClJ3m48EM2mrqVLNjIVoN7yge7EOD0Gyzc77YhULy10KZwEO3MWxmpnqI"
    "KBeozWiitL1MHmjljd+sP0GClx9morau4K1ZiPc8uH6RlUtdq1g3NQZtSOnZEFFm3RSyMP"
    "ZK2hbTRqDy5WK2LpX1HLfEYmnSM6Q1zafkY6mRqOYLHeYC8HKdSUBCuORrk05l+KPfyb0e"
    "j4+Gx0eHx6/urk7OzV+WGouGabijTYy+sfhBKboJObreaOO/mDTCXsLl/FjYk0qN8G23tn"
    "rTTKBprdbDMtc+ZXbZ25579DZdEG/XvoiKjey7MmnkpmW5KzWCHkR+7o4Qep45OrkvtBTA"
    "KMtentYIvYKTBRtdNEFZ9WQVtUDMNBfzAKV24UDiJp1ELYUlIQw7Y5hi0esrRjEFsqTKpj"
    "OJeNYkutsTaFsb1xSY6y77cMi1R93SUlVXyukmPdNCyCqI1sshQzZnO0FgSJLXGCHYJs+o"
    "gMx3vGUWSLofdfZ7ogumsSG3l6/iO+Jw5yVxJrQD2fsdlw8JFzSMzcdQQE78oPbt7jY8jo"
    "bTJbR96BdaF11gXQ0uqMxeMLX2lt+wJ9OoQbWd8xPrrefxRVjUiqGXWjyX2mT9pGdM6UNo"
    "WGEs2l7gmjvJ/j0EU7KKh027xLEOcDRpSa4nzq1H+uLGbn5fCEbcMiHShw+2hEdC+lDiml"
    "8UDKzh5TdkA9qPGgbdyJ026Aa/HiMPIkOTsLqhH4/XuBb9PFCDriMmv9ftwKr1nLPL5d53"
    "uyQEg1T01KCt6XzZ6aeEjSjp6afkadDlOemtQaa5On5tqa0KccTSVsGxZpKoboVc5fc+WF"
    "UQoB19LXUZRDtJ5MNOENzEFBZjoy9CG6JyvG25lhogW2dJPoWf9MRWNurHTgjSwmcKdqB+"
    "CCacoFA2URGnDFhC+FAshxmR6CXIu+tcLPJsUSmPPtxzGRnUzI3SGstdiK/TNCspNTahJs"
    "ycGPSaXAn3Cxmjwk4Tw0C/vlzc3bBOyX12ml9qd3l1d3B0feHPBOBstxM9pkSoyHrSzzKV"
    "EwzbdOVWuJaT6RaCohvelE1HziG+W+lmO/F0hIIDGt/AREniSiFsIo0A++RY8LKgKJptjk"
    "2wfi8A2DRw5nrCZiFE2I3yyLVarhE6TMOB6sF2o3fuYGlAPbazmw1GyUR1giCdYQySkVVA"
    "9UBjgrCBlOWXj5j3IlpZPymW4o0I5QCfF5vQmV0KUVwwqiVuTVwmAqdp8K595YrWSaSEG9"
    "oEgEJqT6CWlh2FyvPPkcLpsp12FPSvUQ6FosTAFq6pp3UhIU79Yp3pDNBtlse397upzN5l"
    "fcugnvrMkxHUn7Dctcj5S8DmezKelW5JSFMutktLAOlEhYMxl6NEQeGrb0das74eRrQXS0"
    "NCyXESdrPapqUKnBKHZDQezHgqkIrm4qrU/UpTfUfXeTbjhTl+9uSqpbQgiUt8qVN3/Dyk"
    "5JfhBrTKQHq77pKFYfvS0UjKQkxGC2Wb+A+57gvqf26Rbtve8phN/coFQEPUqpEzbvXE6R"
    "+HlB0YLyb4owElIIM0RFqYuQ5H2HVtgRvuRH3scmHu9fcCZA7Wf+kHmlUpFNsC7RKCofXU"
    "G1EGtAwAAqBqgYeydbdasYwQtfFuCgfw+t45BQ2En3A7G3i/tLCILzAZSDDswpKAegHCgp"
    "B8WKQTmloJw+cIH87t+hTw7h88jXxyc0p17hOkHf15Xwpwtszb0oUWLp2HbQ0uUs3iEEHT"
    "j8W6JPrqF/eiELUK16+I3RqTlBqclOUWAG/0DFqnqgI+yoIzRdIb5tG1XVAZTMYGraQCgA"
    "bFUhWEaZqQZCwFJbzVKJrDZP8dQSaXkemNh2TWx3bkBubHes/lpTVy0Z2IU8YJWDh9pzbB"
    "l/qVmjEkKAdMmMaxPLbNb50QGhQB8ugmk6OMC2XUUDdiDQB7SbYayQq1BrroJvzVBQY+Mi"
    "zSmyh3UBXLEWK+7p3CKHNSkF+ZWyIgvrKyw0Ops5hCldQC+TheDE4uNwm6xLGz9mp6Ww4k"
    "ggUlu5kew0hE86W28ECoFvxQC7pvi7K33LaU5KwjS3epohtw1y29rpYt4xty2G/Fw4RDV+"
    "oC13vMP+whvpmg/UL+iT5rIwjnBHtPIy+/oImogNrAauWMxyL4FyHlYVAcVH6jFQFpVmWi"
    "kB5eUAvecD9QynJuKH/NVVEEMUrb8SyQW8s9dzczARY+KQ4dslmlE7FfmPDn4b/DbwGrBo"
    "+orOZkF0kCxyaLex1BIH/PhdSB2A1IHSNqm6bE91pw5AdHv93hdsOY9qGEcSPcT4vATC57"
    "n4nsvR3cq+kxIFA0+rDTyQPwD5A/un7MMO5Q+Ig9pZGPn0P95hA/sPupbi/vkobwzYB/Ld"
    "AvINrLB+VphjaCvwvgcC4HJPUJYqXO58MzMeJJpmodM9EmrQ7R5sM531uv9BDWsrtp4QhD"
    "pAbabqe4m1b9l81h1qD/5u8He3UyVqcy3XhCNJphOlPU2bPSLCv1W9VgT6DzgfpK98BufO"
    "+h44hVhQNbt4KAFaZjktk5EnCdHOz2MK+vcC36bzmB5tQ/ipt9BtkpLgiGi1dgOOCHBEtI"
    "91t9cRcTP5g3jGwxzOnWgvpNw06FmHFyK47AC8EC1h4eCFaMALQbCzfp3KMsRIohcYN80R"
    "H4jtGDLEc7eLmATQBolDAZLba05u55/kbHcre1wQPDZt1mn4UNTcrgZvShTmuRPzrH4OyU"
    "ShwoKkdEVwkbqSUpCSgpN+s4EgrrDtaCG49Yfqt4kgtcZaZSNw2YQ+5RkIwsZhoXXA61bK"
    "NDB4RxyHfxNxseHU0ImODAthDhq2HOxZGIa8xTQeRHg4wjNGbPEbHe8GRGQTPh+yOxQrG7"
    "Vih+ClMf9SrBHfjEbHx2ejw+PT81cnZ2evzg/DXSfbVLT9XF7/IHagxEm92WZxT5Ruq/a7"
    "V6OG7Bf+msNdViZmM2ovVdCNy/RQ0zselQD5eJQLsmhKx6RSJYCD/j0Etx5v7EJcZqUpbh"
    "JJKYiNK7FZ4GeTYqUbV2MizcdX70d5rSWSuo3WuGzIzIpYuu9b7KJFDjNGlitZ8b78wM+Y"
    "CJSbTOvsFnlimg/RFiYwiTjEcLTaDmYS7BDNtZghMR8UT3ZKFOydbZ5nh1hMaogrOI8ikf"
    "5xrVporYkdphHblgVz5juSk1I9qNXRtCsZ6pd+OVvYNldjWhVykZZtal2f34xXYz9W91tq"
    "mhdeEZQcy3uyw7DI+u7VXo8K11QenceH9+YOIvMgMm/v+08DpGq6oIa0cmm+DSsmAjUCKr"
    "dsQaGpHh/ImbtH1II3IgkI3CgRuOGf5TsGbYz5qyIISs+DNqK11aaAjVvqGAU5HfHmDbRx"
    "3bEWzpjN6BhG8dRAIYFC9ptCQq5BDbkGikUBcg+xPqzaGnINOpGP1BsTMl0x6QZRUOQilO"
    "gB3KnVPCpTmpj3yl/Po2x5YnVlEWy2rVcRbTKlts4V+olSJFdKDNyL5S5jhoQKSKhop27e"
    "3oSK+ATI9PPk/BTo57E1UWfdZ//WXlDK96mUK1+4vONdy21776tWF5nBTMUiqL5AD5XFWr"
    "jBhOoSBpavLQb9e6C8NK0rQrm++pfzkp+OVClaMZLoIcbV25c6kZ7QYXxXC+wonXihACzf"
    "EvB2xKJ/1BF+phOsm4asTn2xiS4uB4a6Nhvq/nSp7SrltEYS/TPPVZ8xLHJTnQU1lThLQq"
    "hBJn709agZT0L1OGOLWs9LKqMuxXfUxOUavKYmfNLZe2oWhk40vk75V1cFPS0KuCvgvnYw"
    "KsW9xkQg7rVY798i7tUmDwbhh64oV6Pm7ErK9e84rZ7fE5NMGRV4qKz/pBS8ApW/AlPqWr"
    "JToCAUP5Rox3SIj+3NdKywzYypsfJwy0xKvkc4JQZlEDJnr8umdCnZe/IN6jERsKkr29T9"
    "OnFbpJQkJcEI0WYjRMCEtiitGxOEOW7zHDvYlExvgVvB79+DTbNu2wfUOfgi3iC40BQuNG"
    "1nmN+OF5rG1HvLK/ErMSf6gt//eEdMnBNh72N+xQfpGeBJJSS45GlHnNLXSvURqyB7ckeo"
    "UtmafURKXGy5K0p+KKxQhnuGVBORyAFsBdHIMWQ3RyRrwV2ldaYNQ7Jwc3ao/LjkjoS9tB"
    "5huBd4L1Y+SGCCBKZ2HPTD7iQwjb2q93eU5pGGZIdCyuBX0Ld531KEYTBeEBTcHoGW61td"
    "EFtghvi6sZkjbnXxxkQH5OX8Jf8zQPIfDqIrYvHJCeReZO+JqX54OZGJ3X8RXNUQu0wAOM"
    "0+OQ1caNKA6RguNOnphSbtxrr6G038zV6xlHlSqodAV7aoM6RyT6QnVtJORnmSFe8KCA/v"
    "qAVl9jbTnQskBJAQQAcOtXTBR3T+j68L58V3yOCUxDGpICYOJxYeSRkiYun8x/zmjg5Hp7"
    "+Lq+5+Gr9G1x9ukDiisqSnrg+B1PIu0B1ILa/YgAOp5XUXYBbBA2oJzzERQLkkg+Rnwl9U"
    "loJXtJQjmR7iXD179I7VLML54cuhQDuil3sVTA5Jp32PZIIiA/VmyUwX1CGW5mkIqm9RWh"
    "bepDa/Sf5scSVwy3n2JWGWWz3LJp+rreJ744Iwx22eY5ssOYrahMyoLaE+uWaAjNxW1oCW"
    "TWzVxoAl4SvcmmvKRpasIMCbhRcSEL6ILQoSECABoZ1hOpUlIKwvIts5Wjx1KWRPUK81Cv"
    "qC2MZ0MZA49fyWYZE/D0d9Kg12BpdYG6Oa8+1E+WHNfTB81+JgEC+VAsJ+9x6ie3R4WMYQ"
    "d3iYb4kTbenKKBYjloQXF5VGCUWa9y7shwpX5kfYa5jK5/8Dlr+MkA=="
)
