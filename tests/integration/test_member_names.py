"""Members' names kept in the database, on SQLite and PostgreSQL.

Written in the transaction of the event that brought them, for the networks whose adapters
show people by name (the pipeline says which), for members only, and only when a name is
new or changed; given back to those adapters at start-up, the latest first; erased by
`!forget-me`. The member_names migration applies to a database that already holds data.
"""

from __future__ import annotations

import asyncio

import itertools
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aerich import Command
from tortoise import connections

from adapters.telegram import TelegramAdapter, TelegramSettings
from adapters.telegram.wire import parse_update
from adapters.webhook import WebhookAdapter, WebhookSettings
from app.pipeline import Pipeline
from core.clock import FakeClock
from core.dispatch import handle
from core.messages import Inbound, Outbound, Platform, RoomId, UserId
from storage import db, migrate
from storage.db import tortoise_config
from storage.models import MemberNameRow
from storage.names import NAME_MAX, KnownNames
from storage.repositories import sql_for
from storage.uow import TortoiseUnitOfWork

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
_events = itertools.count(1)


class Room:
    """One room of a network whose names are kept (`platform`), and a clock that moves on by a
    minute at each event, so that `updated_at` tells when a name was last written."""

    def __init__(self, url: str, platform: str = "telegram", known: KnownNames | None = None) -> None:
        self.platform = platform
        self.lock = db.is_postgres(url)
        self.clock = FakeClock(NOW)
        self.known = known if known is not None else KnownNames({"telegram", "webhook"})

    async def say(self, member: str, text: str, name: str | None, *, platform: str | None = None,
                  username: str | None = None) -> list[Outbound]:
        self.clock.advance(timedelta(minutes=1))
        where = platform or self.platform
        inbound = Inbound(Platform(where), RoomId("-100123"), UserId(f"{where}:{member}"), f"ev{next(_events)}",
                          text, display_name=name, username=username)
        now = self.clock.now()
        return await handle(lambda: TortoiseUnitOfWork(now, lock_rows=self.lock, names=self.known), inbound,
                            now) or []


async def kept(member: str) -> list[tuple[str, datetime]]:
    return [(row.name, row.updated_at) for row in await MemberNameRow.filter(member=member)]


async def test_a_name_is_written_when_it_is_new_or_changed_and_only_then(storage: str) -> None:
    room = Room(storage)
    await room.say("1", "bonjour", "Amina")  # no member yet: not kept
    assert await kept("telegram:1") == []
    await room.say("1", "!rejoindre", "Amina")
    joined = room.clock.now()
    assert await kept("telegram:1") == [("Amina", joined)]
    await room.say("1", "!etat", "Amina")  # the same name: nothing written
    await room.say("1", "on en parle jeudi", "Amina")
    assert await kept("telegram:1") == [("Amina", joined)]
    await room.say("1", "!etat", "Amina Diallo")  # renamed on Telegram
    assert await kept("telegram:1") == [("Amina Diallo", room.clock.now())]
    # a refused command keeps it too (its answer is written by a transaction of its own)
    [refusal] = await room.say("1", "!consentement #9", "Amina D.")
    assert refusal.extra.get("refusal") == "1"
    assert await kept("telegram:1") == [("Amina D.", room.clock.now())]
    # a network whose adapter does not show names itself keeps none
    await room.say("bob", "!rejoindre", "Bob", platform="console")
    assert await MemberNameRow.filter(platform="console").count() == 0


async def test_a_name_is_kept_clean_and_within_its_size(storage: str) -> None:
    room = Room(storage)
    await room.say("7", "!rejoindre", "Zoé\x00\x07" + "é" * 300)
    [(name, written)] = await kept("telegram:7")
    assert name == ("Zoé  " + "é" * 300)[:NAME_MAX] and len(name) == NAME_MAX
    await room.say("7", "!etat", "Zoé\x00\x07" + "é" * 300)  # the same name again: no write
    assert await kept("telegram:7") == [(name, written)]
    await room.say("8", "!rejoindre", "\x00")  # nothing left to show: nothing kept
    assert await kept("telegram:8") == []


