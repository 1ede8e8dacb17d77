"""What the webhook reads of a Telegram update (adapters.telegram.wire), against the shapes the
Bot API documents: extra fields ignored, wrong types refused, `from` read as `from_user`."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from adapters.telegram.translate import Translator
from adapters.telegram.memory import AdapterMemory
from adapters.telegram.wire import parse_update

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
