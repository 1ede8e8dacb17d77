"""A fake Telegram Bot API server for integration tests.

A real aiohttp server on 127.0.0.1 that answers `POST /bot<token>/<method>` like Telegram
does (`{"ok": true, "result": …}` or `{"ok": false, "error_code": …, "description": …}`),
for the methods the adapter uses. Every request is checked against the documented
parameters of its method: required parameters present, types, lengths, unknown parameters
rejected, inline keyboards (`callback_data` ≤ 64 bytes), Telegram's HTML subset, forum
topics that exist, callback queries answered once. Requests that fail a check are answered
400 like Telegram and also recorded in `rejected`, so a test can assert there were none.

Written from the public Bot API documentation; it does not try to be complete, only strict
about what it accepts.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

UPDATE_TYPES = {
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "business_connection",
    "business_message",
    "edited_business_message",
    "deleted_business_messages",
    "message_reaction",
    "message_reaction_count",
    "inline_query",
    "chosen_inline_result",
    "callback_query",
    "shipping_query",
    "pre_checkout_query",
    "purchased_paid_media",
    "poll",
    "poll_answer",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
    "chat_boost",
    "removed_chat_boost",
}
SCOPE_TYPES = {
    "default",
    "all_private_chats",
    "all_group_chats",
    "all_chat_administrators",
    "chat",
    "chat_administrators",
    "chat_member",
}
PARSE_MODES = {"HTML", "MarkdownV2", "Markdown"}
BUTTON_ACTIONS = {
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
}
HTML_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "tg-emoji",
    "code",
    "pre",
    "blockquote",
}
_TAG_RE = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:=\"[^\"<>]*\"|='[^'<>]*')?)*)\s*>"
)
_ATTR_RE = re.compile(r"([a-zA-Z-]+)(?:=\"([^\"]*)\"|='([^']*)')?")
_ENTITY_RE = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_LANG_RE = re.compile(r"^[a-z]{2}$")


class BadRequest(Exception):
    def __init__(self, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.description = description
        self.status = status


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_telegram_html(text: str) -> str:
    """Visible text of an HTML-formatted message, or BadRequest like Telegram's parser."""
    out: list[str] = []
    stack: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char == "<":
            match = _TAG_RE.match(text, position)
            if match is None:
                raise BadRequest(
                    f"Bad Request: can't parse entities: unexpected '<' at byte offset {position}"
                )
            closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
            if name not in HTML_TAGS:
                raise BadRequest(
                    f'Bad Request: can\'t parse entities: Unsupported start tag "{name}"'
                )
            if closing:
                if not stack or stack[-1] != name:
                    raise BadRequest(
                        f'Bad Request: can\'t parse entities: Unexpected end tag "{name}"'
                    )
                stack.pop()
            else:
                attrs = {
                    m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
                    for m in _ATTR_RE.finditer(attributes)
                }
                _check_tag_attributes(name, attrs)
                stack.append(name)
            position = match.end()
        elif char == "&":
            match = _ENTITY_RE.match(text, position)
            if match is None:
                raise BadRequest("Bad Request: can't parse entities: unsupported HTML entity")
            entity = match.group(1)
            if entity.startswith("#x"):
                out.append(chr(int("0" + entity[1:], 0)))
            elif entity.startswith("#"):
                out.append(chr(int(entity[1:])))
            else:
                out.append(_NAMED[entity])
            position = match.end()
        elif char == ">":
            raise BadRequest("Bad Request: can't parse entities: unescaped '>'")
        else:
            out.append(char)
            position += 1
    if stack:
        raise BadRequest(f'Bad Request: can\'t parse entities: unclosed start tag "{stack[-1]}"')
    return "".join(out)