async def test_a_name_that_cannot_be_stored_loses_nothing_else(storage: str) -> None:
    room = Room(storage)
    await room.say("1", "!rejoindre", "Amina")
    conn = connections.get("default")
    await conn.execute_script('ALTER TABLE member_name RENAME TO member_name_away')  # every write fails
    try:
        answer = await room.say("1", "!proposer Jardin partagé", "Amina Diallo")
        assert any("Jardin partagé" in message.text for message in answer)  # handled, answered, committed
        assert (await conn.execute_query_dict("SELECT title FROM proposal")) == [{"title": "Jardin partagé"}]
    finally:
        await conn.execute_script('ALTER TABLE member_name_away RENAME TO member_name')
    await room.say("1", "!etat", "Amina Diallo")  # not taken for stored: written at the next event
    assert [n for n, _ in await kept("telegram:1")] == ["Amina Diallo"]


async def test_forgetting_erases_the_name_and_export_gives_it(storage: str) -> None:
    room = Room(storage)
    await room.say("1", "!rejoindre", "Amina")
    await room.say("2", "!rejoindre", "Lou")
    [export] = await room.say("2", "!mes-donnees", "Lou")
    assert export.attachment is not None and '"name": "Lou"' in export.attachment
    await room.say("2", "!oublier confirmer", "Lou")
    assert await kept("telegram:2") == [] and [n for n, _ in await kept("telegram:1")] == ["Amina"]
    await room.say("2", "!rejoindre", "Lou")  # back: kept again, although this process wrote it before
    assert [n for n, _ in await kept("telegram:2")] == ["Lou"]


async def test_the_adapters_get_the_latest_names_back_at_start_up(storage: str) -> None:
    settings = WebhookSettings.model_validate(
        {"integrations": {"quartier": {"secret": "s3cret-for-tests-0123456789abcdef"}}})
    first = Room(storage, platform="webhook")
    for member, name in (("quartier:ana", "Ana"), ("quartier:bea", "Béa"), ("quartier:cy", "Cy")):
        await first.say(member, "!rejoindre", name)
    written = {member: at for member, at in await MemberNameRow.all().values_list("member", "updated_at")}

    adapter = WebhookAdapter(settings)
    pipeline = Pipeline(FakeClock(NOW + timedelta(hours=1)), lock_rows=db.is_postgres(storage),
                        adapters={"webhook": adapter})
    assert pipeline.names.platforms == {"webhook"}
    assert await pipeline.recall_names(limit=2) == 2
    # the two named last come back; the one before them is shown by id until they speak
    assert adapter.names.shown("quartier:ana, quartier:bea et quartier:cy", "quartier") == \
        "quartier:ana, Béa et Cy"
    # what was given back is known to be stored: speaking under the same name writes nothing
    again = Room(storage, platform="webhook", known=pipeline.names)
    again.clock = FakeClock(NOW + timedelta(hours=2))
    await again.say("quartier:cy", "!etat", "Cy")
    await again.say("quartier:ana", "!etat", "Ana")  # not given back: written again
    after = {member: at for member, at in await MemberNameRow.all().values_list("member", "updated_at")}
    assert after["webhook:quartier:cy"] == written["webhook:quartier:cy"]
    assert after["webhook:quartier:ana"] > written["webhook:quartier:ana"]


async def kept_usernames(member: str) -> list[tuple[str | None, datetime]]:
    return [(row.username, row.updated_at) for row in await MemberNameRow.filter(member=member)]


async def test_a_username_is_kept_with_the_name_when_new_or_changed_and_only_then(storage: str) -> None:
    room = Room(storage)
    await room.say("2", "!rejoindre", "Bob", username="bob_t")
    joined = room.clock.now()
    assert await kept_usernames("telegram:2") == [("bob_t", joined)]
    await room.say("2", "!etat", "Bob", username="bob_t")  # the same: nothing written
    assert await kept_usernames("telegram:2") == [("bob_t", joined)]
    await room.say("2", "!etat", "Bob", username="Bob_Leroy")  # a new username, the same name
    assert await kept_usernames("telegram:2") == [("Bob_Leroy", room.clock.now())]
    await room.say("2", "!etat", "Bob", username=None)  # dropped on Telegram: no longer his
    assert await kept_usernames("telegram:2") == [(None, room.clock.now())]
    await room.say("3", "!rejoindre", "Lou", username="l" * 90)  # cut to the column's size
    assert [u for u, _ in await kept_usernames("telegram:3")] == ["l" * 64]


def telegram_adapter(directory: Path) -> TelegramAdapter:
    return TelegramAdapter(TelegramSettings(token="123456:" + "A" * 35, webhook_secret="s" * 32,
                                            public_url="https://assemblee.quartier.test",
                                            bot_username="assemblee_bot", polls_path=directory / "polls.json"))


