"""The Matrix adapter: pure translation/rendering rules, then against a real Synapse.

The Synapse tests drive the adapter with a `RecordingSink` (no core pipeline): people
are plain nio clients, the bot is the adapter logged in as a registered user.
"""

from __future__ import annotations

import asyncio
import json
import urllib.parse
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from aiohttp import ClientError
from nio import (
    AsyncClient,
    MatrixRoom,
    MegolmEvent,
    RoomCreateResponse,
    RoomEncryptedFile,
    RoomGetEventError,
    RoomMessageFormatted,
    RoomSendResponse,
    SyncResponse,
)
from pydantic import ValidationError
from structlog.testing import capture_logs
from synapse_harness import MatrixUser, SynapseServer, login_client

import adapters.matrix.adapter as matrix_adapter
from adapters.base import Adapter, Delivery, RecordingSink
from adapters.matrix import (
    MatrixAdapter,
    MatrixLoginError,
    MatrixSettings,
    membership,
    power,
    render,
)
from adapters.matrix.state import SessionState, SessionStore
from adapters.matrix.translate import EventTranslator, Sender, command_text
from core.errors import PermanentDeliveryError, RetryAfter
from core.i18n import catalog, placeholders, translate
from core.member_handlers import help_text
from core.messages import (
    POLL_SELECT,
    Action,
    Button,
    Inbound,
    Outbound,
    OutboundKind,
    Platform,
    RoomId,
    UserId,
    selection_command,
)

MATRIX = Platform("matrix")
BOT = "@assemblee:example.org"

# --------------------------------------------------------------------------- pure rules


def test_settings_validate_and_default_inviters(tmp_path: Path) -> None:
    settings = MatrixSettings(
        homeserver="https://matrix.example.org/",
        user_id=BOT,
        password="s3cret-pass",
        store_path=tmp_path,
    )
    assert settings.homeserver == "https://matrix.example.org"
    assert settings.device_name == "Assemblée"
    assert settings.inviter_globs == ("@*:example.org",)
    custom = settings.model_copy(update={"allowed_inviters": "@ana:a.org, @*:b.net ,"})
    assert custom.inviter_globs == ("@ana:a.org", "@*:b.net")
    with pytest.raises(ValidationError, match="password or access_token"):
        MatrixSettings(homeserver="https://m.org", user_id=BOT, store_path=tmp_path)
    with pytest.raises(ValidationError, match="homeserver"):
        MatrixSettings(homeserver="matrix.org", user_id=BOT, password="x", store_path=tmp_path)
    with pytest.raises(ValidationError, match="user_id"):
        MatrixSettings(homeserver="https://m.org", user_id="assemblee", password="x")
    only_token = MatrixSettings(homeserver="http://127.0.0.1:8008", user_id=BOT, access_token="t")
    assert only_token.password is None


def test_commands_are_bang_lines_or_start_by_naming_the_bot() -> None:
    def cmd(body: str, **extra: Any) -> str | None:
        return command_text({"msgtype": "m.text", "body": body, **extra}, BOT, {"Assemblée"})

    assert cmd("!status #3") == "!status #3"
    assert cmd("  !propose Jardin\nbody line") == "!propose Jardin\nbody line"
    assert cmd("assemblee: status #3") == "!status #3"
    assert cmd("Assemblée, status #3") == "!status #3"
    assert cmd("@assemblee:example.org status #3") == "!status #3"
    assert cmd("@assemblee !status #3") == "!status #3"
    assert cmd("assemblee:") == "!help"
    assert cmd("bonjour à toutes") is None
    assert cmd("assembleethings are great") is None
    assert cmd("> <@bob:x> !vote\n\nje suis d'accord") is None
    assert cmd("> <@bob:x> hello\n\n!consent #2") == "!consent #2"
    pill = '<a href="https://matrix.to/#/%40assemblee%3Aexample.org">Le Bot</a>: status #4'
    assert cmd("Le Bot: status #4", formatted_body=pill) == "!status #4"
    other_pill = '<a href="https://matrix.to/#/@ana:example.org">Ana</a>: status #4'
    assert cmd("Ana: status #4", formatted_body=other_pill) is None


def test_member_pills_become_matrix_ids_in_commands() -> None:
    """Clients write a mention's display name in the plain body and the member's id only in
    the pill: the command names the member by id, whatever their display name."""

    def cmd(body: str, formatted: str) -> str | None:
        content = {"msgtype": "m.text", "body": body, "formatted_body": formatted}
        return command_text(content, BOT, {"Assemblée"})

    def pill(user: str, label: str) -> str:
        return f'<a href="https://matrix.to/#/{urllib.parse.quote(user)}">{label}</a>'

    bob, cam = "@bob:example.org", "@cam:example.org"
    assert (
        cmd("!role Bob Martin catalyseur", f"!role {pill(bob, 'Bob Martin')} catalyseur")
        == f"!role {bob} catalyseur"
    )
    assert (
        cmd("!echanger #4 prise-de-notes Camille 🌻 D.", f"!echanger #4 prise-de-notes {pill(cam, 'Camille 🌻 D.')}")
        == f"!echanger #4 prise-de-notes {cam}"
    )
    # Several pills, in order; one display name inside another; "@" typed before the name.
    assert (
        cmd(
            "!noter #5 @Bob Bob Martin ok",
            f"!noter #5 @{pill(bob, 'Bob')} {pill(cam, 'Bob Martin')} ok",
        )
        == f"!noter #5 {bob} {cam} ok"
    )
    # Named through the bot's pill, then a member's pill; HTML entities in the label.
    assert (
        cmd(
            "Le Bot: role Léa & Co animation",
            f"{pill(BOT, 'Le Bot')}: role {pill(cam, 'Léa &amp; Co')} animation",
        )
        == f"!role {cam} animation"
    )
    # A pill whose text is not in the body, a quoted reply's pills, the verb itself: untouched.
    assert cmd("!status #4", f"!status #4 {pill(bob, 'Bob')}") == "!status #4"
    quoted = f"<mx-reply><blockquote>{pill(bob, 'ok')}</blockquote></mx-reply>!ok #2"
    assert cmd("> <@bob:example.org> hi\n\n!ok #2", quoted) == "!ok #2"
    assert cmd("!ok #2 ok", f"!ok #2 {pill(bob, 'ok')}") == f"!ok #2 {bob}"
    # Not a command: still plain chat.
    assert cmd("Bob Martin: salut", f"{pill(bob, 'Bob Martin')}: salut") is None


def test_room_admins_follow_power_levels_and_v12_creators() -> None:
    create_v10 = {"sender": "@ana:x", "content": {"room_version": "10", "creator": "@ana:x"}}
    levels = {
        "users": {"@ana:x": 100, "@mod:x": 50, "@bob:x": "0"},
        "events": {"m.room.power_levels": 100},
        "state_default": 50,
    }
    assert power.is_room_admin("@ana:x", levels, create_v10)
    assert not power.is_room_admin("@mod:x", levels, create_v10)
    relaxed = {**levels, "events": {"m.room.power_levels": 50}}
    assert power.is_room_admin("@mod:x", relaxed, create_v10)
    assert not power.is_room_admin("@bob:x", relaxed, create_v10)
    demoted = {"users": {"@mod:x": 100}}
    # Before v12 a creator without power is not an admin; from v12 creators always are.
    assert not power.is_room_admin("@ana:x", demoted, create_v10)
    create_v12 = {
        "sender": "@ana:x",
        "content": {"room_version": "12", "additional_creators": ["@cleo:x"]},
    }
    assert power.is_room_admin("@ana:x", demoted, create_v12)
    assert power.is_room_admin("@cleo:x", demoted, create_v12)
    assert not power.is_room_admin("@bob:x", demoted, create_v12)
    assert power.is_room_admin("@ana:x", None, create_v10)
    assert not power.is_room_admin("@bob:x", None, None)


def _prompt(number: int = 3) -> Outbound:
    return Outbound(
        platform=MATRIX,
        room=RoomId("!r:x"),
        text=f"Proposition #{number} : tour de consentement ouvert",
        kind=OutboundKind.CONSENT_PROMPT,
        buttons=(
            Button("Je consens", f"consent #{number}"),
            Button("Réserve", f"concern #{number}", needs_reason=True),
            Button("Abstention", f"standaside #{number}"),
        ),
    )


