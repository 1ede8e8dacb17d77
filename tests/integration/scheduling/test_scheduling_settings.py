"""An assembly's scheduling settings (reminders, public calendar feed) survive the transaction
that saved them, and each field keeps its value when another one changes: the same contract
on the in-memory fake, SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from core.fakes import FakeStore
from core.ids import AssemblyId, MemberId
from core.schedule_app.records import SchedulingSettings

from .conftest import NOW

ALICE = MemberId("console:alice")


async def new_assembly(uow_of: Any, room: str = "salon") -> AssemblyId:
    async with uow_of() as uow:
        assembly = await uow.assemblies.get_or_create("console", room, NOW, ALICE)
        await uow.assemblies.save(assembly)
        await uow.commit()
        return AssemblyId(assembly.id)


async def read(uow_of: Any, assembly: AssemblyId) -> SchedulingSettings:
    async with uow_of() as uow:
        found: SchedulingSettings = await uow.meetings.settings(assembly)
        return found


async def save(uow_of: Any, assembly: AssemblyId, settings: SchedulingSettings, *, commit: bool = True) -> None:
    async with uow_of() as uow:
        await uow.meetings.save_settings(assembly, settings)
        if commit:
            await uow.commit()


class SettingsContract:
    async def test_the_public_feed_setting_survives_and_changes_alone(self, uow_of: Any) -> None:
        assembly = await new_assembly(uow_of)
        other = await new_assembly(uow_of, "autre-salon")
        assert await read(uow_of, assembly) == SchedulingSettings()
        assert (await read(uow_of, assembly)).public_feed is False

        public = SchedulingSettings((timedelta(days=2),), timedelta(hours=12), public_feed=True)
        await save(uow_of, assembly, public)
        assert await read(uow_of, assembly) == public
        assert await read(uow_of, other) == SchedulingSettings()  # another assembly: untouched

        await save(uow_of, assembly, replace(public, public_feed=False), commit=False)
        assert await read(uow_of, assembly) == public  # not committed: nothing changed

        fewer = replace(await read(uow_of, assembly), meeting_reminders=(timedelta(hours=3),))
        await save(uow_of, assembly, fewer)
        assert await read(uow_of, assembly) == SchedulingSettings((timedelta(hours=3),), timedelta(hours=12),
                                                                  public_feed=True)

        await save(uow_of, assembly, replace(fewer, public_feed=False))
        assert await read(uow_of, assembly) == replace(fewer, public_feed=False)

    async def test_the_proposal_reminder_is_a_day_by_default_and_can_be_changed_or_turned_off(
            self, uow_of: Any) -> None:
        assembly = await new_assembly(uow_of)
        assert (await read(uow_of, assembly)).proposal_reminder == timedelta(days=1)
        settings = await read(uow_of, assembly)
        await save(uow_of, assembly, replace(settings, proposal_reminder=timedelta(hours=36)))
        assert (await read(uow_of, assembly)).proposal_reminder == timedelta(hours=36)
        await save(uow_of, assembly, replace(settings, proposal_reminder=None))
        off = await read(uow_of, assembly)
        assert off.proposal_reminder is None  # off stays off: it does not fall back to the default
        assert off == replace(settings, proposal_reminder=None)


class TestFakeSettings(SettingsContract):
    @pytest.fixture
    def uow_of(self) -> Any:
        return FakeStore().uow


class TestTortoiseSettings(SettingsContract):
    """SQLite and PostgreSQL (the `storage` fixture runs each test on both)."""

    @pytest.fixture
    def uow_of(self, storage: str) -> Any:
        from storage.db import is_postgres
        from storage.uow import TortoiseUnitOfWork

        return lambda: TortoiseUnitOfWork(NOW, lock_rows=is_postgres(storage))

    async def test_the_feed_reads_the_setting_from_the_assembly_row(self, uow_of: Any) -> None:
        from storage.models import AssemblyRow
        from storage.scheduling_repositories import settings_of

        assembly = await new_assembly(uow_of)
        assert settings_of(await AssemblyRow.get(id=assembly)).public_feed is False
        await save(uow_of, assembly, SchedulingSettings(public_feed=True))
        row = await AssemblyRow.get(id=assembly)
        assert settings_of(row) == SchedulingSettings(public_feed=True)
        assert row.settings["scheduling"]["public_feed"] is True