def typed_by_alice(adapter: TelegramAdapter, text: str) -> str:
    """What the core reads of `text` typed in the group by a member (mentions turned into ids)."""
    entities = [{"type": "mention", "offset": text.index("@"), "length": len(text.split("@", 1)[1].split()[0]) + 1}]
    update = parse_update({"update_id": next(_events), "message": {
        "message_id": 9, "date": 0, "chat": {"id": -100123, "type": "supergroup", "title": "Quartier"},
        "from": {"id": 1, "is_bot": False, "first_name": "Alice"}, "text": text, "entities": entities}})
    [inbound] = adapter.translator.translate(update).inbounds
    return inbound.text


async def test_the_adapter_finds_people_by_username_after_a_restart(storage: str, tmp_path: Path) -> None:
    room = Room(storage)
    await room.say("1", "!rejoindre", "Alice")
    await room.say("2", "!rejoindre", "Bob", username="bob_t")
    await room.say("3", "!rejoindre", "Lou", username="old_lou")
    await room.say("3", "!etat", "Lou", username="lou_t")  # the username she goes by now
    # Carol took the username Dom gave up (Telegram allows it); Dom has not spoken since
    await room.say("4", "!rejoindre", "Dom", username="Quartier_Dom")
    await room.say("5", "!rejoindre", "Carol", username="quartier_dom")

    adapter = telegram_adapter(tmp_path)
    pipeline = Pipeline(FakeClock(NOW + timedelta(hours=1)), lock_rows=db.is_postgres(storage),
                        adapters={"telegram": adapter})
    assert await pipeline.recall_names() == 5
    assert typed_by_alice(adapter, "/role @bob_t catalyseur") == "!role @2 catalyseur"
    assert typed_by_alice(adapter, "/role @BOB_T catalyseur") == "!role @2 catalyseur"  # as Telegram: any case
    assert typed_by_alice(adapter, "/role @lou_t catalyseur") == "!role @3 catalyseur"
    assert typed_by_alice(adapter, "/role @old_lou catalyseur") == "!role @old_lou catalyseur"  # nobody's now
    assert typed_by_alice(adapter, "/role @quartier_dom catalyseur") == "!role @5 catalyseur"  # its newest holder
    # what was given back is known to be stored: the same name and username write nothing
    again = Room(storage, known=pipeline.names)
    again.clock = FakeClock(NOW + timedelta(hours=2))
    before = await kept_usernames("telegram:2")
    await again.say("2", "!etat", "Bob", username="bob_t")
    assert await kept_usernames("telegram:2") == before


async def test_forgetting_erases_the_username_and_export_gives_it(storage: str, tmp_path: Path) -> None:
    room = Room(storage)
    await room.say("1", "!rejoindre", "Alice")
    await room.say("2", "!rejoindre", "Bob", username="bob_t")
    [export] = await room.say("2", "!mes-donnees", "Bob", username="bob_t")
    assert export.attachment is not None and '"username": "bob_t"' in export.attachment
    await room.say("2", "!oublier confirmer", "Bob", username="bob_t")
    assert await kept_usernames("telegram:2") == []
    adapter = telegram_adapter(tmp_path)
    pipeline = Pipeline(FakeClock(NOW + timedelta(hours=1)), lock_rows=db.is_postgres(storage),
                        adapters={"telegram": adapter})
    await pipeline.recall_names()
    assert typed_by_alice(adapter, "/role @bob_t catalyseur") == "!role @bob_t catalyseur"


# Later migrations that add what every command of this code reads (the membership's mandates):
# applied before, so that this code may stand for the code of before.
READ_BY_EVERY_COMMAND = ("_role_terms.py",)


async def _all_but_member_names(url: str, tmp_path: Path) -> None:
    location = tmp_path / "before"
    (location / "models").mkdir(parents=True)
    versions = migrate.known_versions()
    until = next(i for i, version in enumerate(versions) if version.endswith("_member_names.py"))
    # that one and those after it are missing
    for version in [*versions[:until], *(v for v in versions[until:] if v.endswith(READ_BY_EVERY_COMMAND))]:
        shutil.copy(migrate.VERSIONS / version, location / "models" / version)
    command = Command(tortoise_config=tortoise_config(url), app="models", location=str(location))
    await command.init()
    await command.upgrade(run_in_transaction=True)