def test_rendering_threads_mentions_splits_and_polls() -> None:
    out = Outbound(
        platform=MATRIX,
        room=RoomId("!r:x"),
        text="Bonjour @bob",
        html="<p>Bonjour <b>bob</b></p>",
        mentions=(BOT,),  # type: ignore[arg-type]
    )
    [content] = render.message_contents(out, thread_root="$root", lang="fr")
    assert content["format"] == "org.matrix.custom.html"
    assert content["m.mentions"] == {"user_ids": [BOT]}
    assert content["m.relates_to"] == {
        "rel_type": "m.thread",
        "event_id": "$root",
        "is_falling_back": True,
        "m.in_reply_to": {"event_id": "$root"},
    }
    long = "\n".join(f"ligne {i} " + "x" * 100 for i in range(700))
    pieces = render.split_text(long)
    assert len(pieces) == 3 and all(len(p.encode()) <= render.MAX_BODY_BYTES for p in pieces)
    assert "\n".join(pieces) == long
    assert render.consent_payloads(_prompt().buttons) == {
        "consent": "consent #3",
        "standaside": "standaside #3",
    }
    [prompt] = render.message_contents(_prompt(), thread_root=None, lang="fr")
    assert "✅" in prompt["body"] and "⏸️" in prompt["body"]
    poll = Outbound(
        platform=MATRIX,
        room=RoomId("!r:x"),
        text="Quelle option ?",
        kind=OutboundKind.POLL,
        poll_options=("A", "B"),
        extra={"poll_payload_0": "vote #3 A", "poll_payload_1": "vote #3 B"},
    )
    content, commands = render.poll_start(poll, thread_root=None, lang="en")
    assert commands == {"a0": "vote #3 A", "a1": "vote #3 B"}
    start = content[render.POLL_START_TYPE]
    assert [a["org.matrix.msc1767.text"] for a in start["answers"]] == ["A", "B"]
    assert "!vote #3 B" in content["body"]


def test_translator_reactions_redactions_polls_and_edits() -> None:
    state = SessionState()
    state.remember_prompt("$prompt", {"consent": "consent #3", "standaside": "standaside #3"})
    state.remember_poll("$poll", "!r:x", {"a0": "vote #3 A", "a1": "vote #3 B"})
    tr = EventTranslator(BOT, state)

    def event(kind: str, content: dict[str, Any], sender: str = "@bob:x", eid: str = "$e") -> Any:
        return {"type": kind, "sender": sender, "event_id": eid, "content": content}

    def react(key: str, target: str = "$prompt", eid: str = "$r1") -> Inbound | None:
        rel = {"rel_type": "m.annotation", "event_id": target, "key": key}
        return tr.translate(event("m.reaction", {"m.relates_to": rel}, eid=eid), "!r:x")

    got = react("✅")
    assert got is not None and (got.action, got.payload) == (Action.BUTTON, "consent #3")
    assert got.sender == "@bob:x" and got.event_id == "$r1"
    pause = react("⏸", eid="$r2")  # also without the emoji variation selector
    assert pause is not None and pause.payload == "standaside #3"
    assert react("👍", eid="$r3") is None
    assert react("✅", target="$other", eid="$r4") is None
    # Someone else removing Bob's reaction does not undo Bob's consent.
    assert (
        tr.translate(event("m.room.redaction", {}, "@mod:x", "$x") | {"redacts": "$r1"}, "!r:x")
        is None
    )
    undo = tr.translate(event("m.room.redaction", {"redacts": "$r1"}, eid="$u1"), "!r:x")
    assert undo is not None and (undo.action, undo.payload) == (Action.UNDO, "consent #3")
    assert tr.translate(event("m.room.redaction", {"redacts": "$r1"}, eid="$u2"), "!r:x") is None

    ref = {"rel_type": "m.reference", "event_id": "$poll"}
    unstable = {"m.relates_to": ref, "org.matrix.msc3381.poll.response": {"answers": ["a1"]}}
    vote = tr.translate(event("org.matrix.msc3381.poll.response", unstable, eid="$p1"), "!r:x")
    assert vote is not None and (vote.action, vote.payload) == (Action.BUTTON, "vote #3 B")
    stable = {"m.relates_to": ref, "m.selections": ["a0"]}
    vote = tr.translate(event("m.poll.response", stable, eid="$p2"), "!r:x")
    assert vote is not None and vote.payload == "vote #3 A"
    withdraw = {"m.relates_to": ref, "m.selections": []}
    undo = tr.translate(event("m.poll.response", withdraw, eid="$p3"), "!r:x")
    assert undo is not None and (undo.action, undo.payload) == (Action.UNDO, "vote #3 A")
    end = {"m.relates_to": ref, "org.matrix.msc3381.poll.end": {}}
    assert tr.translate(event("org.matrix.msc3381.poll.end", end, BOT, "$end"), "!r:x") is None
    assert tr.translate(event("m.poll.response", stable, eid="$p4"), "!r:x") is None

    edit = {
        "msgtype": "m.text",
        "body": "* !status #2",
        "m.new_content": {"msgtype": "m.text", "body": "!status #2"},
        "m.relates_to": {"rel_type": "m.replace", "event_id": "$e"},
    }
    # an edit stands for its new content, naming the message it edits (the adapter adds that
    # message's thread and reply); an edit into plain chat, or a malformed one, is nothing
    fixed = tr.translate(event("m.room.message", edit, eid="$edit"), "!r:x")
    assert fixed is not None and (fixed.text, fixed.edits, fixed.event_id) == ("!status #2", "$e", "$edit")
    assert fixed.thread is None and fixed.reply_to is None
    for new_content, relates in (
        ({"msgtype": "m.text", "body": "bonjour"}, edit["m.relates_to"]),
        ({"msgtype": "m.notice", "body": "!status #2"}, edit["m.relates_to"]),
        ({"msgtype": "m.text", "body": "!status #2"}, {"rel_type": "m.replace"}),
        ("!status #2", edit["m.relates_to"]),
    ):
        malformed = {**edit, "m.new_content": new_content, "m.relates_to": relates}
        assert tr.translate(event("m.room.message", malformed), "!r:x") is None, malformed
    assert tr.translate(event("m.room.message", {"msgtype": "m.text", "body": "* !ok",
                                                  "m.new_content": {"msgtype": "m.text", "body": "!ok"}}),
                        "!r:x") is None  # no m.replace: no edit of anything
    threaded = {
        "msgtype": "m.text",
        "body": "!status #2",
        "m.relates_to": {"rel_type": "m.thread", "event_id": "$root"},
    }
    msg = tr.translate(event("m.room.message", threaded), "!r:x", Sender(is_admin=True))
    assert msg is not None and msg.thread == "$root" and msg.is_admin and msg.reply_to is None
    # a plain reply names the message it answers; in a thread, only a real reply does (the
    # `m.in_reply_to` that falls back to the thread's latest message answers nothing)
    for relates, thread, reply_to in (
        ({"m.in_reply_to": {"event_id": "$call"}}, None, "$call"),
        ({"rel_type": "m.thread", "event_id": "$root", "is_falling_back": True,
          "m.in_reply_to": {"event_id": "$latest"}}, "$root", None),
        ({"rel_type": "m.thread", "event_id": "$root", "is_falling_back": False,
          "m.in_reply_to": {"event_id": "$call"}}, "$root", "$call"),
        ({"m.in_reply_to": "$call"}, None, None),  # malformed: no reply
    ):
        content = {"msgtype": "m.text", "body": "!ok", "m.relates_to": relates}
        msg = tr.translate(event("m.room.message", content), "!r:x")
        assert msg is not None and (msg.thread, msg.reply_to) == (thread, reply_to), relates
    notice = {"msgtype": "m.notice", "body": "!status #2"}
    assert tr.translate(event("m.room.message", notice), "!r:x") is None
    own = {"msgtype": "m.text", "body": "!status #2"}
    assert tr.translate(event("m.room.message", own, BOT), "!r:x") is None

    join = event("m.room.member", {"membership": "join"}, eid="$j") | {"state_key": "@cleo:x"}
    joined = tr.translate(join, "!r:x")
    assert joined is not None and (joined.action, joined.sender) == (
        Action.MEMBER_JOINED,
        "@cleo:x",
    )
    leave = event("m.room.member", {"membership": "leave"}, eid="$l") | {
        "state_key": "@cleo:x",
        "unsigned": {"prev_content": {"membership": "join"}},
    }
    left = tr.translate(leave, "!r:x")
    assert left is not None and left.action == Action.MEMBER_LEFT

    # What the translator learnt survives a restart through the session file.
    store = SessionStore(Path(__import__("tempfile").mkdtemp()))
    store.save(state)
    again = store.load()
    assert again.prompts == state.prompts and again.polls["$poll"].closed
    assert "$r2" in again.reactions


