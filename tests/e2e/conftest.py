"""Fixtures for tests against a real Synapse homeserver.

- `synapse`: one homeserver for the whole session, rate limits out of reach;
- `strict_synapse`: a second one for the session, with Synapse's default message rate
  limits;
- `synapse_factory`: starts more homeservers on demand (e.g. one a test stops and
  starts again), all stopped at session end;
- `matrix_user`: registers a fresh user `<name>-<random>` on a server (the session one
  by default);
- `people`: logs such users in as `live.Person`s (syncing nio clients), closed after
  the test.

When Synapse cannot be installed or started, tests that need it are skipped with the
reason, except on CI (`CI=true`) where they fail loudly with the server's log tail.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

_HERE = Path(__file__).resolve().parent
for _path in (_HERE, _HERE.parent.parent):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from live import People, Person, open_people
from synapse_harness import (
    MatrixUser,
    SynapseServer,
    SynapseUnavailable,
    start_synapse,
)


def _unavailable(error: SynapseUnavailable) -> None:
    message = f"Synapse unavailable: {error}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


StartSynapse = Callable[..., SynapseServer]


@pytest.fixture(scope="session")
def synapse_factory() -> Iterator[StartSynapse]:
    started: list[SynapseServer] = []

    def start(*, relaxed: bool = True) -> SynapseServer:
        try:
            server = start_synapse(relaxed=relaxed)
        except SynapseUnavailable as error:
            _unavailable(error)
            raise  # unreachable: skip/fail raise
        started.append(server)
        return server

    yield start
    for server in started:
        server.cleanup()


@pytest.fixture(scope="session")
def synapse(synapse_factory: StartSynapse) -> SynapseServer:
    return synapse_factory(relaxed=True)


@pytest.fixture(scope="session")
def strict_synapse(synapse_factory: StartSynapse) -> SynapseServer:
    """A second homeserver with Synapse's default message rate limits (for 429 tests)."""
    return synapse_factory(relaxed=False)


RegisterUser = Callable[..., MatrixUser]


@pytest.fixture
def matrix_user(synapse: SynapseServer) -> RegisterUser:
    def register(
        name: str = "user",
        *,
        admin: bool = False,
        server: SynapseServer | None = None,
    ) -> MatrixUser:
        """Register `<name>-<random>` so tests never collide on one session server."""
        return (server or synapse).register_user(f"{name}-{secrets.token_hex(3)}", admin=admin)

    return register


@pytest.fixture
async def people(synapse: SynapseServer, tmp_path: Path) -> AsyncIterator[People]:
    """`await people("alice", "bob", e2e=False, server=None)`: fresh users, logged in."""
    opened: list[Person] = []

    async def open_(
        *names: str, e2e: bool = False, server: SynapseServer | None = None
    ) -> list[Person]:
        server = server or synapse
        users = [server.register_user(f"{name}-{secrets.token_hex(3)}") for name in names]
        crowd = await open_people(server, users, stores=tmp_path / "keys" if e2e else None)
        opened.extend(crowd)
        return crowd

    yield open_
    for person in opened:
        await person.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """On failure of a Synapse test, attach the homeserver's log tail to the report."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and "synapse" in item.keywords:
        server = getattr(item, "funcargs", {}).get("synapse")
        if isinstance(server, SynapseServer):
            report.sections.append(("synapse log", server.log_tail(80)))
