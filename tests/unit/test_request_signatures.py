"""The five-minute window of signed requests, at its exact edge, with a fixed clock."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from nacl.signing import SigningKey

from adapters.discord.signature import InteractionVerifier
from adapters.webhook.signing import signed_headers, verify, verify_slack

NOW = 1_800_000_000
SECRET = "un-secret-partagé"
BODY = b'{"text": "!consent 1"}'


def discord_headers(key: SigningKey, stamp: int, body: bytes = BODY) -> dict[str, str]:
    return {
        "X-Signature-Ed25519": key.sign(str(stamp).encode() + body).signature.hex(),
        "X-Signature-Timestamp": str(stamp),
    }


def slack_headers(stamp: int, body: bytes = BODY) -> dict[str, str]:
    base = b"v0:" + str(stamp).encode() + b":" + body
    return {
        "X-Slack-Request-Timestamp": str(stamp),
        "X-Slack-Signature": "v0=" + hmac.new(SECRET.encode(), base, hashlib.sha256).hexdigest(),
    }


@pytest.mark.parametrize("offset", [-300, 0, 300])
def test_discord_accepts_up_to_five_minutes_either_way(offset: int) -> None:
    key = SigningKey.generate()
    verifier = InteractionVerifier(key.verify_key.encode().hex())
    assert verifier.verify(discord_headers(key, NOW + offset), BODY, NOW) is None


@pytest.mark.parametrize("offset", [-301, 301])
def test_discord_refuses_one_second_past_the_window(offset: int) -> None:
    key = SigningKey.generate()
    verifier = InteractionVerifier(key.verify_key.encode().hex())
    reason = verifier.verify(discord_headers(key, NOW + offset), BODY, NOW)
    assert reason == "timestamp outside the accepted window"


@pytest.mark.parametrize("offset", [-300, 0, 300])
def test_generic_webhook_accepts_up_to_five_minutes_either_way(offset: int) -> None:
    headers = signed_headers(SECRET, BODY, NOW + offset)
    assert verify(SECRET, headers, BODY, NOW) is None
    assert verify_slack(SECRET, slack_headers(NOW + offset), BODY, NOW) is None


@pytest.mark.parametrize("offset", [-301, 301])
def test_generic_webhook_refuses_one_second_past_the_window(offset: int) -> None:
    headers = signed_headers(SECRET, BODY, NOW + offset)
    assert verify(SECRET, headers, BODY, NOW) == "timestamp missing or outside the accepted window"
    assert verify_slack(SECRET, slack_headers(NOW + offset), BODY, NOW) == (
        "Slack timestamp outside the accepted window"
    )


def test_a_signature_from_inside_the_window_still_needs_the_right_key() -> None:
    key = SigningKey.generate()
    verifier = InteractionVerifier(SigningKey.generate().verify_key.encode().hex())
    assert verifier.verify(discord_headers(key, NOW), BODY, NOW) == "bad signature"
    assert verify("autre", signed_headers(SECRET, BODY, NOW), BODY, NOW) == "bad signature"
