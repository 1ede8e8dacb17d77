"""POST /slash/<name>: Mattermost and Slack slash commands over real HTTP."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from webhook_harness import SLACK_SECRET, SLASH_TOKEN, WebhookHarness, slack_sign

from core.messages import Button, Outbound, Platform, RoomId

WEBHOOK = Platform("webhook")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def form(**overrides: str) -> dict[str, str]:
    fields = {
        "token": SLASH_TOKEN,
        "team_id": "team1",
        "channel_id": "chan42",
        "channel_name": "assemblee-quartier",
        "user_id": "user7",
        "user_name": "alice",
        "command": "/assemblee",
        "text": "propose Jardin partagé",
        "trigger_id": "trig-1",
        "response_url": "https://chat.example.org/hooks/commands/xyz",
    }
    fields.update(overrides)
    return fields


def bot(text: str, **extra: Any) -> Outbound:
    return Outbound(platform=WEBHOOK, room=RoomId("mattermost/slash:chan42"), text=text, **extra)


async def slash(
    hook: WebhookHarness, fields: dict[str, str], name: str = "mattermost"
) -> tuple[int, Any]:
    return await hook.post(f"/slash/{name}", urlencode(fields).encode(), FORM)


async def test_slash_command_reaches_the_core(hook: WebhookHarness) -> None:
    hook.sink.replies = [
        bot("Proposition #1 ouverte"),
        bot("Tour #1", buttons=(Button("ok", "consent #1"), Button("non", "object #1", True))),
    ]
    status, body = await slash(hook, form())
    assert status == 200
    assert body["response_type"] == "in_channel"
    assert body["text"].startswith("Proposition #1 ouverte\n\nTour #1\n")
    assert "`/assemblee consent #1`" in body["text"]
    assert "`/assemblee object #1 <raison>`" in body["text"]
    [inbound] = hook.sink.received
    assert inbound.platform == "webhook"
    assert inbound.text == "!propose Jardin partagé"
    assert inbound.room == "mattermost/slash:chan42"
    assert inbound.sender == "webhook:mattermost/slash:user7"
    assert inbound.event_id == "mattermost/slash:trig-1"
    assert inbound.display_name == "alice"


async def test_slash_replies_show_the_user_name(hook: WebhookHarness) -> None:
    hook.sink.replies = [bot("Bienvenue mattermost/slash:user7 !")]
    status, body = await slash(hook, form(text="join"))
    assert status == 200
    assert body["text"] == "Bienvenue alice !"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("!propose x", "!propose x"),
        ("  propose x", "!propose x"),
        ("/propose x", "!propose x"),
        ("", "!help"),
        ("aide", "!aide"),
        ("propose Titre\nLe texte", "!propose Titre\nLe texte"),
    ],
)
async def test_command_text_with_or_without_bang(
    hook: WebhookHarness, text: str, line: str
) -> None:
    await slash(hook, form(text=text))
    assert hook.sink.received[0].text == line


async def test_no_reply_is_an_ephemeral_ack(hook: WebhookHarness) -> None:
    status, body = await slash(hook, form())
    assert (status, body) == (200, {"response_type": "ephemeral", "text": "C'est noté."})


@pytest.mark.parametrize(
    "token", ["wrong-token-0123456789", "", SLASH_TOKEN[:-1], SLASH_TOKEN + "x"]
)
async def test_wrong_token_is_401(hook: WebhookHarness, token: str) -> None:
    status, _ = await slash(hook, form(token=token))
    assert status == 401
    assert hook.sink.received == []


async def test_missing_token_is_401(hook: WebhookHarness) -> None:
    fields = form()
    del fields["token"]
    status, _ = await slash(hook, fields)
    assert status == 401
    assert hook.sink.received == []


async def test_malformed_form_from_a_stranger_is_401(hook: WebhookHarness) -> None:
    status, _ = await hook.post("/slash/mattermost", b"\xff\xfe garbage", FORM)
    assert status == 401
    status, _ = await slash(hook, form(token="nope", channel_id=""))
    assert status == 401


async def test_malformed_form_with_the_token_is_400(hook: WebhookHarness) -> None:
    status, _ = await slash(hook, form(channel_id=""))
    assert status == 400
    status, _ = await hook.post(
        "/slash/mattermost", (urlencode(form()) + "&text=again").encode(), FORM
    )
    assert status == 400
    assert hook.sink.received == []


async def test_integration_without_slash_settings_is_404(hook: WebhookHarness) -> None:
    assert (await slash(hook, form(), name="silent"))[0] == 404
    assert (await slash(hook, form(), name="nobody"))[0] == 404


async def test_trigger_id_deduplicates(hook: WebhookHarness) -> None:
    await slash(hook, form())
    status, body = await slash(hook, form())
    assert status == 200 and body["response_type"] == "ephemeral"
    assert "déjà reçu" in body["text"]
    await slash(hook, form(trigger_id="trig-2"))
    assert [i.event_id for i in hook.sink.received] == [
        "mattermost/slash:trig-1",
        "mattermost/slash:trig-2",
    ]


async def test_without_trigger_id_the_same_command_in_the_same_minute_is_one(
    hook: WebhookHarness,
) -> None:
    await slash(hook, form(trigger_id="", text="consent #3"))
    await slash(hook, form(trigger_id="", text="consent #3"))
    await slash(hook, form(trigger_id="", text="consent #4"))
    await slash(hook, form(trigger_id="", text="consent #3", user_id="user8"))
    texts = [(i.sender, i.text) for i in hook.sink.received]
    assert texts == [
        ("webhook:mattermost/slash:user7", "!consent #3"),
        ("webhook:mattermost/slash:user7", "!consent #4"),
        ("webhook:mattermost/slash:user8", "!consent #3"),
    ]
    assert all(i.event_id.startswith("mattermost/slash:h:") for i in hook.sink.received)


async def test_slow_processing_says_the_answer_will_follow(hook: WebhookHarness) -> None:
    hook.sink.delay = 5.0
    status, body = await slash(hook, form())
    assert status == 200
    assert body == {
        "response_type": "ephemeral",
        "text": "Bien reçu, la réponse arrive dans un instant.",
    }


async def test_slack_signature(hook: WebhookHarness) -> None:
    fields = form(token="")
    raw = urlencode(fields).encode()
    hook.sink.replies = [bot("Proposal #1 opened")]
    status, body = await hook.post("/slash/slack", raw, slack_sign(SLACK_SECRET, raw))
    assert status == 200 and body == {"response_type": "in_channel", "text": "Proposal #1 opened"}
    assert hook.sink.received[0].room == "slack/slash:chan42"
    # wrong secret, tampered body, stale timestamp, no signature at all
    assert (await hook.post("/slash/slack", raw, slack_sign("x" * 32, raw)))[0] == 401
    assert (await hook.post("/slash/slack", raw + b"&x=1", slack_sign(SLACK_SECRET, raw)))[0] == 401
    stale = slack_sign(SLACK_SECRET, raw, timestamp=1_000_000_000)
    assert (await hook.post("/slash/slack", raw, stale))[0] == 401
    assert (await hook.post("/slash/slack", raw, FORM))[0] == 401
    assert len(hook.sink.received) == 1


async def test_oversized_form_is_413(hook: WebhookHarness) -> None:
    status, _ = await slash(hook, form(text="x" * 1_000_000))
    assert status == 413
    assert hook.sink.received == []


def test_catalogs_match_between_languages() -> None:
    from babel.messages.pofile import read_po

    from core.i18n import _LOCALE_DIR, placeholders

    def load(lang: str) -> dict[str, str]:
        with (_LOCALE_DIR / lang / "webhook.po").open("rb") as handle:
            return {m.id: m.string for m in read_po(handle) if m.id}

    fr, en = load("fr"), load("en")
    assert set(fr) == set(en) and fr
    for key in fr:
        assert fr[key] and en[key], key
        assert placeholders(fr[key]) == placeholders(en[key]), key


def test_poll_and_file_as_slash_text() -> None:
    from adapters.webhook.slash_text import slash_text

    poll = bot("Sondage #2", poll_options=("Mardi", "Jeudi"))
    assert slash_text(poll, "/assemblee", "en") == "Sondage #2\n1. Mardi\n2. Jeudi"
    ics = bot("Réunion #2", attachment_name="meeting-2.ics", attachment="BEGIN:VCALENDAR\n")
    assert (
        slash_text(ics, "/assemblee", "fr")
        == "Réunion #2\nmeeting-2.ics\n```\nBEGIN:VCALENDAR\n```"
    )
    huge = bot("Réunion #2", attachment_name="m.ics", attachment="x" * 5000)
    assert slash_text(huge, "/a", "fr").endswith(
        "Le fichier m.ics est trop long pour être affiché ici."
    )


def test_typed_commands_are_shown_with_the_slash_command() -> None:
    from adapters.webhook.slash_text import slash_text

    text = bot("Tapez !aide pour commencer, puis !question #1. Bravo !")
    assert slash_text(text, "/assemblee", "fr") == (
        "Tapez /assemblee aide pour commencer, puis /assemblee question #1. Bravo !"
    )


def test_hints_follow_the_room_language() -> None:
    from adapters.webhook.slash_text import slash_text

    prompt = bot("Round #1", buttons=(Button("no", "object #1", True),), extra={"lang": "en"})
    assert slash_text(prompt, "/assemblee", "fr").endswith(
        "To answer, type: `/assemblee object #1 <reason>`"
    )


def test_usernames_typed_in_a_slash_command_become_the_members_they_name() -> None:
    from adapters.webhook import WebhookAdapter, WebhookSettings
    from core.messages import UserId

    adapter = WebhookAdapter(WebhookSettings.model_validate(
        {"integrations": {"quartier": {"secret": "s3cret-for-tests-0123456789abcdef", "slash_token": SLASH_TOKEN}}}))
    adapter.names.remember(UserId("webhook:quartier/slash:U2"), "bob.martin")
    adapter.names.remember(UserId("webhook:quartier/slash:U3"), "lou")
    adapter.names.remember(UserId("webhook:quartier/slash:U4"), "Lou")  # two people go by "lou"
    adapter.names.remember(UserId("webhook:autre/slash:U5"), "sam")  # another integration's
    adapter.names.remember(UserId("webhook:quartier:sam"), "sam")  # the JSON webhook's, not the chat's
    as_ids = adapter._mentions_as_ids
    assert as_ids("!role @Bob.Martin catalyseur", "quartier") == "!role @webhook:quartier/slash:U2 catalyseur"
    assert as_ids("!noter #3 @bob.martin, ok", "quartier") == "!noter #3 @webhook:quartier/slash:U2, ok"
    assert as_ids("!role @lou catalyseur", "quartier") == "!role @lou catalyseur"  # ambiguous: as typed
    assert as_ids("!role @sam catalyseur", "quartier") == "!role @sam catalyseur"
    for untouched in ("!question #1 bob.martin@example.org ?", "!role @quartier:carol animation", "!etat"):
        assert as_ids(untouched, "quartier") == untouched
