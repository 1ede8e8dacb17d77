"""Property tests: whatever arrives at the webhook, the handler answers 2xx/4xx, never 5xx.

Hypothesis drives the real HTTP route from a worker thread; each example is POSTed with the
real aiohttp client on the test's event loop.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import structlog
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram_harness import BOT_USERNAME, Harness
from telegram_updates import FORUM, user

OUR_COMMAND = re.compile(rf"^/[^\s@/]+(@{BOT_USERNAME})?(\s|$)", re.IGNORECASE)
EXAMPLES = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=25,
)
update_keys = st.sampled_from(
    ["message", "callback_query", "poll_answer", "my_chat_member", "edited_message", "poll"]
)
update_like = st.builds(
    lambda update_id, parts: {"update_id": update_id, **parts},
    st.one_of(st.integers(), st.text(max_size=5)),
    st.dictionaries(update_keys, json_values, max_size=2),
)
command_like_text = st.one_of(
    st.text(min_size=1, max_size=200),
    st.builds(
        lambda name, bot, rest: f"/{name}{bot}{rest}",
        st.text(min_size=1, max_size=12),
        st.sampled_from(["", f"@{BOT_USERNAME}", "@other_bot", "@", "@@x"]),
        st.text(max_size=40),
    ),
)


def post_from_thread(
    harness: Harness, loop: asyncio.AbstractEventLoop, body: dict[str, Any] | bytes
) -> int:
    future = asyncio.run_coroutine_threadsafe(harness.post(body), loop)
    return future.result(timeout=30).status


async def test_random_bytes_never_break_the_handler(harness: Harness) -> None:
    loop = asyncio.get_running_loop()

    @EXAMPLES
    @given(st.binary(max_size=3000))
    def random_bytes(body: bytes) -> None:
        assert post_from_thread(harness, loop, body) == 400

    await asyncio.to_thread(random_bytes)
    assert harness.sink.received == []


async def test_random_json_never_breaks_the_handler(harness: Harness) -> None:
    loop = asyncio.get_running_loop()

    @EXAMPLES
    @given(st.one_of(json_values, update_like))
    def random_json(value: Any) -> None:
        status = post_from_thread(harness, loop, json.dumps(value).encode())
        assert status in (200, 400), status

    with structlog.testing.capture_logs() as logs:
        await asyncio.to_thread(random_json)
    assert not [entry for entry in logs if entry["event"] == "telegram.translate_failed"]


async def test_well_formed_updates_with_odd_content_are_accepted(harness: Harness) -> None:
    loop = asyncio.get_running_loop()
    updates = harness.updates
    harness.fake.add_forum_topic(FORUM, 3)
    bot_message = st.builds(
        lambda text, mid: updates.bot_message(text, message_id=mid),
        st.text(min_size=1, max_size=80),
        st.integers(min_value=1, max_value=2**31),
    )
    messages = st.builds(
        lambda text, topic, reply, uid: updates.message(
            text,
            chat_id=FORUM if topic else -100123,
            topic=3 if topic else None,
            reply_to=reply,
            sender=user(uid, "X"),
        ),
        command_like_text,
        st.booleans(),
        st.none() | bot_message,
        st.integers(min_value=1, max_value=2**52),
    )
    entity = st.fixed_dictionaries(
        {
            "type": st.sampled_from(["mention", "text_mention", "bot_command", "bold"]),
            "offset": st.integers(min_value=0, max_value=300),
            "length": st.integers(min_value=0, max_value=300),
        },
        optional={"user": st.builds(user, st.integers(min_value=1, max_value=2**40))},
    )

    def with_entities(update: dict[str, Any], entities: list[dict[str, Any]]) -> dict[str, Any]:
        update["message"]["entities"] = entities
        return update

    odd_entities = st.builds(with_entities, messages, st.lists(entity, max_size=4))
    callbacks = st.builds(
        lambda data, mid: updates.callback(data, message_id=mid),
        st.text(min_size=1, max_size=64),
        st.integers(min_value=1, max_value=2**31),
    )
    answers = st.builds(
        lambda poll_id, options: updates.poll_answer(poll_id, options),
        st.text(min_size=1, max_size=10),
        st.lists(st.integers(min_value=0, max_value=20), max_size=3),
    )

    @EXAMPLES
    @given(st.one_of(messages, odd_entities, callbacks, answers))
    def shaped(update: dict[str, Any]) -> None:
        before = len(harness.sink.received)
        assert post_from_thread(harness, loop, json.dumps(update).encode()) == 200
        for inbound in harness.sink.received[before:]:
            assert inbound.sender.startswith("telegram:")
            message = update.get("message", {})
            text = message.get("text", "")
            plain = "reply_to_message" not in message and not any(
                e["type"] != "bot_command" for e in message.get("entities", [])
            )
            if OUR_COMMAND.match(text) and plain:
                assert inbound.text.startswith("!")
                assert "@" not in inbound.text.split()[0]

    with structlog.testing.capture_logs() as logs:
        await asyncio.to_thread(shaped)
        await harness.adapter.flush()
    assert not [entry for entry in logs if entry["event"] == "telegram.translate_failed"]
    assert harness.sink.received  # the strategy does produce commands that get through
