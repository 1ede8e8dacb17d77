"""What the webhook reads of a Telegram update (adapters.telegram.wire), against the shapes the
Bot API documents: extra fields ignored, wrong types refused, `from` read as `from_user`."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from adapters.telegram.memory import AdapterMemory
from adapters.telegram.translate import Translator
from adapters.telegram.wire import Update, parse_update

ALICE = {"id": 42, "is_bot": False, "first_name": "Alice", "language_code": "fr", "is_premium": True}
GROUP = {"id": -100123, "type": "supergroup", "title": "Assemblée du quartier"}


def test_a_message_with_fields_the_bot_does_not_read() -> None:
    update = parse_update({
        "update_id": 7,
        "message": {
            "message_id": 3, "date": 1795950000, "chat": GROUP, "from": ALICE, "text": "/consent 1",
            "link_preview_options": {"is_disabled": True}, "has_protected_content": True,
            "entities": [{"type": "bot_command", "offset": 0, "length": 8}],
        },
    })
    assert update.message is not None and update.message.from_user is not None
    assert update.message.from_user.id == 42 and update.message.chat.id == -100123
    assert update.kind() == "message"


def test_a_press_on_a_message_the_bot_can_no_longer_read() -> None:
    update = parse_update({
        "update_id": 8,
        "callback_query": {
            "id": "cb-1", "from": ALICE, "chat_instance": "x", "data": "consent #1 v1",
            "message": {"message_id": 9, "chat": GROUP, "date": 0},  # an InaccessibleMessage
        },
    })
    translation = Translator(1, "assemblee_bot", AdapterMemory()).translate(update)
    [inbound] = translation.inbounds
    assert inbound.room == "-100123" and inbound.payload == "consent #1 v1" and inbound.thread is None


def test_other_kinds_are_kept_by_name_only() -> None:
    update = parse_update({"update_id": 9, "message_reaction": {"chat": GROUP, "message_id": 1}})
    assert update.kind() == "message_reaction"
    assert parse_update({"update_id": 10}).kind() == "empty"


@pytest.mark.parametrize("data", [
    {"update_id": "x"},
    {},
    {"update_id": 1, "message": {"chat": GROUP, "text": "sans numéro"}},
    {"update_id": 1, "message": {"message_id": 1, "chat": {"id": "pas un nombre"}}},
    {"update_id": 1, "callback_query": {"id": "cb", "data": "consent #1"}},  # nobody pressed it
    {"update_id": 1, "poll_answer": {"poll_id": "p", "option_ids": "0"}},
    {"update_id": 1, "message": {"message_id": 1, "chat": GROUP, "from": {"first_name": "sans id"}}},
])
def test_malformed_updates_are_refused(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        parse_update(data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@st.composite
def update_bodies(draw: st.DrawFn) -> bytes:
    """Updates as Telegram sends them, and near misses: odd texts (lone surrogates included),
    fields of the wrong type, unknown fields and kinds."""
    person = {"id": draw(st.integers()), "is_bot": draw(st.booleans()), "first_name": draw(st.text())}
    message: dict[str, object] = {"message_id": draw(st.integers()), "date": draw(st.integers()),
                                  "chat": {"id": draw(st.integers()), "type": "supergroup"},
                                  "from": person, "text": draw(st.text())}
    update: dict[str, object] = {"update_id": draw(st.integers() | st.text(max_size=4) | st.floats())}
    kind = draw(st.sampled_from(["message", "callback_query", "edited_message", "none"]))
    if kind == "message":
        update["message"] = message
    elif kind == "callback_query":
        update["callback_query"] = {"id": draw(st.text()), "from": person, "chat_instance": "x",
                                    "data": draw(st.text()), "message": message}
    elif kind == "edited_message":
        update["edited_message"] = message
    update.update(draw(st.dictionaries(st.text(max_size=8), json_values, max_size=2)))
    return json.dumps(update, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(update_bodies())
def test_reading_straight_from_the_bytes_agrees_with_decoding_then_validating(body: bytes) -> None:
    """The webhook reads a body with pydantic's own JSON parser first and falls back to json
    then validation when that refuses: whatever the first accepts, the second reads the same."""
    try:
        fast = Update.model_validate_json(body)
    except ValueError:
        return  # the webhook reads it again the slower way, as before
    assert fast == parse_update(json.loads(body))


def test_a_burst_of_presses_keeps_every_callback_to_answer() -> None:
    """Each press waits (8 s at most) for its answer: a burst of thousands of presses must not
    push the first ones out, or their buttons would spin on the pressers' screens."""
    from adapters.telegram.translate import PendingPress

    memory = AdapterMemory()
    for i in range(5_000):
        memory.press_answers.put(f"callback:{i}", PendingPress(str(i), i, "fr"))
    assert all(memory.press_answers.pop(f"callback:{i}") is not None for i in range(5_000))