async def test_the_migration_applies_to_a_database_that_holds_data(database_url: str, tmp_path: Path) -> None:
    await db.connect(database_url)
    try:
        await _all_but_member_names(database_url, tmp_path)
        missing = await migrate.check(database_url)
        assert missing[0].endswith("_member_names.py")
        conn = connections.get("default")
        # A member of an assembly, as the code of before wrote them (by hand: today's code reads
        # and writes columns that later migrations add).
        await conn.execute_query(sql_for(conn,
            "INSERT INTO assembly (platform, room, language, timezone, mode, next_number, feed_token, settings, "
            "created_at, title) VALUES ('telegram', '-100123', 'fr', 'Europe/Paris', 'explicit', 1, 'jeton', '{}', "
            "?, '')"), [NOW])
        await conn.execute_query(sql_for(conn,
            "INSERT INTO membership (assembly_id, member, roles, active, joined_at) "
            "SELECT id, 'telegram:1', '[\"facilitator\"]', ?, ? FROM assembly"), [True, NOW])
        before = await conn.execute_query_dict("SELECT member, active FROM membership")
        room = Room(database_url)

        assert await migrate.apply(database_url) == missing
        assert await conn.execute_query_dict("SELECT member, active FROM membership") == before
        assert await MemberNameRow.all().count() == 0
        await room.say("1", "!etat", "Amina")
        assert [n for n, _ in await kept("telegram:1")] == ["Amina"]
        assert await migrate.apply(database_url) == []
    finally:
        await db.disconnect()


async def test_the_running_adapters_forget_a_forgotten_member(storage: str, tmp_path: Path) -> None:
    # `!oublier` erases the name and username from memory too, not only at the next start-up
    room = Room(storage)
    await room.say("1", "!rejoindre", "Alice")
    await room.say("2", "!rejoindre", "Bob Martin", username="bob_t")
    await room.say("quartier:ana", "!rejoindre", "Ana Lopez", platform="webhook")
    telegram = telegram_adapter(tmp_path)
    webhook = WebhookAdapter(WebhookSettings.model_validate(
        {"integrations": {"quartier": {"secret": "s3cret-for-tests-0123456789abcdef"}}}))
    pipeline = Pipeline(FakeClock(NOW + timedelta(hours=1)), lock_rows=db.is_postgres(storage),
                        adapters={"telegram": telegram, "webhook": webhook})
    await pipeline.recall_names()
    assert typed_by_alice(telegram, "/role @bob_t catalyseur") == "!role @2 catalyseur"
    assert telegram.memory.names.get(2) == "Bob Martin"
    assert webhook.names.get(UserId("webhook:quartier:ana")) == "Ana Lopez"

    running = Room(storage, known=pipeline.names)
    running.clock = FakeClock(NOW + timedelta(hours=2))
    await running.say("2", "!oublier confirmer", "Bob Martin", username="bob_t")
    await running.say("quartier:ana", "!oublier confirmer", "Ana Lopez", platform="webhook")
    await asyncio.sleep(0)  # the adapters forget on the event loop, right after the commit
    assert typed_by_alice(telegram, "/role @bob_t catalyseur") == "!role @bob_t catalyseur"  # nobody's now
    assert telegram.memory.names.get(2) is None
    assert webhook.names.get(UserId("webhook:quartier:ana")) is None
    # Alice, who was not forgotten, is still known by name
    assert telegram.memory.names.get(1) == "Alice"


async def test_an_adapter_forgets_on_the_event_loop_even_when_the_erasure_commits_in_the_sqlite_thread(
        storage: str, tmp_path: Path) -> None:
    import threading

    from storage import onetrip

    telegram = telegram_adapter(tmp_path)
    forgotten_in: list[int] = []
    forget = telegram.forget_name

    def watched(member: UserId) -> None:
        forgotten_in.append(threading.get_ident())
        forget(member)

    telegram.forget_name = watched  # type: ignore[method-assign]
    pipeline = Pipeline(FakeClock(NOW), lock_rows=db.is_postgres(storage), adapters={"telegram": telegram})
    for member, text in (("1", "!rejoindre"), ("2", "!rejoindre"), ("2", "!oublier confirmer")):
        inbound = Inbound(Platform("telegram"), RoomId("-100123"), UserId(f"telegram:{member}"), f"ev{next(_events)}",
                          text, display_name="Bob Martin" if member == "2" else "Alice", username="bob_t")
        await onetrip.run(lambda client, inbound=inbound: handle(  # the pipeline's way: one trip on SQLite
            lambda: pipeline.uow(client=client), inbound, NOW))
    await asyncio.sleep(0)
    assert forgotten_in == [threading.get_ident()]  # the loop's thread, not SQLite's