def _check_tag_attributes(name: str, attrs: dict[str, str | None]) -> None:
    allowed: dict[str, set[str]] = {
        "a": {"href"},
        "span": {"class"},
        "tg-emoji": {"emoji-id"},
        "code": {"class"},
        "blockquote": {"expandable"},
    }
    unknown = set(attrs) - allowed.get(name, set())
    if unknown:
        raise BadRequest(f"Bad Request: can't parse entities: unsupported attribute {unknown}")
    if name == "a" and not attrs.get("href"):
        raise BadRequest("Bad Request: can't parse entities: link without href")
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise BadRequest('Bad Request: can\'t parse entities: span needs class="tg-spoiler"')


# --- parameter checkers ----------------------------------------------------------------------
Checker = Callable[[Any, bool], Any]  # (raw value, came from a form field) → normalized value


def _decode_json(value: Any, from_form: bool, name: str) -> Any:
    if from_form:
        if not isinstance(value, str):
            raise BadRequest(f"Bad Request: {name} must be JSON-serialized")
        try:
            return json.loads(value)
        except ValueError:
            raise BadRequest(f"Bad Request: can't parse {name} JSON object") from None
    return value


def integer(name: str, low: int | None = None, high: int | None = None) -> Checker:
    def check(value: Any, from_form: bool) -> int:
        if isinstance(value, bool):
            raise BadRequest(f"Bad Request: {name} must be an Integer")
        if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
            value = int(value)
        if not isinstance(value, int):
            raise BadRequest(f"Bad Request: {name} must be an Integer")
        if (low is not None and value < low) or (high is not None and value > high):
            raise BadRequest(f"Bad Request: {name} out of range")
        return value

    return check


def string(name: str, low: int = 0, high: int | None = None) -> Checker:
    def check(value: Any, from_form: bool) -> str:
        if not isinstance(value, str):
            raise BadRequest(f"Bad Request: {name} must be a String")
        if utf16_len(value) < low or (high is not None and utf16_len(value) > high):
            raise BadRequest(f"Bad Request: {name} length must be {low}-{high}")
        return value

    return check


def boolean(name: str) -> Checker:
    def check(value: Any, from_form: bool) -> bool:
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return bool(value == "true")
        raise BadRequest(f"Bad Request: {name} must be a Boolean")

    return check


def choice(name: str, options: set[str]) -> Checker:
    def check(value: Any, from_form: bool) -> str:
        if value not in options:
            raise BadRequest(f"Bad Request: unsupported {name}: {value!r}")
        return str(value)

    return check


def chat_id(value: Any, from_form: bool) -> int | str:
    if isinstance(value, str) and value.startswith("@") and len(value) > 5:
        return value
    return integer("chat_id")(value, from_form)


def json_value(name: str, validate: Callable[[Any], None]) -> Checker:
    def check(value: Any, from_form: bool) -> Any:
        decoded = _decode_json(value, from_form, name)
        validate(decoded)
        return decoded

    return check


def _only_keys(name: str, value: Any, allowed: set[str], required: set[str] = frozenset()) -> None:
    if not isinstance(value, dict):
        raise BadRequest(f"Bad Request: {name} must be an Object")
    unknown = set(value) - allowed
    if unknown:
        raise BadRequest(f"Bad Request: {name} has unknown fields {sorted(unknown)}")
    missing = set(required) - set(value)
    if missing:
        raise BadRequest(f"Bad Request: {name} lacks {sorted(missing)}")


def check_reply_parameters(value: Any) -> None:
    _only_keys(
        "reply_parameters",
        value,
        {
            "message_id",
            "chat_id",
            "allow_sending_without_reply",
            "quote",
            "quote_parse_mode",
            "quote_entities",
            "quote_position",
            "checklist_task_id",
            "poll_option_id",
        },
        {"message_id"},
    )
    integer("reply_parameters.message_id", 1)(value["message_id"], False)
    if "allow_sending_without_reply" in value:
        boolean("allow_sending_without_reply")(value["allow_sending_without_reply"], False)


