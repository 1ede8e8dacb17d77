"""An inbound event as stored in the inbox and read back (core.messages)."""

from __future__ import annotations

from core.assemblies import ROOM_TITLE_MAX, room_title
from core.messages import Action, Inbound, Platform, RoomId, UserId, inbound_from_dict, inbound_to_dict


def test_an_event_reads_back_as_it_was_stored_with_or_without_the_room_name() -> None:
    named = Inbound(Platform("telegram"), RoomId("-100123"), UserId("telegram:7"), "callback:9",
                    action=Action.BUTTON, payload="consent #1", thread="12", display_name="Lou",
                    is_admin=True, room_name="Quartier Nord")
    assert inbound_from_dict(inbound_to_dict(named)) == named
    unnamed = Inbound(Platform("console"), RoomId("salon"), UserId("console:ana"), "e1", text="!aide")
    stored = inbound_to_dict(unnamed)
    assert "room_name" not in stored  # rows stored before the name existed read the same
    assert inbound_from_dict(stored) == unnamed


def test_the_message_an_event_answers_is_stored_with_it() -> None:
    answering = Inbound(Platform("telegram"), RoomId("-100123"), UserId("telegram:7"), "update:5", text="!ok",
                        reply_to="41")
    assert inbound_from_dict(inbound_to_dict(answering)) == answering
    assert "reply_to" not in inbound_to_dict(Inbound(Platform("console"), RoomId("salon"), UserId("console:ana"),
                                                     "e1", text="!ok"))


def test_a_room_name_is_shown_on_one_line_without_control_characters_and_cut_when_long() -> None:
    assert room_title(None) == "" and room_title("") == "" and room_title(" \t\n") == ""
    assert room_title("  Quartier\n\tNord\x00\u200b ") == "Quartier Nord"  # a zero-width space too
    assert room_title("Quartier\nNord\x07") == "Quartier Nord"
    long = room_title("é" * 300)
    assert len(long) == ROOM_TITLE_MAX and long.endswith("…")


def test_the_prefix_a_command_was_typed_with_is_stored_with_it() -> None:
    slashed = Inbound(Platform("console"), RoomId("salon"), UserId("console:ana"), "e2", text="!mot", prefix="/")
    assert inbound_from_dict(inbound_to_dict(slashed)) == slashed
    assert "prefix" not in inbound_to_dict(Inbound(Platform("console"), RoomId("salon"), UserId("console:ana"),
                                                   "e1", text="!ok"))  # rows stored before it read the same


def test_the_message_an_edit_replaces_is_stored_with_it() -> None:
    edit = Inbound(Platform("matrix"), RoomId("!r:x"), UserId("@bob:x"), "$edit", text="!ok #1", edits="$typo",
                   thread="$root")
    assert inbound_from_dict(inbound_to_dict(edit)) == edit
    assert "edits" not in inbound_to_dict(Inbound(Platform("matrix"), RoomId("!r:x"), UserId("@bob:x"), "$m",
                                                  text="!ok"))
