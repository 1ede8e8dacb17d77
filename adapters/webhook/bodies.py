"""What the webhook endpoints accept and answer (pydantic at the edge)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qs

from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator, model_validator

from adapters.webhook.identity import native_sender
from core.messages import Outbound

MAX_BODY_BYTES = 64 * 1024
MAX_TEXT_BYTES = 16 * 1024
_ID_PATTERN = r"^[^\x00-\x1f\x7f]+$"

Identifier = Annotated[str, StringConstraints(min_length=1, max_length=255, pattern=_ID_PATTERN)]


def _utf8_size(value: str) -> int:
    try:
        return len(value.encode("utf-8"))
    except UnicodeEncodeError:  # lone surrogates: not text anyone typed
        raise ValueError("text is not valid Unicode") from None


class _Strings(BaseModel):
    @model_validator(mode="after")
    def _valid_unicode(self) -> _Strings:
        for value in self.__dict__.values():
            if isinstance(value, str):
                _utf8_size(value)
        return self


class WebhookMessage(_Strings):
    """Body of `POST /webhook/<name>`: one chat message from the other system."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    room: Identifier
    sender: Identifier
    text: str
    event_id: Identifier
    display_name: Annotated[str, StringConstraints(max_length=100, pattern=_ID_PATTERN)] | None = (
        None
    )

    @field_validator("text")
    @classmethod
    def _text_size(cls, value: str) -> str:
        if _utf8_size(value) > MAX_TEXT_BYTES:
            raise ValueError(f"text longer than {MAX_TEXT_BYTES} bytes")
        return value


class SlashRequest(_Strings):
    """The form a Mattermost / Slack slash command posts."""

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)

    token: str = ""
    channel_id: Identifier
    channel_name: str = ""
    user_id: Identifier
    user_name: str = ""
    command: str = ""
    text: str = ""
    trigger_id: str = ""
    response_url: str = ""

    @field_validator("text")
    @classmethod
    def _text_size(cls, value: str) -> str:
        if _utf8_size(value) > MAX_TEXT_BYTES:
            raise ValueError(f"text longer than {MAX_TEXT_BYTES} bytes")
        return value

    @field_validator("trigger_id", "channel_name", "user_name", "command")
    @classmethod
    def _short(cls, value: str) -> str:
        if len(value) > 255 or any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
            raise ValueError("malformed field")
        return value

    @classmethod
    def from_form(cls, body: bytes) -> SlashRequest:
        """Decode `application/x-www-form-urlencoded`; a repeated field is malformed."""
        fields = parse_qs(
            body.decode("utf-8"), keep_blank_values=True, strict_parsing=False, max_num_fields=64
        )
        single: dict[str, str] = {}
        for key, values in fields.items():
            if len(values) != 1:
                raise ValueError(f"field {key!r} given {len(values)} times")
            single[key] = values[0]
        return cls.model_validate(single)

    def command_line(self) -> str:
        """'/assemblee propose x' arrives as text 'propose x' (or '!propose x')."""
        line = self.text.strip().lstrip("!/").lstrip()
        return "!" + (line or "help")


def reply_json(outbound: Outbound, integration: str) -> dict[str, Any]:
    """One bot message as the JSON integrations receive it."""
    body: dict[str, Any] = {
        "text": outbound.text,
        "html": outbound.html,
        "kind": outbound.kind.value,
        "thread_key": outbound.thread_key,
        "mentions": [
            sender
            for sender in (native_sender(integration, user) for user in outbound.mentions)
            if sender is not None
        ],
        "buttons": [
            {"label": b.label, "payload": b.payload, "needs_reason": b.needs_reason}
            for b in outbound.buttons
        ],
        "poll_options": list(outbound.poll_options),
        "lang": outbound.extra.get("lang"),
    }
    if outbound.attachment is not None:
        body["attachment"] = {
            "name": outbound.attachment_name or "assemblee.txt",
            "content": outbound.attachment,
        }
    return body
