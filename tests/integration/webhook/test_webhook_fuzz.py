"""Malformed requests never crash the endpoint and never reach the core (hypothesis)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from webhook_harness import SECRET, SLASH_TOKEN, sign, webhook_harness

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = ("room", "sender", "text", "event_id")
wrong_field = st.one_of(
    st.none(), st.integers(), st.booleans(), st.lists(st.text(max_size=5), max_size=2),
    st.just(""), st.just("x" * 300), st.just("a\x00b"),
)  # fmt: skip


@st.composite
def almost_messages(draw: st.DrawFn) -> dict[str, Any]:
    """A message with at least one field missing, of the wrong type, or one key too many."""
    body: dict[str, Any] = {name: draw(st.text(min_size=1, max_size=20)) for name in FIELDS}
    body["event_id"] = "e" + body["event_id"]
    body["room"] = "r" + body["room"].replace("\n", "")
    mutation = draw(st.sampled_from(["drop", "type", "extra"]))
    name = draw(st.sampled_from(FIELDS))
    if mutation == "drop":
        del body[name]
    elif mutation == "type":
        # any string is a valid text: only a non-string is wrong there
        body[name] = draw(wrong_field.filter(lambda v: name != "text" or not isinstance(v, str)))
    else:
        body[draw(st.text(min_size=1, max_size=10).filter(lambda k: k not in FIELDS))] = 1
    return body


async def _post_signed(raw: bytes) -> tuple[int, int]:
    async with webhook_harness() as hook:
        status, _ = await hook.post("/webhook/nextcloud", raw, sign(SECRET, raw))
        return status, len(hook.sink.received)


@FUZZ
@given(raw=st.binary(max_size=300))
async def test_signed_random_bytes(raw: bytes) -> None:
    status, accepted = await _post_signed(raw)
    assert status == 400 and accepted == 0


@FUZZ
@given(value=json_values)
async def test_signed_random_json(value: Any) -> None:
    status, accepted = await _post_signed(json.dumps(value).encode())
    assert status == 400 and accepted == 0


@FUZZ
@given(body=almost_messages())
async def test_signed_almost_messages(body: dict[str, Any]) -> None:
    status, accepted = await _post_signed(json.dumps(body).encode())
    assert status == 400 and accepted == 0


@FUZZ
@given(
    raw=st.binary(max_size=200),
    timestamp=st.text(max_size=15),
    signature=st.text(max_size=80),
)
async def test_unsigned_noise(raw: bytes, timestamp: str, signature: str) -> None:
    headers = {
        "X-Assemblee-Timestamp": timestamp.encode("latin-1", "ignore").decode("latin-1"),
        "X-Assemblee-Signature": signature.encode("latin-1", "ignore").decode("latin-1"),
    }
    headers = {
        k: v for k, v in headers.items() if v.isprintable() and "\r" not in v and "\n" not in v
    }
    async with webhook_harness() as hook:
        status, _ = await hook.post("/webhook/nextcloud", raw, headers)
        assert status == 401
        assert hook.sink.received == []


@FUZZ
@given(fields=st.dictionaries(st.text(max_size=12), st.text(max_size=40), max_size=8))
async def test_slash_form_noise(fields: dict[str, str]) -> None:
    from urllib.parse import urlencode

    fields = dict(fields, token=SLASH_TOKEN)
    fields.pop("channel_id", None)  # a command without a channel is never accepted
    async with webhook_harness() as hook:
        status, _ = await hook.post(
            "/slash/mattermost",
            urlencode(fields).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status in (400, 413)
        assert hook.sink.received == []
