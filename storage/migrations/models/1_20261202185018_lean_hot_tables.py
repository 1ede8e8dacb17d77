"""Leaner writes on the tables every event touches (inbox, position, audit_event, outbox).

SQLite: these tables drop AUTOINCREMENT. Their ids still grow with each row (SQLite gives
max(id) + 1, and none of these tables loses its newest row: the inbox, the audit log and the
outbox keep every row, a withdrawn position is deleted but nothing refers to its id), but a
new row no longer updates `sqlite_sequence`: one page less written at every commit. SQLite
cannot drop AUTOINCREMENT in place, so each table is copied into a new one.

Both dialects: the inbox's index on `handled` becomes a partial index on the rows not yet
handled. The worker's scan reads only those, the index stays as small as the backlog, and
an event claimed as it arrives (inserted already handled) writes no index page at all.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


def _dialect(db: BaseDBAsyncClient) -> str:
    return "postgres" if db.capabilities.dialect == "postgres" else "sqlite"


async def upgrade(db: BaseDBAsyncClient) -> str:
    return UPGRADE[_dialect(db)]


async def downgrade(db: BaseDBAsyncClient) -> str:
    return DOWNGRADE[_dialect(db)]


_COLUMNS = {
    "inbox": """
    "platform" VARCHAR(32) NOT NULL,
    "event_id" VARCHAR(255) NOT NULL,
    "payload" JSON,
    "handled" INT NOT NULL,
    "received_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uid_inbox_platfor_fcdb9d" UNIQUE ("platform", "event_id")""",
    "position": """
    "member" VARCHAR(255) NOT NULL,
    "version" INT NOT NULL,
    "stance" VARCHAR(16) NOT NULL,
    "reason" TEXT NOT NULL,
    "option" VARCHAR(128) NOT NULL,
    "at" TIMESTAMP,
    "recorded_by" VARCHAR(255),
    "proposal_id" INT NOT NULL REFERENCES "proposal" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_position_proposa_96ca2c" UNIQUE ("proposal_id", "member", "version")""",
    "audit_event": """
    "subject" VARCHAR(16) NOT NULL,
    "number" INT,
    "kind" VARCHAR(32) NOT NULL,
    "member" VARCHAR(255),
    "version" INT NOT NULL,
    "at" TIMESTAMP NOT NULL,
    "data" JSON NOT NULL,
    "assembly_id" INT NOT NULL REFERENCES "assembly" ("id") ON DELETE CASCADE""",
    "outbox": """
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
    "sent_at" TIMESTAMP""",
}
_OUTBOX_STATUS = 'CREATE INDEX "idx_outbox_status_9c8966" ON "outbox" ("status");'
_UNHANDLED = 'CREATE INDEX "idx_inbox_unhandled" ON "inbox" ("id") WHERE NOT "handled";'
_HANDLED = 'CREATE INDEX "idx_inbox_handled_da31e7" ON "inbox" ("handled");'


def _copy_tables(id_column: str) -> str:
    """Each table copied into a new one whose id is `id_column`, then put in its place.
    The script runs in a transaction of its own: all of it, or nothing."""
    steps = ["BEGIN;"]
    for table, columns in _COLUMNS.items():
        steps += [
            f'CREATE TABLE "{table}_copy" (\n    "id" {id_column},{columns}\n);',
            f'INSERT INTO "{table}_copy" SELECT * FROM "{table}";',
            f'DROP TABLE "{table}";',
            f'ALTER TABLE "{table}_copy" RENAME TO "{table}";',
        ]
    return "\n".join(steps)


UPGRADE = {
    "sqlite": "\n".join([_copy_tables("INTEGER PRIMARY KEY NOT NULL"), _OUTBOX_STATUS, _UNHANDLED, "COMMIT;"]),
    "postgres": """
        DROP INDEX IF EXISTS "idx_inbox_handled_da31e7";
        """ + _UNHANDLED,
}