def check_inline_keyboard(value: Any) -> None:
    _only_keys("reply_markup", value, {"inline_keyboard"}, {"inline_keyboard"})
    rows = value["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise BadRequest("Bad Request: inline_keyboard must be an Array of Array")
    for row in rows:
        for button in row:
            _only_keys(
                "InlineKeyboardButton",
                button,
                {"text", "icon_custom_emoji_id", "style"} | BUTTON_ACTIONS,
                {"text"},
            )
            string("button text", 1)(button["text"], False)
            actions = BUTTON_ACTIONS & set(button)
            if len(actions) != 1:
                raise BadRequest("Bad Request: a button must have exactly one action field")
            if "callback_data" in button:
                data = button["callback_data"]
                if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
                    raise BadRequest("Bad Request: BUTTON_DATA_INVALID")


def check_reply_markup(value: Any) -> None:
    if isinstance(value, dict) and "force_reply" in value:
        _only_keys(
            "reply_markup",
            value,
            {"force_reply", "input_field_placeholder", "selective"},
            {"force_reply"},
        )
        if value["force_reply"] is not True:
            raise BadRequest("Bad Request: force_reply must be True")
        if "input_field_placeholder" in value:
            string("input_field_placeholder", 1, 64)(value["input_field_placeholder"], False)
        if "selective" in value:
            boolean("selective")(value["selective"], False)
        return
    check_inline_keyboard(value)


ENTITY_TYPES = {
    "mention", "hashtag", "cashtag", "bot_command", "url", "email", "phone_number", "bold", "italic",
    "underline", "strikethrough", "spoiler", "blockquote", "expandable_blockquote", "code", "pre",
    "text_link", "text_mention", "custom_emoji", "date_time",
}


def check_entities(value: Any) -> None:
    if not isinstance(value, list):
        raise BadRequest("Bad Request: entities must be an Array")
    for entity in value:
        _only_keys("MessageEntity", entity,
                   {"type", "offset", "length", "url", "user", "language", "custom_emoji_id",
                    "unix_time", "date_time_format"},
                   {"type", "offset", "length"})
        choice("entity type", ENTITY_TYPES)(entity["type"], False)
        integer("entity offset", 0)(entity["offset"], False)
        integer("entity length", 1)(entity["length"], False)
        if entity["type"] == "text_link" and "url" not in entity:
            raise BadRequest("Bad Request: text_link entity needs a url")
        if entity["type"] == "text_mention" and "user" not in entity:
            raise BadRequest("Bad Request: text_mention entity needs a user")


def check_poll_options(value: Any) -> None:
    if not isinstance(value, list) or not 2 <= len(value) <= 12:
        raise BadRequest("Bad Request: poll must have 2-12 options")
    for option in value:
        _only_keys(
            "InputPollOption", option, {"text", "text_parse_mode", "text_entities"}, {"text"}
        )
        string("option text", 1, 100)(option["text"], False)


def check_allowed_updates(value: Any) -> None:
    if not isinstance(value, list) or not all(item in UPDATE_TYPES for item in value):
        raise BadRequest("Bad Request: allowed_updates must list known update types")


def check_commands(value: Any) -> None:
    if not isinstance(value, list) or len(value) > 100:
        raise BadRequest("Bad Request: commands must be an Array of at most 100 BotCommand")
    names = set()
    for command in value:
        _only_keys("BotCommand", command, {"command", "description"}, {"command", "description"})
        if not isinstance(command["command"], str) or not _COMMAND_RE.match(command["command"]):
            raise BadRequest("Bad Request: BOT_COMMAND_INVALID")
        string("command description", 1, 256)(command["description"], False)
        names.add(command["command"])
    if len(names) != len(value):
        raise BadRequest("Bad Request: BOT_COMMAND_DUPLICATE")


def check_scope(value: Any) -> None:
    _only_keys("scope", value, {"type", "chat_id", "user_id"}, {"type"})
    if value["type"] not in SCOPE_TYPES:
        raise BadRequest("Bad Request: unknown scope type")


@dataclass(frozen=True)
class Param:
    check: Checker
    required: bool = False
    is_file: bool = False


def req(check: Checker) -> Param:
    return Param(check, required=True)


def opt(check: Checker) -> Param:
    return Param(check)


_COMMON_SEND = {
    "chat_id": req(chat_id),
    "business_connection_id": opt(string("business_connection_id", 1)),
    "message_thread_id": opt(integer("message_thread_id", 1)),
    "direct_messages_topic_id": opt(integer("direct_messages_topic_id", 1)),
    "disable_notification": opt(boolean("disable_notification")),
    "protect_content": opt(boolean("protect_content")),
    "allow_paid_broadcast": opt(boolean("allow_paid_broadcast")),
    "message_effect_id": opt(string("message_effect_id", 1)),
    "reply_parameters": opt(json_value("reply_parameters", check_reply_parameters)),
    "reply_markup": opt(json_value("reply_markup", check_reply_markup)),
}

SPECS: dict[str, dict[str, Param]] = {
    "getMe": {},
    "getWebhookInfo": {},
    "sendMessage": {
        **_COMMON_SEND,
        "text": req(string("text", 1)),
        "parse_mode": opt(choice("parse_mode", PARSE_MODES)),
        "link_preview_options": opt(json_value("link_preview_options", lambda v: None)),
    },
    "sendPoll": {
        **_COMMON_SEND,
        "reply_markup": opt(json_value("reply_markup", check_inline_keyboard)),
        "question": req(string("question", 1, 300)),
        "options": req(json_value("options", check_poll_options)),
        "is_anonymous": opt(boolean("is_anonymous")),
        "type": opt(choice("type", {"regular", "quiz"})),
        "allows_multiple_answers": opt(boolean("allows_multiple_answers")),
        "open_period": opt(integer("open_period", 5, 2628000)),
        "is_closed": opt(boolean("is_closed")),
    },
    "stopPoll": {
        "chat_id": req(chat_id),
        "message_id": req(integer("message_id", 1)),
        "business_connection_id": opt(string("business_connection_id", 1)),
        "reply_markup": opt(json_value("reply_markup", check_inline_keyboard)),
    },
    "sendDocument": {
        **_COMMON_SEND,
        "document": Param(string("document", 1), required=True, is_file=True),
        "caption": opt(string("caption", 0)),
        "parse_mode": opt(choice("parse_mode", PARSE_MODES)),
        "disable_content_type_detection": opt(boolean("disable_content_type_detection")),
    },
    "editMessageText": {
        "business_connection_id": opt(string("business_connection_id", 1)),
        "chat_id": opt(chat_id),
        "message_id": opt(integer("message_id", 1)),
        "inline_message_id": opt(string("inline_message_id", 1)),
        "text": req(string("text", 1)),
        "parse_mode": opt(choice("parse_mode", PARSE_MODES)),
        "entities": opt(json_value("entities", check_entities)),
        "link_preview_options": opt(json_value("link_preview_options", lambda v: None)),
        "reply_markup": opt(json_value("reply_markup", check_inline_keyboard)),
    },
    "answerCallbackQuery": {
        "callback_query_id": req(string("callback_query_id", 1)),
        "text": opt(string("text", 0, 200)),
        "show_alert": opt(boolean("show_alert")),
        "url": opt(string("url", 1)),
        "cache_time": opt(integer("cache_time", 0)),
    },
    "setWebhook": {
        "url": req(string("url", 0)),
        "certificate": Param(string("certificate", 1), is_file=True),
        "ip_address": opt(string("ip_address", 1)),
        "max_connections": opt(integer("max_connections", 1, 100)),
        "allowed_updates": opt(json_value("allowed_updates", check_allowed_updates)),
        "drop_pending_updates": opt(boolean("drop_pending_updates")),
        "secret_token": opt(string("secret_token", 1, 256)),
    },
    "setMyCommands": {
        "commands": req(json_value("commands", check_commands)),
        "scope": opt(json_value("scope", check_scope)),
        "language_code": opt(string("language_code", 0, 2)),
    },
}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)