def test_multi_answer_poll_renders_and_reads_back_as_one_answer() -> None:
    """A time poll: every slot can be ticked; the selection stands for yes/no per slot."""
    poll = Outbound(
        platform=MATRIX,
        room=RoomId("!r:x"),
        text="Sondage #4",
        kind=OutboundKind.POLL,
        poll_options=("mar. 1", "mer. 2", "jeu. 3"),
        extra={POLL_SELECT: "avail #4", "poll_multiple": "true"},
    )
    content, commands = render.poll_start(poll, thread_root=None, lang="fr")
    assert content[render.POLL_START_TYPE]["max_selections"] == 3
    assert commands == {"a0": "0", "a1": "1", "a2": "2"}
    assert "coché = oui" in content["body"] and "3. jeu. 3" in content["body"]

    state = SessionState()
    state.remember_poll("$poll", "!r:x", commands, "avail #4")
    tr = EventTranslator(BOT, state)
    ref = {"rel_type": "m.reference", "event_id": "$poll"}

    def respond(answers: list[Any], eid: str) -> Inbound | None:
        content = {"m.relates_to": ref, "org.matrix.msc3381.poll.response": {"answers": answers}}
        event = {"type": "org.matrix.msc3381.poll.response", "sender": "@bob:x",
                 "event_id": eid, "content": content}
        return tr.translate(event, "!r:x")

    got = respond(["a2", "a0", "zz", 7], "$1")
    assert got is not None and (got.action, got.payload) == (Action.BUTTON, "avail #4 yes no yes")
    got = respond(["a1"], "$2")
    assert got is not None and got.payload == "avail #4 no yes no"
    assert respond([], "$3") is None  # a spoiled answer leaves the last one standing

    store = SessionStore(Path(__import__("tempfile").mkdtemp()))
    store.save(state)
    assert store.load().polls["$poll"].select == "avail #4"


def test_selection_command_answers_every_option() -> None:
    assert selection_command("avail #2", 4, [3, 0, 9, -1]) == "avail #2 yes no no yes"
    assert selection_command("avail #2", 2, []) == "avail #2 no no"


def test_membership_snapshot_lists_members_admins_first() -> None:
    def member(user: str, membership: str, ts: int, eid: str) -> dict[str, Any]:
        return {
            "type": "m.room.member",
            "state_key": user,
            "sender": user,
            "event_id": eid,
            "origin_server_ts": ts,
            "content": {"membership": membership, "displayname": user[1:4]},
        }

    create = {"sender": "@zoe:x", "content": {"room_version": "12"}}
    levels = {"users": {"@mod:x": 100}}
    state = [
        member("@bob:x", "join", 1, "$b"),
        member("@zoe:x", "join", 5, "$z"),  # v12 creator: above everyone, unlisted
        member("@mod:x", "join", 9, "$m"),
        member("@cleo:x", "join", 2, "$c1"),
        member("@cleo:x", "leave", 3, "$c2"),  # her latest membership counts
        member("@dan:x", "invite", 4, "$d"),  # not a member yet
        member(BOT, "join", 6, "$bot"),  # never a member
        {"type": "m.room.name", "state_key": "", "event_id": "$n", "content": {}},
    ]
    got = membership.snapshot(
        "!r:x", state, bot_user_id=BOT, power_levels=levels, create_event=create
    )
    assert [(i.sender, i.action, i.event_id) for i in got] == [
        ("@zoe:x", Action.MEMBER_JOINED, "$z"),
        ("@mod:x", Action.MEMBER_JOINED, "$m"),
        ("@bob:x", Action.MEMBER_JOINED, "$b"),
        ("@cleo:x", Action.MEMBER_LEFT, "$c2"),
    ]
    assert got[0].display_name == "zoe" and got[3].display_name is None


def test_room_joins_are_members_joining_never_the_bots_own_nor_a_new_display_name() -> None:
    """What the core may welcome (see core.welcome): a person entering the room, not the bot
    itself, nor a member whose join event only changes their name."""
    tr = EventTranslator(BOT, SessionState())

    def joined(user: str, eid: str, before: str | None = None) -> Inbound | None:
        event: dict[str, Any] = {"type": "m.room.member", "sender": user, "state_key": user, "event_id": eid,
                                 "content": {"membership": "join", "displayname": "Dan"}}
        if before is not None:
            event["unsigned"] = {"prev_content": {"membership": before}}
        return tr.translate(event, "!r:x")

    got = joined("@dan:x", "$j1")
    assert got is not None and (got.action, got.sender) == (Action.MEMBER_JOINED, "@dan:x")
    assert joined(BOT, "$j2") is None
    assert joined("@dan:x", "$j3", before="join") is None  # a new display name


async def test_a_member_leaving_is_still_in_the_rooms_they_joined_not_those_they_are_invited_to(
    tmp_path: Path,
) -> None:
    """nio lists invited people among a room's users: an invitation is not being in the room."""
    adapter = MatrixAdapter(MatrixSettings(homeserver="https://m.org", user_id=BOT, password="x",
                                           store_path=tmp_path))
    joined, invited, left = MatrixRoom("!b:x", BOT), MatrixRoom("!c:x", BOT), MatrixRoom("!a:x", BOT)
    joined.add_member("@dan:x", "Dan", None)
    invited.add_member("@dan:x", "Dan", None, invited=True)
    sink = RecordingSink()
    adapter._sink = sink
    adapter._client = cast(Any, SimpleNamespace(rooms={"!a:x": left, "!b:x": joined, "!c:x": invited}))
    await adapter._pass_on(Inbound(MATRIX, RoomId("!a:x"), UserId("@dan:x"), "$l1", action=Action.MEMBER_LEFT))
    assert sink.received[0].still_in == ("!b:x",)