DOWNGRADE = {
    "sqlite": "\n".join([_copy_tables("INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL"), _OUTBOX_STATUS, _HANDLED,
                         "COMMIT;"]),
    "postgres": """
        DROP INDEX IF EXISTS "idx_inbox_unhandled";
        """ + _HANDLED,
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
    "ycGPSaXAn3CxutZ4+KRZ3C9vbt4mcL+8Tmu1P727vLo7OPImgXcyWI6f0SZTYjxsZZpPiY"
    "JtvnW6Wkts84lMUwnrTWei5jPfKPm1HP29QEICiWnlRyDyJBG1EEaBgvAtelxQEUk0xSbf"
    "PxCHbxg8cjhlNRGjaEL8ZlmwUg2fIKXG8Wi9UL3xUzegHthe64GlZqM8whJJMIdITqmgfK"
    "AywFlBSHHKwst/lCupnZRPdUOBdsRKiM/rTayELi0ZVhC2Ii8XBlOx+1Q498ZqJVNFCgoG"
    "RSIwIdVPSAvj5nrlyudw2Uy5EHtSqodA12JiClBT17yTkqB4t07xhnQ2SGfb+9vT5XQ2v+"
    "TWTXhpTY7pSNpvWOZ+pOR9OJtNSbciqSyUWWejhYWgRMaaydCjIRLRsKWvW90JJ18LoqOl"
    "YbmMOFnrUVWDSg1GsSsKYj8WTEVwd1NpfaIuvaHuy5t0w5m6fHdTUt0SQqC8Va68+RtWdk"
    "ryo1hjIj1Y9U2HsfrobaFgJCUhCLPN+gVc+AQXPrVPt2jvhU8h/OYGpSLoUUqdsHnncorE"
    "zwuKFpR/U4SRkEKYISpqXYQk7zu0wo7wJT/yPjbxeP+CMwFqP/OHzKuVimyCdYlGUfnoCq"
    "qFWAMCBlAxQMXYO9mqW8UIXviyAAf9e2gdh4zCTrofiL1d3F9CEJwPoBx0YE5BOQDlQEk5"
    "KFYMyikF5fSBC+R3/w59cgifR74+PqE59SrXCfq+LoU/XWBr7kWJEkvHtoOWLmfxDiHowO"
    "HfEn1yDf3TC1mAatXDb4xOzQlKTXaKAjP4ByqW1QMdYUcdoekS8W3bqKoOoGQGU9MGQgFg"
    "qwrBMspMNRACltpqlkpkxXmKp5ZI6/PAxLZrYrtzBXJju2P195q6atnALiQCqxw81J5jy/"
    "hLzRqVEAKkS6Zcm1hms86PDggF+nATTNPBAbbtKhqwA4E+oN0MY4VchVpzFXxrhoIaGxdp"
    "TpE9rAvgirVYcVHnFjmsSSnIr5QVWVjfYaHR2cwhTOkGepksBCcWH4fbZF3a+DE7LYUlRw"
    "IRqDeiUG8EKoFvxQC7pvi7K33LaU5KwjS3epohtw1y29rpYt4xty2G/Fw4RDV+oC13vMT+"
    "whvpmg/UL+iT5rIwjnBHtPIy+/oImogNrAauWMxyL4FyHlYVAcVH6jFQFpVmWikB5eUAve"
    "cD9QynJuKH/NVVEEMUrb8SyQW8s9dzczARY+KQ4dslmlE7FfmPDn4b/DbwGrBo+orOZkF0"
    "kCxyaLex1BIH/PhdSB2A1IHSNqm6bE91pw5AdHv93hdsOY9qGEcSPcT4vATC57n4nsvR3c"
    "q+kxIFA0+rDTyQPwD5A/un7MMO5Q+Ig9pZGPn0P95hA/sPupbi/vkobwzYB/LdAvINrLB+"
    "VphjaCvwvgcC4HJPUJYqXO58MzMeJJpmodM9EmrQ7R5sM531uv9BDWsrtp4QhDpAbabqe4"
    "m1b9l81h1qD/5u8He3UyVqcy3XhCNJphOlPU2bPSLCv1W9VgT6DzgfpK98BufO+h44hVhQ"
    "Nbt4KAFaZjktk5EnCdHOz2MK+vcC36bzmB5tQ/ipt9BtkpLgiGi1dgOOCHBEtI91t9cRcT"
    "P5g3jGwxzOnWgvpNw06FmHFyK47AC8EC1h4eCFaMALQbCzfp3KMsRIohcYN80RH4jtGDLE"
    "c7eLmATQBolDAZLba05u55/kbHcre1wQPDZt1mn4UNTcrgZvShTmuRPzrH4OyUShwoKkdE"
    "VwkbqSUpCSgpN+s4EgrrDtaCG49Yfqt4kgtcZaZSNw2YQ+5RkIwsZhoXXA61bKNDB4RxyH"
    "fxNxseHU0ImODAthDhq2HOxZGIa8xTQeRHg4wjNGbPEbHe8GRGQTPh+yOxQrG7Vih+ClMf"
    "9SrBHfjEbHx2ejw+PT81cnZ2evzg/DXSfbVLT9XF7/IHagxEm92WZxT5Ruq/a7V6OG7Bf+"
    "msNdViZmM2ovVdCNy/RQ0zselQD5eJQLsmhKx6RSJYCD/j0Etx5v7EJcZqUpbhJJKYiNK7"
    "FZ4GeTYqUbV2MizcdX70d5rSWSuo3WuGzIzIpYuu9b7KJFDjNGlitZ8b78wM+YCJSbTOvs"
    "Fnlimg/RFiYwiTjEcLTaDmYS7BDNtZghMR8UT3ZKFOydbZ5nh1hMaogrOI8ikf5xrVporY"
    "kdphHblgVz5juSk1I9qNXRtCsZ6pd+OVvYNldjWhVykZZtal2f34xXYz9W91tqmhdeEZQc"
    "y3uyw7DI+u7VXo8K11QenceH9+YOIvMgMm/v+08DpGq6oIa0cmm+DSsmAjUCKrdsQaGpHh"
    "/ImbtH1II3IgkI3CgRuOGf5TsGbYz5qyIISs+DNqK11aaAjVvqGAU5HfHmDbRx3bEWzpjN"
    "6BhG8dRAIYFC9ptCQq5BDbkGikUBcg+xPqzaGnINOpGP1BsTMl0x6QZRUOQilOgB3KnVPC"
    "pTmpj3yl/Po2x5YnVlEWy2rVcRbTKlts4V+olSJFdKDNyL5S5jhoQKSKhop27e3oSK+ATI"
    "9PPk/BTo57E1UWfdZ//WXlDK96mUK1+4vONdy21776tWF5nBTMUiqL5AD5XFWrjBhOoSBp"
    "avLQb9e6C8NK0rQrm++pfzkp+OVClaMZLoIcbV25c6kZ7QYXxXC+wonXihACzfEvB2xKJ/"
    "1BF+phOsm4asTn2xiS4uB4a6Nhvq/nSp7SrltEYS/TPPVZ8xLHJTnQU1lThLQqhBJn709a"
    "gZT0L1OGOLWs9LKqMuxXfUxOUavKYmfNLZe2oWhk40vk75V1cFPS0KuCvgvnYwKsW9xkQg"
    "7rVY798i7tUmDwbhh64oV6Pm7ErK9e84rZ7fE5NMGRV4qKz/pBS8ApW/AlPqWrJToCAUP5"
    "Rox3SIj+3NdKywzYypsfJwy0xKvkc4JQZlEDJnr8umdCnZe/IN6jERsKkr29T9OnFbpJQk"
    "JcEI0WYjRMCEtiitGxOEOW7zHDvYlExvgVvB79+DTbNu2wfUOfgi3iC40BQuNG1nmN+OF5"
    "rG1HvLK/ErMSf6gt//eEdMnBNh72N+xQfpGeBJJSS45GlHnNLXSvURqyB7ckeoUtmafURK"
    "XGy5K0p+KKxQhnuGVBORyAFsBdHIMWQ3RyRrwV2ldaYNQ7Jwc3ao/LjkjoS9tB5huBd4L1"
    "Y+SGCCBKZ2HPTD7iQwjb2q93eU5pGGZIdCyuBX0Ld531KEYTBeEBTcHoGW61tdEFtghvi6"
    "sZkjbnXxxkQH5OX8Jf8zQPIfDqIrYvHJCeReZO+JqX54OZGJ3X8RXNUQu0wAOM0+OQ1caN"
    "KA6RguNOnphSbtxrr6G038zV6xlHlSqodAV7aoM6RyT6QnVtJORnmSFe8KCA/vqAVl9jbT"
    "nQskBJAQQAcOtXTBR3T+j68L58V3yOCUxDGpICYOJxYeSRkiYun8x/zmjg5Hp7+Lq+5+Gr"
    "9G1x9ukDiisqSnrg+B1PIu0B1ILa/YgAOp5XUXYBbBA2oJzzERQLkkg+Rnwl9UloJXtJQj"
    "mR7iXD179I7VLML54cuhQDuil3sVTA5Jp32PZIIiA/VmyUwX1CGW5mkIqm9RWhbepDa/Sf"
    "5scSVwy3n2JWGWWz3LJp+rreJ744Iwx22eY5ssOYrahMyoLaE+uWaAjNxW1oCWTWzVxoAl"
    "4SvcmmvKRpasIMCbhRcSEL6ILQoSECABoZ1hOpUlIKwvIts5Wjx1KWRPUK81CvqC2MZ0MZ"
    "A49fyWYZE/D0d9Kg12BpdYG6Oa8+1E+WHNfTB81+JgEC+VAsJ+9x6ie3R4WMYQd3iYb4kT"
    "benKKBYjloQXF5VGCUWa9y7shwpX5kfYa5jK5/8DiLeM2w=="
)