@dataclass
class SentMessage:
    chat_id: int | str
    message_id: int
    method: str
    text: str  # visible text (caption for documents, question for polls)
    parse_mode: str | None = None
    raw: str = ""  # text as sent, before entity parsing
    thread: int | None = None
    reply_to: int | None = None
    reply_markup: dict[str, Any] | None = None
    poll_id: str | None = None
    poll_closed: bool = False
    file: tuple[str, bytes] | None = None
    entities: list[dict[str, Any]] | None = None  # as given to an edit
    edits: int = 0  # times editMessageText changed it


@dataclass
class _Failure:
    status: int
    description: str
    retry_after: int | None = None
    migrate_to_chat_id: int | None = None


class FakeBotApi:
    """Start with `await fake.start()`; point the adapter's `api_base` at `fake.base_url`."""

    def __init__(
        self,
        token: str,
        *,
        bot_id: int | None = None,
        bot_username: str = "assemblee_test_bot",
        lifetime: float = 120.0,
    ) -> None:
        self.token = token
        self.bot_id = bot_id if bot_id is not None else int(token.partition(":")[0])
        self.bot_username = bot_username
        self.lifetime = lifetime
        self.calls: list[Call] = []
        self.rejected: list[tuple[str, str]] = []
        self.sent: list[SentMessage] = []
        self.webhook: dict[str, Any] = {}
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.forum_topics: dict[int, set[int]] = {}
        self.kicked_chats: set[int] = set()
        self._callbacks: dict[str, bool] = {}  # id → answered
        self._failures: dict[str, list[_Failure | None]] = {}
        self._message_ids = itertools.count(1000)
        self._poll_ids = itertools.count(5_000_000)
        self._polls: dict[str, dict[str, Any]] = {}
        self._runner: web.AppRunner | None = None
        self._watchdog: asyncio.TimerHandle | None = None
        self.base_url = ""

    # --- control from tests -------------------------------------------------------------
    def fail_next(
        self,
        method: str,
        status: int,
        description: str,
        *,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        times: int = 1,
        after: int = 0,
    ) -> None:
        """Answer the next `times` valid calls to `method` with an error, after letting
        `after` calls succeed."""
        failure = _Failure(status, description, retry_after, migrate_to_chat_id)
        self._failures.setdefault(method, []).extend([None] * after + [failure] * times)

    def add_forum_topic(self, chat: int, topic: int) -> None:
        self.forum_topics.setdefault(chat, set()).add(topic)

    def register_callback(self, callback_id: str) -> None:
        """A user pressed a button: Telegram now expects one answerCallbackQuery for it."""
        self._callbacks[callback_id] = False

    def callback_answered(self, callback_id: str) -> bool:
        return self._callbacks.get(callback_id, False)

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def message(self, chat: int, message_id: int) -> SentMessage:
        for sent in self.sent:
            if sent.chat_id == chat and sent.message_id == message_id:
                return sent
        raise KeyError((chat, message_id))

    # --- lifecycle ------------------------------------------------------------------------
    async def start(self) -> str:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_post("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[union-attr]
        port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        loop = asyncio.get_running_loop()
        self._watchdog = loop.call_later(self.lifetime, lambda: loop.create_task(self.stop()))
        return self.base_url

    async def stop(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    # --- HTTP -----------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return self._error(401, "Unauthorized")
        if method not in SPECS:
            return self._error(404, "Not Found: method not found")
        try:
            raw, files = await self._read_params(request)
            params = self._validate(method, raw, files)
        except BadRequest as error:
            self.rejected.append((method, error.description))
            return self._error(error.status, error.description)
        self.calls.append(Call(method, params, files))
        failures = self._failures.get(method)
        failure = failures.pop(0) if failures else None
        if failure is not None:
            return self._error(
                failure.status,
                failure.description,
                retry_after=failure.retry_after,
                migrate_to_chat_id=failure.migrate_to_chat_id,
            )
        try:
            result = getattr(self, "_do_" + method)(params, files)
        except BadRequest as error:
            return self._error(error.status, error.description)
        return web.json_response({"ok": True, "result": result})

    def webhook_reply(self, reply: Any) -> None:
        """What Telegram does with a webhook's answer: a JSON object naming a `method` is
        that method, called with the other fields (its result is never reported back)."""
        if not isinstance(reply, dict) or "method" not in reply:
            return
        fields = dict(reply)
        method = str(fields.pop("method"))
        if method not in SPECS:
            self.rejected.append((method, "Not Found: method not found"))
            return
        try:
            params = self._validate(method, {key: (value, False) for key, value in fields.items()}, {})
            self.calls.append(Call(method, params, {}))
            getattr(self, "_do_" + method)(params, {})
        except BadRequest as error:
            self.rejected.append((method, error.description))

    async def _read_params(
        self, request: web.Request
    ) -> tuple[dict[str, tuple[Any, bool]], dict[str, tuple[str, bytes]]]:
        params: dict[str, tuple[Any, bool]] = {}
        files: dict[str, tuple[str, bytes]] = {}
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise BadRequest("Bad Request: invalid JSON body") from None
            if not isinstance(body, dict):
                raise BadRequest("Bad Request: JSON body must be an Object")
            return {key: (value, False) for key, value in body.items()}, files
        if not request.can_read_body:
            return params, files
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                files[key] = (value.filename, value.file.read())
            else:
                params[key] = (value, True)
        return params, files

    def _validate(
        self,
        method: str,
        raw: dict[str, tuple[Any, bool]],
        files: dict[str, tuple[str, bytes]],
    ) -> dict[str, Any]:
        spec = SPECS[method]
        unknown = set(raw) - set(spec)
        if unknown:
            raise BadRequest(f"Bad Request: unknown parameters {sorted(unknown)} for {method}")
        params: dict[str, Any] = {}
        referenced: set[str] = set()
        for name, param in spec.items():
            if param.is_file and name not in raw and name in files:
                params[name] = f"attach://{name}"  # uploaded directly under its own name
                referenced.add(name)
                continue
            if name not in raw:
                if param.required:
                    raise BadRequest(f"Bad Request: parameter {name} is required")
                continue
            value, from_form = raw[name]
            params[name] = param.check(value, from_form)
            if param.is_file and params[name].startswith("attach://"):
                key = params[name][len("attach://") :]
                if key not in files:
                    raise BadRequest(f"Bad Request: file for {name} was not uploaded")
                referenced.add(key)
        if set(files) - referenced:
            raise BadRequest("Bad Request: uploaded a file no parameter refers to")
        self._check_entities(method, params)
        return params

    def _check_entities(self, method: str, params: dict[str, Any]) -> None:
        for field_name, limit in (("text", 4096), ("caption", 1024)):
            if field_name not in params:
                continue
            text = params[field_name]
            visible = parse_telegram_html(text) if params.get("parse_mode") == "HTML" else text
            if field_name == "text" and not visible.strip():
                raise BadRequest("Bad Request: message text is empty")
            if utf16_len(visible) > limit:
                raise BadRequest(
                    "Bad Request: message is too long"
                    if field_name == "text"
                    else "Bad Request: message caption is too long"
                )

    def _error(
        self,
        status: int,
        description: str,
        *,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        parameters: dict[str, int] = {}
        if retry_after is not None:
            parameters["retry_after"] = retry_after
        if migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = migrate_to_chat_id
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=status)

    # --- method behaviour -----------------------------------------------------------------
    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Assemblée",
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _chat(self, chat: int | str) -> dict[str, Any]:
        if isinstance(chat, int) and chat in self.kicked_chats:
            raise BadRequest("Forbidden: bot was kicked from the group chat", 403)
        numeric = chat if isinstance(chat, int) else -1009999999999
        kind = "private" if numeric > 0 else "supergroup"
        result: dict[str, Any] = {"id": numeric, "type": kind}
        if numeric in self.forum_topics:
            result["is_forum"] = True
        return result

    def _place(self, params: dict[str, Any]) -> tuple[dict[str, Any], int | None, int | None]:
        chat = self._chat(params["chat_id"])
        thread = params.get("message_thread_id")
        if thread is not None and thread not in self.forum_topics.get(chat["id"], set()):
            raise BadRequest("Bad Request: message thread not found")
        reply = params.get("reply_parameters")
        reply_to = reply["message_id"] if reply else None
        return chat, thread, reply_to

    def _message_result(self, sent: SentMessage, chat: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = {
            "message_id": sent.message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": self._bot_user(),
        }
        if sent.thread is not None:
            result["message_thread_id"] = sent.thread
            result["is_topic_message"] = True
        if sent.reply_markup and "inline_keyboard" in sent.reply_markup:
            result["reply_markup"] = sent.reply_markup
        return result

    def _do_getMe(self, params: dict[str, Any], files: dict[str, Any]) -> dict[str, Any]:
        return self._bot_user()

    def _do_sendMessage(self, params: dict[str, Any], files: dict[str, Any]) -> dict[str, Any]:
        chat, thread, reply_to = self._place(params)
        html = params.get("parse_mode") == "HTML"
        visible = parse_telegram_html(params["text"]) if html else params["text"]
        sent = SentMessage(
            chat_id=chat["id"],
            message_id=next(self._message_ids),
            method="sendMessage",
            text=visible,
            parse_mode=params.get("parse_mode"),
            raw=params["text"],
            thread=thread,
            reply_to=reply_to,
            reply_markup=params.get("reply_markup"),
        )
        self.sent.append(sent)
        return {**self._message_result(sent, chat), "text": visible}

    def _do_sendPoll(self, params: dict[str, Any], files: dict[str, Any]) -> dict[str, Any]:
        chat, thread, reply_to = self._place(params)
        poll_id = str(next(self._poll_ids))
        sent = SentMessage(
            chat_id=chat["id"],
            message_id=next(self._message_ids),
            method="sendPoll",
            text=params["question"],
            thread=thread,
            reply_to=reply_to,
            poll_id=poll_id,
        )
        self.sent.append(sent)
        poll = self._poll(sent, params)
        self._polls[poll_id] = poll
        return {**self._message_result(sent, chat), "poll": poll}

    def _poll(self, sent: SentMessage, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": sent.poll_id,
            "question": params["question"],
            "options": [
                {"persistent_id": str(index), "text": option["text"], "voter_count": 0}
                for index, option in enumerate(params["options"])
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": params.get("is_anonymous", True),
            "type": params.get("type", "regular"),
            "allows_multiple_answers": params.get("allows_multiple_answers", False),
            "allows_revoting": True,
            "members_only": False,
        }

    def _do_stopPoll(self, params: dict[str, Any], files: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params["chat_id"])
        for sent in self.sent:
            if sent.chat_id == chat["id"] and sent.message_id == params["message_id"]:
                if sent.poll_id is None:
                    break
                if sent.poll_closed:
                    raise BadRequest("Bad Request: poll has already been closed")
                sent.poll_closed = True
                poll = self._polls[sent.poll_id]
                poll["is_closed"] = True
                return poll
        raise BadRequest("Bad Request: message with poll to stop not found")

    def _do_sendDocument(
        self, params: dict[str, Any], files: dict[str, tuple[str, bytes]]
    ) -> dict[str, Any]:
        chat, thread, reply_to = self._place(params)
        reference = params["document"]
        key = reference[len("attach://") :]
        if not reference.startswith("attach://") or key not in files:
            raise BadRequest("Bad Request: there is no document in the request")
        filename, content = files[key]
        caption = params.get("caption", "")
        visible = parse_telegram_html(caption) if params.get("parse_mode") == "HTML" else caption
        sent = SentMessage(
            chat_id=chat["id"],
            message_id=next(self._message_ids),
            method="sendDocument",
            text=visible,
            parse_mode=params.get("parse_mode"),
            raw=caption,
            thread=thread,
            reply_to=reply_to,
            reply_markup=params.get("reply_markup"),
            file=(filename, content),
        )
        self.sent.append(sent)
        result = self._message_result(sent, chat)
        result["document"] = {
            "file_id": f"file-{sent.message_id}",
            "file_unique_id": f"u{sent.message_id}",
            "file_name": filename,
            "file_size": len(content),
        }
        if visible:
            result["caption"] = visible
        return result

    def _do_editMessageText(self, params: dict[str, Any], files: dict[str, Any]) -> dict[str, Any]:
        if "inline_message_id" in params or "chat_id" not in params or "message_id" not in params:
            raise BadRequest("Bad Request: chat_id and message_id are required here")
        chat = self._chat(params["chat_id"])
        html = params.get("parse_mode") == "HTML"
        if html and "entities" in params:
            raise BadRequest("Bad Request: parse_mode and entities are exclusive")
        visible = parse_telegram_html(params["text"]) if html else params["text"]
        for entity in params.get("entities", []):
            if entity["offset"] + entity["length"] > utf16_len(visible):
                raise BadRequest("Bad Request: entity beyond the end of the text")
        markup = params.get("reply_markup")
        for sent in self.sent:
            if sent.chat_id != chat["id"] or sent.message_id != params["message_id"]:
                continue
            if sent.method != "sendMessage":
                raise BadRequest("Bad Request: there is no text in the message to edit")
            if sent.text == visible and sent.entities == params.get("entities") and sent.reply_markup == markup:
                raise BadRequest(
                    "Bad Request: message is not modified: specified new message content and reply markup "
                    "are exactly the same as a current content and reply markup of the message"
                )
            sent.text, sent.raw, sent.reply_markup = visible, params["text"], markup
            sent.entities = params.get("entities")
            sent.edits += 1
            return {**self._message_result(sent, chat), "text": visible}
        raise BadRequest("Bad Request: message to edit not found")

    def _do_answerCallbackQuery(self, params: dict[str, Any], files: dict[str, Any]) -> bool:
        callback_id = params["callback_query_id"]
        if self._callbacks.get(callback_id, True):  # unknown, or already answered
            raise BadRequest(
                "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        self._callbacks[callback_id] = True
        return True

    def _do_setWebhook(self, params: dict[str, Any], files: dict[str, Any]) -> bool:
        url = params["url"]
        if url and not url.startswith("https://"):
            raise BadRequest("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not _SECRET_RE.match(secret):
            raise BadRequest("Bad Request: secret token contains unallowed characters")
        self.webhook = {
            "url": url,
            "secret_token": secret,
            "allowed_updates": params.get("allowed_updates"),
            "drop_pending_updates": params.get("drop_pending_updates"),
        }
        return True

    def _do_getWebhookInfo(self, params: dict[str, Any], files: dict[str, Any]) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": 0,
            "max_connections": 40,
        }
        if self.webhook.get("allowed_updates") is not None:
            info["allowed_updates"] = self.webhook["allowed_updates"]
        return info

    def _do_setMyCommands(self, params: dict[str, Any], files: dict[str, Any]) -> bool:
        language = params.get("language_code", "")
        if language and not _LANG_RE.match(language):
            raise BadRequest("Bad Request: LANG_CODE_INVALID")
        scope = (params.get("scope") or {"type": "default"})["type"]
        self.commands[(scope, language)] = params["commands"]
        return True