def test_session_token_has_its_own_file(tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    state = SessionState(device_id="DEV1", sync_token="s1")
    store.save(state)
    state.sync_token = "s2"
    store.save_token(state)  # nothing else changed: only the token file moves on
    assert json.loads((tmp_path / "matrix-session.json").read_text())["sync_token"] == "s1"
    assert store.load().sync_token == "s2"
    state.remember_prompt("$p", {"consent": "consent #1"})
    state.sync_token = "s3"
    store.save_token(state)  # a remembered change: the whole file is written
    saved = json.loads((tmp_path / "matrix-session.json").read_text())
    assert saved["sync_token"] == "s3" and saved["prompts"] and "changed" not in saved
    (tmp_path / "matrix-sync-token").write_text("OTHER s9")  # another device's token
    assert store.load().sync_token == "s3"
    (tmp_path / "matrix-sync-token").unlink()  # lost: the older token still resumes
    assert store.load().sync_token == "s3"


def test_session_files_written_before_rooms_were_told_apart_still_load(tmp_path: Path) -> None:
    """An older session file has no list of rooms told apart: it loads, every room is
    looked at once, and the list is kept from then on (a left room is forgotten)."""
    old = {"user_id": BOT, "device_id": "DEV1", "sync_token": "s1", "direct_rooms": {"!d:x": True}}
    (tmp_path / "matrix-session.json").write_text(json.dumps(old))
    store = SessionStore(tmp_path)
    state = store.load()
    assert state.direct_rooms == {"!d:x": True} and state.classified_rooms == []
    assert not state.is_classified("!d:x")
    state.mark_classified("!d:x")
    state.mark_classified("!a:x")
    state.mark_classified("!a:x")
    store.save(state)
    again = store.load()
    assert again.classified_rooms == ["!d:x", "!a:x"] and again.is_classified("!a:x")
    again.forget_room("!d:x")
    assert again.changed and again.classified_rooms == ["!a:x"] and again.direct_rooms == {}


def test_html_bodies_and_replies_in_threads() -> None:
    html = render.text_to_html("Bonjour <@ana:x.org> & @bob:localhost:8008.\nÀ bientôt")
    assert html == (
        'Bonjour &lt;<a href="https://matrix.to/#/@ana:x.org">@ana:x.org</a>&gt; &amp; '
        '<a href="https://matrix.to/#/@bob:localhost:8008">@bob:localhost:8008</a>.<br>\n'
        "À bientôt"
    )
    answer = Outbound(
        platform=MATRIX,
        room=RoomId("!r:x"),
        text="Réponse\nsur deux lignes",
        reply_to="$question",
        extra={"thread": "$root"},
    )
    [in_thread] = render.message_contents(answer, thread_root="$root", lang="fr")
    assert in_thread["formatted_body"] == "Réponse<br>\nsur deux lignes"
    assert in_thread["m.relates_to"]["is_falling_back"] is False
    assert in_thread["m.relates_to"]["m.in_reply_to"] == {"event_id": "$question"}
    elsewhere = Outbound(platform=MATRIX, room=RoomId("!r:x"), text="Réponse", reply_to="$question")
    [fallback] = render.message_contents(elsewhere, thread_root="$root", lang="fr")
    assert fallback["m.relates_to"]["is_falling_back"] is True
    assert fallback["m.relates_to"]["m.in_reply_to"] == {"event_id": "$root"}


def test_matrix_catalogs_match() -> None:
    keys = [k for k in catalog("fr") if k.startswith("matrix.")]
    assert "matrix.cannot_decrypt" in keys
    for key in keys:
        assert key in catalog("en"), key
        assert placeholders(catalog("fr")[key]) == placeholders(catalog("en")[key]), key
    assert translate("matrix.cannot_decrypt", "en") != translate("matrix.cannot_decrypt", "fr")


# --------------------------------------------------------------------------- with Synapse


async def wait_for(
    predicate: Callable[[], Any], timeout: float = 20.0, what: str = "condition"
) -> Any:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def bot_settings(
    synapse: SynapseServer, bot: MatrixUser, store: Path, **overrides: Any
) -> MatrixSettings:
    values: dict[str, Any] = {
        "homeserver": synapse.url,
        "user_id": bot.user_id,
        "password": bot.password,
        "store_path": store,
        "e2e": False,
        "sync_timeout_ms": 5000,
    }
    values.update(overrides)
    return MatrixSettings(**values)


@asynccontextmanager
async def running(settings: MatrixSettings, sink: RecordingSink) -> AsyncIterator[MatrixAdapter]:
    adapter = MatrixAdapter(settings)
    await adapter.start(sink)
    try:
        yield adapter
    finally:
        await adapter.stop()


def room_path(room_id: str) -> str:
    return urllib.parse.quote(room_id, safe="")


def history(synapse: SynapseServer, token: str, room_id: str) -> list[dict[str, Any]]:
    """The room's recent events, oldest first (plain HTTP, as a third party sees them)."""
    reply = synapse.request(
        "GET",
        f"/_matrix/client/v3/rooms/{room_path(room_id)}/messages?dir=b&limit=100",
        token=token,
    )
    return list(reversed(reply["chunk"]))


async def send_text(client: AsyncClient, room_id: str, body: str, **extra: Any) -> str:
    response = await client.room_send(
        room_id, "m.room.message", {"msgtype": "m.text", "body": body, **extra}
    )
    assert isinstance(response, RoomSendResponse), response
    return str(response.event_id)


async def room_with_bot(
    owner: AsyncClient, bot_id: str, *, members: tuple[AsyncClient, ...] = (), **create: Any
) -> str:
    created = await owner.room_create(name="Assemblée test", **create)
    assert isinstance(created, RoomCreateResponse), created
    room_id = str(created.room_id)
    for member in members:
        await owner.room_invite(room_id, member.user_id)
        await member.join(room_id)
    await owner.room_invite(room_id, bot_id)

    async def bot_joined() -> bool:
        response = await owner.joined_members(room_id)
        return bot_id in {m.user_id for m in getattr(response, "members", [])}

    for _ in range(400):
        if await bot_joined():
            return room_id
        await asyncio.sleep(0.05)
    raise AssertionError("the bot did not join")


def texts(sink: RecordingSink) -> list[str]:
    return [i.text for i in sink.received if i.action is Action.TEXT]


def gestures(sink: RecordingSink) -> list[Inbound]:
    """Reactions and poll answers (buttons and their removal), in order."""
    return [i for i in sink.received if i.action in (Action.BUTTON, Action.UNDO)]


@pytest.mark.synapse
async def test_invites_commands_mentions_edits_and_big_messages(
    synapse: SynapseServer, matrix_user: Callable[..., MatrixUser], tmp_path: Path
) -> None:
    bot, alice_u, bob_u, mallory_u = (
        matrix_user(n) for n in ("assemblee", "alice", "bob", "mallory")
    )
    alice = await login_client(synapse, alice_u)
    bob = await login_client(synapse, bob_u)
    mallory = await login_client(synapse, mallory_u)
    sink = RecordingSink()
    settings = bot_settings(synapse, bot, tmp_path / "bot", allowed_inviters=alice_u.user_id)
    try:
        async with running(settings, sink) as adapter:
            assert isinstance(adapter, Adapter)
            # An invite from someone not allowed is rejected, with a reason the inviter
            # sees ("rejected the invite: …"), in French then in English.
            created = await mallory.room_create(name="Pas invitée", invite=[bot.user_id])
            assert isinstance(created, RoomCreateResponse)
            refused_room = created.room_id

            def bot_member_event() -> dict[str, Any]:
                return dict(
                    synapse.request(
                        "GET",
                        f"/_matrix/client/v3/rooms/{room_path(refused_room)}/state/m.room.member/"
                        f"{urllib.parse.quote(bot.user_id)}",
                        token=mallory_u.access_token,
                    )
                )

            await wait_for(lambda: bot_member_event()["membership"] == "leave", what="invite rejected")
            reason = bot_member_event().get("reason", "")
            assert reason == (
                translate("matrix.invite_refused", "fr") + " " + translate("matrix.invite_refused", "en")
            )
            assert "administrateurs" in reason and "administrators" in reason

            room_id = await room_with_bot(alice, bot.user_id)
            await alice.room_invite(room_id, bob_u.user_id)
            await bob.join(room_id)
            await wait_for(
                lambda: any(
                    i.action is Action.MEMBER_JOINED and i.sender == bob_u.user_id
                    for i in sink.received
                ),
                what="bob's join",
            )
            # Alice was in the room when the bot joined: she is passed on as a member
            # (from her membership event), then Bob when he joins; never the bot.
            joined = [i for i in sink.received if i.action is Action.MEMBER_JOINED]
            assert [i.sender for i in joined] == [alice_u.user_id, bob_u.user_id]
            assert all(i.event_id.startswith("$") for i in joined)
            assert await adapter.joined_members(room_id) == sorted([alice_u.user_id, bob_u.user_id])
            assert await adapter.is_room_admin(room_id, alice_u.user_id)
            assert not await adapter.is_room_admin(room_id, bob_u.user_id)

            first = await send_text(bob, room_id, "!status #1")

            def edit_of(original: str, text: str) -> dict[str, Any]:
                return {
                    "m.new_content": {"msgtype": "m.text", "body": text},
                    "m.relates_to": {"rel_type": "m.replace", "event_id": original},
                }

            # An edit stands for its new text, naming the message it edits; only that
            # message's author may edit it; a message in a thread is edited in its thread.
            fix = await send_text(bob, room_id, "* !status #2", **edit_of(first, "!status #2"))
            await send_text(alice, room_id, "* !status #9", **edit_of(first, "!status #9"))
            threaded = await send_text(
                bob,
                room_id,
                "!okk",
                **{"m.relates_to": {"rel_type": "m.thread", "event_id": first, "is_falling_back": True,
                                    "m.in_reply_to": {"event_id": first}}},
            )
            await send_text(bob, room_id, "* !ok", **edit_of(threaded, "!ok"))
            await send_text(bob, room_id, "bonjour tout le monde")
            await send_text(bob, room_id, f"{bot_localpart(bot)}: status #3")
            pill = f'<a href="https://matrix.to/#/{bot.user_id}">Assemblée</a>: status #4'
            await send_text(
                bob,
                room_id,
                "Assemblée: status #4",
                format="org.matrix.custom.html",
                formatted_body=pill,
                **{"m.mentions": {"user_ids": [bot.user_id]}},
            )
            big = "!propose Un très long texte\n" + ("lorem ipsum " * 5000)[:60_000].strip()
            await send_text(bob, room_id, big)
            await send_text(alice, room_id, "!status #5")
            await wait_for(lambda: "!status #5" in texts(sink), what="the last command")

            assert texts(sink) == [
                "!status #1", "!status #2", "!okk", "!ok", "!status #3", "!status #4", big, "!status #5"
            ]
            by_text = {i.text: i for i in sink.received if i.action is Action.TEXT}
            edited = by_text["!status #2"]
            assert (edited.event_id, edited.edits, edited.sender) == (fix, first, bob_u.user_id)
            assert edited.thread is None and by_text["!status #1"].edits is None
            assert (by_text["!ok"].edits, by_text["!ok"].thread) == (threaded, first)
            status = by_text["!status #1"]
            assert status.sender == bob_u.user_id and status.platform == "matrix"
            assert status.room == room_id and status.event_id == first
            assert status.thread is None and not status.is_admin
            assert status.room_name == "Assemblée test"  # the room's own name, for its calendar
            assert (
                by_text["!status #5"].is_admin and by_text["!status #5"].sender == alice_u.user_id
            )
    finally:
        for client in (alice, bob, mallory):
            await client.close()


def bot_localpart(user: MatrixUser) -> str:
    return user.user_id[1:].split(":", 1)[0]


@pytest.mark.synapse
async def test_reactions_and_polls_become_buttons(
    synapse: SynapseServer, matrix_user: Callable[..., MatrixUser], tmp_path: Path
) -> None:
    bot, alice_u, bob_u = (matrix_user(n) for n in ("assemblee", "alice", "bob"))
    alice = await login_client(synapse, alice_u)
    bob = await login_client(synapse, bob_u)
    sink = RecordingSink()
    try:
        async with running(bot_settings(synapse, bot, tmp_path / "bot"), sink) as adapter:
            room_id = await room_with_bot(alice, bot.user_id, members=(bob,))
            prompt = _prompt(1)
            prompt = Outbound(
                platform=MATRIX,
                room=RoomId(room_id),
                text=prompt.text,
                kind=prompt.kind,
                buttons=prompt.buttons,
            )
            prompt_id = await adapter.send(Delivery(key="out-1", outbound=prompt))
            assert prompt_id and prompt_id.startswith("$")

            async def react(key: str) -> str:
                rel = {"rel_type": "m.annotation", "event_id": prompt_id, "key": key}
                response = await bob.room_send(room_id, "m.reaction", {"m.relates_to": rel})
                assert isinstance(response, RoomSendResponse), response
                return str(response.event_id)

            consent_reaction = await react("✅")
            await react("⏸️")
            await react("🎉")
            await bob.room_redact(room_id, consent_reaction)
            poll = Outbound(
                platform=MATRIX,
                room=RoomId(room_id),
                text="Quel jour ?",
                kind=OutboundKind.POLL,
                poll_options=("Mardi", "Jeudi"),
                extra={"poll_payload_0": "vote #2 Mardi", "poll_payload_1": "vote #2 Jeudi"},
            )
            poll_id = await adapter.send(Delivery(key="out-2", outbound=poll))
            assert poll_id
            ref = {"rel_type": "m.reference", "event_id": poll_id}
            await bob.room_send(
                room_id,
                "org.matrix.msc3381.poll.response",
                {"m.relates_to": ref, "org.matrix.msc3381.poll.response": {"answers": ["a1"]}},
            )
            await alice.room_send(
                room_id, "m.poll.response", {"m.relates_to": ref, "m.selections": ["a0"]}
            )
            await wait_for(lambda: len(gestures(sink)) >= 5, what="reactions and poll answers")
            close = Outbound(
                platform=MATRIX, room=RoomId(room_id), text="", kind=OutboundKind.POLL_CLOSE
            )
            end_id = await adapter.send(Delivery(key="out-3", outbound=close, thread_root=poll_id))
            await wait_for(
                lambda: any(
                    e["event_id"] == end_id for e in history(synapse, alice_u.access_token, room_id)
                ),
                what="poll end",
            )
            await bob.room_send(
                room_id,
                "org.matrix.msc3381.poll.response",
                {"m.relates_to": ref, "org.matrix.msc3381.poll.response": {"answers": ["a0"]}},
            )
            await send_text(bob, room_id, "!fin")
            await wait_for(lambda: "!fin" in texts(sink), what="the sentinel")

            got = [(i.action, i.payload, i.sender) for i in gestures(sink)]
            assert got == [
                (Action.BUTTON, "consent #1", bob_u.user_id),
                (Action.BUTTON, "standaside #1", bob_u.user_id),
                (Action.UNDO, "consent #1", bob_u.user_id),
                (Action.BUTTON, "vote #2 Jeudi", bob_u.user_id),
                (Action.BUTTON, "vote #2 Mardi", alice_u.user_id),
            ]
            events = history(synapse, alice_u.access_token, room_id)
            hints = [
                e["content"]["m.relates_to"]["key"]
                for e in events
                if e["type"] == "m.reaction" and e["sender"] == bot.user_id
            ]
            assert hints == ["✅", "⏸️"]
            start = next(e for e in events if e["event_id"] == poll_id)
            assert start["type"] == "org.matrix.msc3381.poll.start"
            end = next(e for e in events if e["event_id"] == end_id)
            assert end["content"]["m.relates_to"] == ref
    finally:
        for client in (alice, bob):
            await client.close()


@pytest.mark.synapse
async def test_send_threads_replies_and_never_duplicates(
    synapse: SynapseServer, matrix_user: Callable[..., MatrixUser], tmp_path: Path
) -> None:
    bot, alice_u = matrix_user("assemblee"), matrix_user("alice")
    alice = await login_client(synapse, alice_u)
    sink = RecordingSink()
    try:
        async with running(bot_settings(synapse, bot, tmp_path / "bot"), sink) as adapter:
            room_id = await room_with_bot(alice, bot.user_id)

            def out(text: str, **fields: Any) -> Outbound:
                return Outbound(platform=MATRIX, room=RoomId(room_id), text=text, **fields)

            root = await adapter.send(Delivery(key="k-root", outbound=out("Proposition #3")))
            reply = Delivery(
                key="k-reply",
                outbound=out(
                    "Réponse dans le fil",
                    html="<p>Réponse dans le <b>fil</b></p>",
                    thread_key="proposal:3",
                    mentions=(alice_u.user_id,),  # type: ignore[arg-type]
                ),
                thread_root=root,
            )
            first = await adapter.send(reply)
            again = await adapter.send(Delivery(key="k-reply", outbound=reply.outbound, attempt=2))
            assert first == again
            ics = "BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n"
            await adapter.send(
                Delivery(
                    key="k-ics",
                    outbound=out(
                        "Le fichier agenda", attachment_name="reunion-3.ics", attachment=ics
                    ),
                )
            )
            events = [
                e
                for e in history(synapse, alice_u.access_token, room_id)
                if e["type"] == "m.room.message" and e["sender"] == bot.user_id
            ]
            bodies = [e["content"]["body"] for e in events]
            assert bodies == [
                "Proposition #3",
                "Réponse dans le fil",
                "Le fichier agenda",
                "reunion-3.ics",
            ]
            threaded = events[1]["content"]
            assert threaded["m.relates_to"]["rel_type"] == "m.thread"
            assert threaded["m.relates_to"]["event_id"] == root
            assert threaded["m.relates_to"]["is_falling_back"] is True
            assert threaded["formatted_body"] == "<p>Réponse dans le <b>fil</b></p>"
            assert threaded["m.mentions"] == {"user_ids": [alice_u.user_id]}
            file_event = events[3]["content"]
            assert file_event["msgtype"] == "m.file" and file_event["url"].startswith("mxc://")
            assert file_event["info"]["mimetype"] == "text/calendar"

            stranger = await alice.room_create(name="Sans le bot")
            assert isinstance(stranger, RoomCreateResponse)
            with pytest.raises(PermanentDeliveryError):
                await adapter.send(
                    Delivery(
                        key="k-lost",
                        outbound=Outbound(platform=MATRIX, room=RoomId(stranger.room_id), text="x"),
                    )
                )
    finally:
        await alice.close()


@pytest.mark.synapse
async def test_restart_reuses_device_and_skips_what_was_seen(
    synapse: SynapseServer, matrix_user: Callable[..., MatrixUser], tmp_path: Path
) -> None:
    bot, alice_u = matrix_user("assemblee"), matrix_user("alice")
    alice = await login_client(synapse, alice_u)
    # The bot account is already in a room with history before the bot first runs.
    early = await login_client(synapse, bot)
    store = tmp_path / "bot"
    try:
        created = await alice.room_create(name="Avant le bot", invite=[bot.user_id])
        assert isinstance(created, RoomCreateResponse)
        room_id = str(created.room_id)
        await early.join(room_id)
        await send_text(alice, room_id, "!old")
        await early.close()

        sink = RecordingSink()
        async with running(bot_settings(synapse, bot, store), sink) as adapter:
            device = adapter.device_id
            await send_text(alice, room_id, "!one")
            await wait_for(lambda: "!one" in texts(sink), what="!one")
        assert texts(sink) == ["!one"]  # "!old" predates the bot's first start

        # While the bot is down, more happens than one sync response holds (limit 3 here):
        # the adapter fetches the gap and nothing is lost.
        missed = [f"!two {n}" for n in range(8)]
        for line in missed:
            await send_text(alice, room_id, line)
        sink2 = RecordingSink()
        settings2 = bot_settings(synapse, bot, store, sync_timeline_limit=3)
        async with running(settings2, sink2) as adapter2:
            assert adapter2.device_id == device
            await send_text(alice, room_id, "!three")
            await wait_for(lambda: "!three" in texts(sink2), what="!three")
        assert texts(sink2) == [*missed, "!three"]
        devices = synapse.request("GET", "/_matrix/client/v3/devices", token=bot.access_token)
        # The registration device plus one for the adapter, whatever the restarts.
        assert len(devices["devices"]) == 2
        saved = json.loads((store / "matrix-session.json").read_text())
        assert saved["device_id"] == device and saved["sync_token"]
    finally:
        await alice.close()


@pytest.mark.synapse
async def test_rate_limit_becomes_retry_after(
    strict_synapse: SynapseServer, tmp_path: Path
) -> None:
    strict = strict_synapse
    bot, alice_u = strict.register_user(), strict.register_user()
    alice = await login_client(strict, alice_u)
    try:
        async with running(bot_settings(strict, bot, tmp_path / "bot"), RecordingSink()) as adapter:
            room_id = await room_with_bot(alice, bot.user_id)
            with pytest.raises(RetryAfter) as raised:
                for n in range(40):
                    await adapter.send(
                        Delivery(
                            key=f"burst-{n}",
                            outbound=Outbound(platform=MATRIX, room=RoomId(room_id), text=f"n{n}"),
                        )
                    )
            assert 0 < raised.value.delay < 60
    finally:
        await alice.close()


@pytest.mark.synapse
async def test_encrypted_room_round_trip(
    synapse: SynapseServer, matrix_user: Callable[..., MatrixUser], tmp_path: Path
) -> None:
    bot, alice_u = matrix_user("assemblee"), matrix_user("alice")
    alice = await login_client(synapse, alice_u, tmp_path / "alice", e2e=True)
    sink = RecordingSink()
    settings = bot_settings(synapse, bot, tmp_path / "bot", e2e=True)
    try:
        async with running(settings, sink) as adapter:
            encryption = {
                "type": "m.room.encryption",
                "state_key": "",
                "content": {"algorithm": "m.megolm.v1.aes-sha2"},
            }
            room_id = await room_with_bot(alice, bot.user_id, initial_state=[encryption])
            await alice.sync(timeout=0)
            await alice.joined_members(room_id)
            await alice.keys_query()
            response = await alice.room_send(
                room_id,
                "m.room.message",
                {"msgtype": "m.text", "body": "!status #9"},
                ignore_unverified_devices=True,
            )
            assert isinstance(response, RoomSendResponse), response
            raw = next(
                e
                for e in history(synapse, alice_u.access_token, room_id)
                if e["event_id"] == response.event_id
            )
            assert raw["type"] == "m.room.encrypted"  # the server only saw ciphertext
            await wait_for(lambda: "!status #9" in texts(sink), what="the decrypted command")
            command = next(i for i in sink.received if i.text == "!status #9")
            assert command.sender == alice_u.user_id and command.is_admin

            answer = Outbound(
                platform=MATRIX, room=RoomId(room_id), text="Proposition #9 : en cours"
            )
            answer_id = await adapter.send(Delivery(key="enc-1", outbound=answer))
            calendar = Outbound(
                platform=MATRIX,
                room=RoomId(room_id),
                text="Agenda",
                attachment_name="reunion.ics",
                attachment="BEGIN:VCALENDAR\nEND:VCALENDAR\n",
            )
            await adapter.send(Delivery(key="enc-2", outbound=calendar))
            # A message nobody shared the key of: the bot says once that it cannot read it.
            for n in range(2):
                synapse.request(
                    "PUT",
                    f"/_matrix/client/v3/rooms/{room_path(room_id)}/send/m.room.encrypted/bogus{n}",
                    {
                        "algorithm": "m.megolm.v1.aes-sha2",
                        "ciphertext": "AwgAEnB" + "A" * 40 + str(n),
                        "device_id": "NOPE",
                        "sender_key": "c2VuZGVyX2tleV90aGF0X2RvZXNfbm90X2V4aXN0",
                        "session_id": "c2Vzc2lvbl90aGF0X2RvZXNfbm90X2V4aXN0" + str(n),
                    },
                    token=alice_u.access_token,
                )
            await send_text_encrypted(alice, room_id, "!fin")
            await wait_for(lambda: "!fin" in texts(sink), what="the sentinel")

            seen: dict[str, str] = {}
            files: list[RoomEncryptedFile] = []
            for _ in range(40):
                sync = await alice.sync(
                    timeout=500, sync_filter={"room": {"timeline": {"limit": 50}}}
                )
                assert isinstance(sync, SyncResponse)
                joined = sync.rooms.join.get(room_id)
                for event in joined.timeline.events if joined else []:
                    if isinstance(event, RoomMessageFormatted) and event.sender == bot.user_id:
                        seen[event.event_id] = event.body
                    if isinstance(event, RoomEncryptedFile) and event.sender == bot.user_id:
                        files.append(event)
                if answer_id in seen and len(seen) >= 3 and files:
                    break
            assert seen[answer_id] == "Proposition #9 : en cours"
            # The calendar file went up encrypted, with its key in the encrypted event.
            assert [f.body for f in files] == ["reunion.ics"]
            assert files[0].url.startswith("mxc://") and files[0].key
            notices = [b for b in seen.values() if b == translate("matrix.cannot_decrypt", "fr")]
            assert len(notices) == 1
            wire = {e["event_id"]: e for e in history(synapse, alice_u.access_token, room_id)}
            assert wire[answer_id]["type"] == "m.room.encrypted"
            assert not any(isinstance(i, MegolmEvent) for i in sink.received)
    finally:
        await alice.close()


async def send_text_encrypted(client: AsyncClient, room_id: str, body: str) -> None:
    response = await client.room_send(
        room_id,
        "m.room.message",
        {"msgtype": "m.text", "body": body},
        ignore_unverified_devices=True,
    )
    assert isinstance(response, RoomSendResponse), response


@pytest.mark.synapse
async def test_access_token_login_and_room_v12_creators(
    synapse: SynapseServer, matrix_user: Callable[..., MatrixUser], tmp_path: Path
) -> None:
    bot, alice_u, bob_u = (matrix_user(n) for n in ("assemblee", "alice", "bob"))
    alice = await login_client(synapse, alice_u)
    bob = await login_client(synapse, bob_u)
    token_only = bot_settings(
        synapse, bot, tmp_path / "bot", password=None, access_token=bot.access_token
    )
    try:
        async with running(token_only, RecordingSink()) as adapter:
            assert adapter.device_id == bot.device_id  # the token's own device, no new one
            # Room version 12: the creator has top power without being in the power levels.
            room_id = await room_with_bot(alice, bot.user_id, members=(bob,), room_version="12")
            levels = synapse.request(
                "GET",
                f"/_matrix/client/v3/rooms/{room_path(room_id)}/state/m.room.power_levels/",
                token=alice_u.access_token,
            )
            assert alice_u.user_id not in levels.get("users", {})
            assert await adapter.is_room_admin(room_id, alice_u.user_id)
            assert not await adapter.is_room_admin(room_id, bob_u.user_id)
        wrong = bot_settings(synapse, bot, tmp_path / "other", password=None, access_token="nope")
        with pytest.raises(MatrixLoginError):
            await MatrixAdapter(wrong).start(RecordingSink())
    finally:
        for client in (alice, bob):
            await client.close()


def bot_notices(synapse: SynapseServer, token: str, room_id: str, bot_id: str) -> list[dict[str, Any]]:
    return [
        e for e in history(synapse, token, room_id)
        if e["sender"] == bot_id and e["type"] == "m.room.message"
    ]


def both_languages(key: str, bot_id: str) -> str:
    return "\n\n".join(translate(key, lang, bot=bot_id) for lang in ("fr", "en"))


@pytest.mark.synapse
async def test_a_direct_chat_is_no_assembly_and_answers_with_a_notice(
    synapse: SynapseServer, matrix_user: Callable[..., MatrixUser], tmp_path: Path
) -> None:
    bot, alice_u = matrix_user("assemblee"), matrix_user("alice")
    alice = await login_client(synapse, alice_u)
    store = tmp_path / "bot"
    sink = RecordingSink()
    try:
        async with running(bot_settings(synapse, bot, store), sink):
            # "Start a direct chat" in a client: a room created with is_direct, the bot invited
            created = await alice.room_create(is_direct=True, invite=[bot.user_id])
            assert isinstance(created, RoomCreateResponse), created
            direct = str(created.room_id)
            welcome = both_languages("matrix.direct_welcome", bot.user_id)

            def said() -> list[str]:
                return [e["content"]["body"] for e in bot_notices(synapse, alice_u.access_token, direct, bot.user_id)]

            await wait_for(lambda: said() == [welcome], what="the welcome of the direct chat")
            assert "/invite " + bot.user_id in welcome and "!rejoindre" in welcome and "!join" in welcome
            proposal = await send_text(alice, direct, "!proposer Jardin partagé")
            await send_text(alice, direct, "bonjour")  # no command: no answer
            await send_text(alice, direct, "!aide")
            await send_text(alice, direct, "!help proposer")
            await wait_for(lambda: len(said()) == 4, what="three answers")
            notice = both_languages("matrix.direct_chat", bot.user_id)
            answers = bot_notices(synapse, alice_u.access_token, direct, bot.user_id)[1:]
            assert [a["content"]["body"] for a in answers] == [
                notice, help_text("", "fr"), help_text("proposer", "en")
            ]
            assert answers[0]["content"]["msgtype"] == "m.notice"
            assert answers[0]["content"]["m.relates_to"]["m.in_reply_to"]["event_id"] == proposal
            # an ordinary room next to it is an assembly as always
            room_id = await room_with_bot(alice, bot.user_id)
            await send_text(alice, room_id, "!status #1")
            await wait_for(lambda: "!status #1" in texts(sink), what="the command of the room")
        assert sink.received and all(i.room == room_id for i in sink.received)
        saved = json.loads((store / "matrix-session.json").read_text())
        assert saved["direct_rooms"] == {direct: True}

        # After a restart the room is still a direct chat, and the welcome is not said again.
        sink2 = RecordingSink()
        async with running(bot_settings(synapse, bot, store), sink2):
            await send_text(alice, direct, "!etat #1")
            await send_text(alice, room_id, "!status #2")
            await wait_for(lambda: "!status #2" in texts(sink2), what="the room's next command")
            await wait_for(lambda: len(said()) == 5, what="the notice after the restart")
        assert said()[-1] == notice and said().count(welcome) == 1
        assert all(i.room == room_id for i in sink2.received)
    finally:
        await alice.close()


@pytest.mark.synapse
async def test_a_failed_join_is_tried_again_then_given_up(
    synapse: SynapseServer,
    matrix_user: Callable[..., MatrixUser],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(matrix_adapter, "_JOIN_RETRY_DELAYS", (0.2, 0.4, 0.2, 0.2, 0.2))
    bot, alice_u = matrix_user("assemblee"), matrix_user("alice")
    alice = await login_client(synapse, alice_u)
    sink = RecordingSink()
    settings = bot_settings(synapse, bot, tmp_path / "bot", sync_timeout_ms=200)
    try:
        with capture_logs() as logs:
            async with running(settings, sink) as adapter:
                client = adapter._client
                assert client is not None
                join = client.join
                tries: dict[str, int] = {}
                failing: dict[str, int] = {}

                async def flaky_join(room_id: str) -> Any:
                    """The homeserver refuses the first joins: a join of a room that does not
                    exist stands for it (the same answer Synapse gives a join it refuses)."""
                    tries[room_id] = tries.get(room_id, 0) + 1
                    if tries[room_id] <= failing.get(room_id, 0):
                        return await join(f"!no-such-room:{synapse.server_name}")
                    return await join(room_id)

                client.join = flaky_join
                # Two refusals, then the third try joins: the room is an assembly as usual.
                created = await alice.room_create(name="Essai", invite=[])
                assert isinstance(created, RoomCreateResponse)
                room_id = str(created.room_id)
                failing[room_id] = 2
                await alice.room_invite(room_id, bot.user_id)
                await wait_for(
                    lambda: any(i.room == room_id and i.action is Action.MEMBER_JOINED for i in sink.received),
                    what="the join on the third try",
                )
                assert tries[room_id] == 3
                # Refused every time: 1 + 5 tries, then given up with a clear log line.
                created = await alice.room_create(name="Refus", invite=[])
                assert isinstance(created, RoomCreateResponse)
                refused = str(created.room_id)
                failing[refused] = 99
                await alice.room_invite(refused, bot.user_id)
                await wait_for(
                    lambda: any(e["event"] == "matrix.join_given_up" for e in logs), timeout=30,
                    what="the join given up",
                )
                await asyncio.sleep(1.0)  # nothing more is tried
                assert tries[refused] == 6
                # A withdrawn invite is not tried again.
                created = await alice.room_create(name="Retirée", invite=[])
                assert isinstance(created, RoomCreateResponse)
                withdrawn = str(created.room_id)
                failing[withdrawn] = 99
                monkeypatch.setattr(matrix_adapter, "_JOIN_RETRY_DELAYS", (3.0,) * 5)
                await alice.room_invite(withdrawn, bot.user_id)
                await wait_for(lambda: tries.get(withdrawn) == 1, what="the first try")
                await alice.room_kick(withdrawn, bot.user_id)
                await wait_for(
                    lambda: any(e["event"] == "matrix.invite_withdrawn" for e in logs),
                    what="the invite withdrawn",
                )
                await asyncio.sleep(3.5)
                assert tries[withdrawn] == 1
        failed = [e for e in logs if e["event"] == "matrix.join_failed" and e.get("room") == refused]
        assert [e["retry_in"] for e in failed] == [0.2, 0.4, 0.2, 0.2, 0.2]
        given_up = [e for e in logs if e["event"] == "matrix.join_given_up"]
        assert len(given_up) == 1 and given_up[0]["room"] == refused and given_up[0]["tries"] == 6
        bot_member = synapse.request(
            "GET", f"/_matrix/client/v3/rooms/{room_path(refused)}/state/m.room.member/"
            f"{urllib.parse.quote(bot.user_id)}", token=alice_u.access_token)
        assert bot_member["membership"] == "invite"  # still pending: the next start tries again
    finally:
        await alice.close()


def test_open_inviters_are_warned_of_at_start(tmp_path: Path) -> None:
    """With allowed_inviters empty, start-up says who may invite the bot (before connecting)."""
    async def run(settings: MatrixSettings) -> list[dict[str, Any]]:
        adapter = MatrixAdapter(settings)
        with capture_logs() as logs:
            await adapter.start(RecordingSink())
            await adapter.stop()
        return logs

    base = {"homeserver": "http://127.0.0.1:9", "user_id": BOT, "password": "x",
            "store_path": tmp_path, "e2e": False}
    logs = asyncio.run(run(MatrixSettings(**base)))
    [warning] = [e for e in logs if e["event"] == "matrix.inviters_open"]
    assert warning["log_level"] == "warning" and warning["allowed"] == ("@*:example.org",)
    assert "allowed_inviters" in warning["hint"] and "example.org" in warning["hint"]
    logs = asyncio.run(run(MatrixSettings(**base, allowed_inviters="@ana:example.org")))
    assert not [e for e in logs if e["event"] == "matrix.inviters_open"]


@pytest.mark.synapse
async def test_direct_chats_joined_before_are_told_apart_by_the_bots_join(
    synapse: SynapseServer, matrix_user: Callable[..., MatrixUser], tmp_path: Path
) -> None:
    """A direct chat the bot joined before it told them apart: its join replaced a direct
    invite, and it shares the room with one person; with more people, it stays an assembly."""
    bot, alice_u, bob_u = matrix_user("assemblee"), matrix_user("alice"), matrix_user("bob")
    alice = await login_client(synapse, alice_u)
    bob = await login_client(synapse, bob_u)
    early = await login_client(synapse, bot)
    try:
        rooms = []
        for with_bob in (False, True):
            created = await alice.room_create(is_direct=True, invite=[bot.user_id])
            assert isinstance(created, RoomCreateResponse), created
            rooms.append(str(created.room_id))
            await early.join(created.room_id)
            if with_bob:
                await alice.room_invite(created.room_id, bob_u.user_id)
                await bob.join(created.room_id)
        await early.close()
        direct, grown = rooms
        sink = RecordingSink()
        async with running(bot_settings(synapse, bot, tmp_path / "bot"), sink):
            welcome = both_languages("matrix.direct_welcome", bot.user_id)

            def said() -> list[str]:
                return [e["content"]["body"] for e in bot_notices(synapse, alice_u.access_token, direct, bot.user_id)]

            await wait_for(lambda: said() == [welcome], what="the welcome")
            await send_text(alice, direct, "!etat")
            await send_text(alice, grown, "!status")
            await wait_for(lambda: "!status" in texts(sink), what="the assembly's command")
            await wait_for(lambda: len(said()) == 2, what="the notice")
        assert said()[1] == both_languages("matrix.direct_chat", bot.user_id)
        assert {i.room for i in sink.received} == {grown}
        assert not bot_notices(synapse, alice_u.access_token, grown, bot.user_id)
    finally:
        await alice.close()
        await bob.close()


@pytest.mark.synapse
async def test_a_room_is_told_apart_once_and_a_direct_chat_someone_joins_is_an_assembly(
    synapse: SynapseServer, matrix_user: Callable[..., MatrixUser], tmp_path: Path
) -> None:
    """An assembly started from a direct invite is never taken for a direct chat at a restart,
    even when all but one person left; a direct chat a second person joins is an assembly."""
    bot, alice_u, bob_u, carol_u = (matrix_user(n) for n in ("assemblee", "alice", "bob", "carol"))
    alice = await login_client(synapse, alice_u)
    bob = await login_client(synapse, bob_u)
    carol = await login_client(synapse, carol_u)
    early = await login_client(synapse, bot)
    store = tmp_path / "bot"
    try:
        # an assembly the bot joined from a direct invite, before it told direct chats apart
        created = await alice.room_create(is_direct=True, invite=[bot.user_id])
        assert isinstance(created, RoomCreateResponse), created
        assembly = str(created.room_id)
        await early.join(assembly)
        await early.close()
        for member in (bob, carol):
            await alice.room_invite(assembly, member.user_id)
            await member.join(assembly)
        notice = both_languages("matrix.direct_chat", bot.user_id)
        welcome = both_languages("matrix.direct_welcome", bot.user_id)
        sink = RecordingSink()
        async with running(bot_settings(synapse, bot, store), sink):
            await send_text(alice, assembly, "!status #1")
            await wait_for(lambda: "!status #1" in texts(sink), what="the assembly's command")
            # a direct chat today: the welcome, then the notice
            created = await alice.room_create(is_direct=True, invite=[bot.user_id])
            assert isinstance(created, RoomCreateResponse), created
            direct = str(created.room_id)

            def said() -> list[str]:
                return [e["content"]["body"] for e in bot_notices(synapse, alice_u.access_token, direct, bot.user_id)]

            await wait_for(lambda: said() == [welcome], what="the welcome")
            await send_text(alice, direct, "!etat #1")
            await wait_for(lambda: said() == [welcome, notice], what="the notice")
            # bob joins: from his join on, the room is an assembly, and nothing special is said
            await alice.room_invite(direct, bob_u.user_id)
            await bob.join(direct)
            await send_text(alice, direct, "!status #2")
            await wait_for(lambda: "!status #2" in texts(sink), what="the grown room's command")
            in_direct = [i for i in sink.received if i.room == direct]
            assert [(i.action, i.sender) for i in in_direct if i.action is Action.MEMBER_JOINED] == [
                (Action.MEMBER_JOINED, alice_u.user_id), (Action.MEMBER_JOINED, bob_u.user_id)
            ]
            assert [i.text for i in in_direct if i.action is Action.TEXT] == ["!status #2"]
        saved = json.loads((store / "matrix-session.json").read_text())
        assert saved["direct_rooms"] == {}
        assert set(saved["classified_rooms"]) == {assembly, direct}
        assert said() == [welcome, notice]

        # everyone but alice leaves both rooms; after a restart both are still assemblies
        for member, room in ((bob, assembly), (carol, assembly), (bob, direct)):
            await member.room_leave(room)
        sink2 = RecordingSink()
        async with running(bot_settings(synapse, bot, store), sink2):
            await send_text(alice, assembly, "!status #3")
            await send_text(alice, direct, "!status #4")
            await wait_for(
                lambda: {"!status #3", "!status #4"} <= set(texts(sink2)), what="both commands"
            )
        assert not bot_notices(synapse, alice_u.access_token, assembly, bot.user_id)
        assert said() == [welcome, notice]
        assert json.loads((store / "matrix-session.json").read_text())["direct_rooms"] == {}
    finally:
        for client in (alice, bob, carol):
            await client.close()


@pytest.mark.synapse
async def test_an_edit_whose_original_cannot_be_read_is_dropped_without_stalling(
    synapse: SynapseServer, matrix_user: Callable[..., MatrixUser], tmp_path: Path
) -> None:
    bot, alice_u, bob_u = (matrix_user(n) for n in ("assemblee", "alice", "bob"))
    alice = await login_client(synapse, alice_u)
    bob = await login_client(synapse, bob_u)
    sink = RecordingSink()
    try:
        with capture_logs() as logs:
            async with running(bot_settings(synapse, bot, tmp_path / "bot", sync_timeout_ms=200), sink) as adapter:
                room_id = await room_with_bot(alice, bot.user_id, members=(bob,))
                other = await room_with_bot(alice, bot.user_id)
                client = adapter._client
                assert client is not None
                get_event = client.room_get_event
                unreadable: dict[str, BaseException | None] = {}
                tries: dict[str, int] = {}

                async def failing_get_event(room: str, event_id: str) -> Any:
                    """The homeserver keeps failing to give back some messages."""
                    if event_id in unreadable:
                        tries[event_id] = tries.get(event_id, 0) + 1
                        error = unreadable[event_id]
                        if error is not None:
                            raise error
                        return RoomGetEventError("unavailable", "M_UNKNOWN")
                    return await get_event(room, event_id)

                client.room_get_event = failing_get_event
                first = await send_text(bob, room_id, "!statut #1")
                second = await send_text(bob, room_id, "!statut #2")
                unreadable[first] = None
                unreadable[second] = ClientError("connection reset")

                def edit_of(original: str, text: str) -> dict[str, Any]:
                    return {
                        "m.new_content": {"msgtype": "m.text", "body": text},
                        "m.relates_to": {"rel_type": "m.replace", "event_id": original},
                    }

                await send_text(bob, room_id, "* !status #1", **edit_of(first, "!status #1"))
                await send_text(bob, room_id, "* !status #2", **edit_of(second, "!status #2"))
                await send_text(bob, room_id, "!status #3")
                await send_text(alice, other, "!status #4")
                await wait_for(
                    lambda: {"!status #3", "!status #4"} <= set(texts(sink)), what="the next commands"
                )
                await asyncio.sleep(0.5)  # later syncs do not try them again
        assert texts(sink) == ["!statut #1", "!statut #2", "!status #3", "!status #4"]
        assert tries == {first: 1, second: 1}
        dropped = [e for e in logs if e["event"] == "matrix.edit_original_unreadable"]
        assert [e["edits"] for e in dropped] == [first, second]
        assert not [e for e in logs if e["event"] == "matrix.sync_failed"]
    finally:
        for client in (alice, bob):
            await client.close()
