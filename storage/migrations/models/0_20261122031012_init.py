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
    "eJztXe1zmzga/1cYvlx2xptNnDTJ3dzcjNO6u7k2SSf13e1sZ4eRQbbZYIlKokluL//7SR"
    "jMi4FYMWBB9S2Rngfw7xHS886f5hI70KOHI0rhcuo93eEH82/GnyYCS8j/KJoeGCbw/WRS"
    "DDAw9UJ6EBGGVFPKCLAZH58Bj0I+5EBqE9dnLkZ8FAWeJwaxzQldNE+GAuR+DaDF8ByyBS"
    "R84ssX0/cAm2GyFNcmGC/N33/nf7nIgY+QChLxr39vzVzoOZlf4TqCJxy32JMfjl0h9j4k"
    "FE8wtWzsBUuUEPtPbIHRmtpFTIzOIYIEMCguz0ggfpJ44ujXx79y9fQJyeoRUzwOnIHAYy"
    "kIplYyZlrWze3E+jyeWJYpAZqNkQCcPyoNf/1cPMKPw+PT89OLk7PTC04SPuZ65Px5desE"
    "mBVjCM/NxHwO5wEDK4oQ4wTUtDiy0L5dAFKMbZonhzB/9DzCMZ5VEMcDCcbJWmsD5CV4tD"
    "yI5mzB/z0ZViD679Hd219Gdwcnwx/EDTF/NVbvzE00MwynBOgJyOE6lwA4pu8huMM3b7ZA"
    "l1OVwhvOZfH1AJoHgL8pEhinedrD2ZwRsxWcL7ZA+aIU44s8wsxdwv9iJIVwmqdFhMcBwT"
    "786RMgLm0H67PTLcA+Oy1FW0xl4RZnsgzUMX2LMMNH33Ntl7UD8fHZFhAfn5VCLKayECP4"
    "yCwULKeQSKgVOa6X9Yu68D5WWr9IYJ1ByInwPUQy6zfL1eIq7uoGQSFj/P50E+R/fr69KQ"
    "Y5zZOD2HFtZvzP8Fza2AI2/z4LkC1wNKaB6/EnoYfitv9oSgQVkAuMxJWXlH710lAfXI9+"
    "zUvh7cfbyxAyTNmchFcJL3CZE4lNoIDMAmxTKO/4jDgOiwWT5cyLJmI9jP/ooApYIYrJ1f"
    "X482R0/Skjj3ejyVjMDMPRp9zoQX6fX1/E+M/V5BdD/Gv8dnszzottTTf5zRTPBAKGLYQf"
    "LOCkMYmH46FnYZLO7lP2kxiYAvv+ARDHyswk6wEEjluwFC4jtvcf7iC3owSSm0KPDXZxic"
    "ha76bIk1FzZTdn1RwoDlK6cP2CjUwGqOv1hXqMls/1WkyBtyNWn6LL9Awp8UriIS57STen"
    "lsNlfgQgbhA60b3FnfLvYZFTLfWOVnjUBJUFv8GVhviiU80c+T5Ezo8YeU+Gh+cGnhmcmz"
    "wZDrRdKk7R8GKHZg41KcYCB90uzrhLd/69+OP+OhyenJwPj07OLt6cnp+/uThaK86bU1Ua"
    "9OXVz0KJzhxnL3vtaDD9A9oFp0u5ip1iaVG/jveszlqJ0gbibrZhtJRV2W3rtg7v+e+QWb"
    "QxfQ8dofV7mVfalJTbCJYs1u0AVm2xNu9o5gcpjZSrLfeDFId2FuW3A3lTWZvIiprIabEK"
    "tUXGMRXTa6dU7U6pOJJvSQXPc1ztbVyKqzIbfqBNoDdRfo8JdOfoA3wKwb7iTwWQXRSuKU"
    "7T6BjOZQY6HybgYW1J5tcYh4H/eMhWGsvo89vRu7H5XO5na9LcfxfAEmM/mhlUmfpOALc0"
    "8blJDhzPRdDAxCBwKSRGOFoLaIgtcQooNAh+MFwajnEU2WIQ/kntBXQCDxIjtPMfwD2kRu"
    "AXeAOaucfLjoMvXIcELFhFYDkpP7g5xZe1Rk/gbJX5o70LynkXtJXWZC4QX/hSazti6NMh"
    "3Mr6Tumjq/1H0tRIuNoxN9rcZ/pkbSTnzNau0DVHUzvWhixN4ZQXEmll16rfD6pNute8Sz"
    "rPQDtRGsozaNL+GSNGymoI1nODKhsoDvtYUJBvZQ5JlRHokoE9lgxo86DBg7b1II7aADcS"
    "xWHwseDsnPDRkkT2iL4X+FadkeNfJ9XqyvqI/Hh783NMntdhOhkyU34/ViJqpljEt+v6Xl"
    "F2n1ykJsel35eXIzXplKQdIzX9TKUc5CI1uTWmUqTmCk3xY4mlsp4bVFkqrqDaLl4zDtMo"
    "BUOAnFUW5cBYCdOY8glGjbgy1nCdgXEPfcbnmesZC4AcDzqb8ZmarvlipXV4ZSHAnaqtdQ"
    "imrRCMLstuIRSzfikkQE7z9BDkRuwtHzx5GBTAXO4/TrHs5ELujsLaiK84OiMKdnKMPQhQ"
    "Mfgprhz4U87WUIRkLYd2Yb+8vf2Ygf3yKm/U/uv6cnx3cBzKgBO5rCTMSKAN3W+v8sznWL"
    "VrXjlTTRHXfLbQrUDr3aiEK1d9k+q7+h30XzIJcZGLUnf62afbXnuWm9d0CD9VpWry1wxq"
    "BMrF/XoTKOebGT9TJXWfhKkx1WdTFPE201nV5w/solcpPhlG7aBWTevZewsoxeTZdFsXXa"
    "6hyzXUDAIoXK5xGxa2899dYhJl5gdVFhGOKZswiNJxJ20QaYNo/+9+GwYRBLQo+aM82Sbh"
    "6AXGOt2mi5qD6vUFvUp55Heir/Oapxm18aiy8cgvhb3XxkYyrFrOnZCz/DlUxKp7KG2eRz"
    "pRUCcKqukjUDhR8DZg5ZmCyeSg0jsQkm3lGjCvIaX8SWjYddGBjuEiA3DQAKIg9DAM+Izn"
    "8q2Oz4EZg0T8Rmo8uGxhEMjlAelmtmBtV9WNHzuaF3gPC1yWFaVXK/J6zJD9wt+w510nXL"
    "bR+0J/B6fZwrYFgcCxJDeJLJcO022xWewvoVW1Vd12UoeK3rjedfsAjMGlzwpgLo9Bp1ja"
    "My6PmlX2arPZw88GRRC9wgVWwK5ThJX2g3kQUGiFhVqyws6xan+nynKm8hVEdMcCIsWk2c"
    "rnHSmzICG4IFhfHkjOcvXgm2Jth5J1o6nvZwuTl3GKTR9RqslXkWqlT5i6FYl56elBZTux"
    "iHAr3/vuaXmDJClGZ+jpDL1+K1c6YayBhLEoGCzhoioOH/dh1TaQMNaJpNLe2AHYZ4UbRP"
    "l6Tjh6AHduNQ8vtlnOw4vy9SzmdEe3fireuX4QmDjcDJ5KheNybNpHtF2PGZ0Vp7PidFbc"
    "QM4+TwmgyD7Pyufldt9N2OfpSs3o46raKN+nUd72J3FVe+/rNheZyzzJovqIoYfGYiO6wR"
    "Q7BRpYubUY0/fAeGnbVuQK8aIoTFe+mhMOvZy3W85LfjpiqZBzwtFDjOv3L3Uix6zD+PoL"
    "QKVOvDWDXr5bwNsRj35XPlIef0BV1kWX5tOOOpUddV8DTAKpwoSEo3/uufrLPkSBAV1gT0"
    "pnyTC1qIkf/zRsJ5JQP84AYfS0xEWqS3XPwzRfi20P1yOd7Xu4cB1o8XXKH10W9Dyrxl0C"
    "91WAUarTaopF91qttvtfUZZD4DcX8kNX1BzLBbuyfP07TuvX76EHbYYFHjLrP8ulX4HaXw"
    "EbB6joFCgXScKhhjh69ZlkHxDm2q4f4rYhlPKIcI5N17JtnL0Bs/GyYO8pd6inWLRPXdqn"
    "HjX7eEWOfpZTOyFUdkLEmtAr+qOlGLWMVZYxBV6BeCvCChF9DzbNpn0fuljtu3iDdIN83S"
    "BfzTS/HRvkp8x7FPZpK3AnRozvP9xBD5Rk2EeYj/lFegZ41giJO/XviFP+2wB9xCquntwR"
    "qly1Zh+RYtyC3RWlKBVWGMM9Q6qNTOQYtops5BSyL2ckW0KkIWmDZcO6WLg9P1R5XnJH0l"
    "6URzi7Hcq4+WL6XmRpte3l0wVMuoBJjYN+0J0CpknYuvQO4zKlIUtQqTJEbVAJp91KYTAn"
    "C2jELYCN5ao1t8EWgBl83RBGRWvu8JrGATycH/J/YyT/Qg3sQ8SFE/P9sNnsu/7LFysyqS"
    "bGcb/dVEdYrdPsU6fRXal1V+o2we1XV2q1sa6/LXW02Uv2o8xy9RDo2hb1hlK5H6VnBIlr"
    "L4q0nWimUs0BCU2tLhGtJ6jo+yh/7cudH/qdLznIxEslgXBE3kN0j4+OtklqPToqz2oVc/"
    "n8ScQgKnA4VSVQrln0RxUkcyX3epg9/x9uNqNN"
)
