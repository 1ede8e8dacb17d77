"""The Synapse harness works: users register, rooms fill up, messages flow."""

from __future__ import annotations

import asyncio

import pytest
from nio import JoinResponse, RoomCreateResponse, RoomInviteResponse, RoomSendResponse, SyncResponse
from synapse_harness import MatrixUser, SynapseServer, cache_root, login_client

pytestmark = pytest.mark.synapse


def test_server_answers_and_registers_admins(synapse: SynapseServer) -> None:
    versions = synapse.request("GET", "/_matrix/client/versions")
    assert versions.get("versions")
    admin = synapse.register_user(admin=True)
    user_id, token, device_id = admin
    assert user_id.startswith("@") and user_id.endswith(":" + synapse.server_name)
    assert token and device_id
    whoami = synapse.request("GET", "/_matrix/client/v3/account/whoami", token=token)
    assert whoami["user_id"] == user_id
    assert whoami["device_id"] == device_id
    # Only an admin may read the admin API.
    info = synapse.request("GET", f"/_synapse/admin/v2/users/{user_id}", token=token)
    assert info["admin"] is True
    assert cache_root().exists()


async def test_three_users_talk_in_a_room(synapse: SynapseServer, matrix_user) -> None:  # type: ignore[no-untyped-def]
    alice_user: MatrixUser = matrix_user("alice")
    bob_user: MatrixUser = matrix_user("bob")
    carol_user: MatrixUser = matrix_user("carol")
    alice = await login_client(synapse, alice_user)
    bob = await login_client(synapse, bob_user)
    carol = await login_client(synapse, carol_user)
    try:
        created = await alice.room_create(name="Assemblée du quartier")
        assert isinstance(created, RoomCreateResponse), created
        room_id = created.room_id
        for guest in (bob_user, carol_user):
            invited = await alice.room_invite(room_id, guest.user_id)
            assert isinstance(invited, RoomInviteResponse), invited
        for client in (bob, carol):
            joined = await client.join(room_id)
            assert isinstance(joined, JoinResponse), joined

        first = await bob.sync(timeout=0)
        assert isinstance(first, SyncResponse)
        sent = await alice.room_send(
            room_id, "m.room.message", {"msgtype": "m.text", "body": "Bonjour l'assemblée"}
        )
        assert isinstance(sent, RoomSendResponse), sent

        bodies: list[str] = []
        for _ in range(20):
            response = await bob.sync(timeout=1000, since=bob.next_batch)
            assert isinstance(response, SyncResponse)
            room = response.rooms.join.get(room_id)
            if room:
                bodies += [getattr(e, "body", "") for e in room.timeline.events]
            if "Bonjour l'assemblée" in bodies:
                break
            await asyncio.sleep(0.1)
        assert "Bonjour l'assemblée" in bodies
        members = await alice.joined_members(room_id)
        assert {m.user_id for m in members.members} == {
            alice_user.user_id,
            bob_user.user_id,
            carol_user.user_id,
        }
    finally:
        for client in (alice, bob, carol):
            await client.close()
