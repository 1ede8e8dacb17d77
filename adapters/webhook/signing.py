"""The signing scheme of the generic webhook, in both directions.

    message   = <timestamp> + "." + <raw body bytes>
    signature = lowercase hex of HMAC-SHA256(key = secret as UTF-8, message)

Headers: `X-Assemblee-Timestamp: <unix seconds, decimal digits>` and
`X-Assemblee-Signature: sha256=<signature>`. A timestamp more than five minutes away
from the receiver's clock is refused; signatures are compared in constant time.

Slack's own scheme (`X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret,
"v0:" + timestamp + ":" + body)>`, `X-Slack-Request-Timestamp`) is checked the same way.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

MAX_SKEW = 300
TIMESTAMP_HEADER = "X-Assemblee-Timestamp"
SIGNATURE_HEADER = "X-Assemblee-Signature"
DELIVERY_HEADER = "X-Assemblee-Delivery"
SLACK_TIMESTAMP_HEADER = "X-Slack-Request-Timestamp"
SLACK_SIGNATURE_HEADER = "X-Slack-Signature"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    message = timestamp.encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def signed_headers(secret: str, body: bytes, now: float) -> dict[str, str]:
    timestamp = str(int(now))
    return {
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: "sha256=" + signature(secret, timestamp, body),
    }


def _fresh(timestamp: str | None, now: float) -> bool:
    if not timestamp or len(timestamp) > 12 or not timestamp.isascii() or not timestamp.isdigit():
        return False
    return abs(now - int(timestamp)) <= MAX_SKEW


def verify(secret: str, headers: Mapping[str, str], body: bytes, now: float) -> str | None:
    """None when the request is authentic and fresh, else a short reason for the log."""
    timestamp = headers.get(TIMESTAMP_HEADER)
    given = headers.get(SIGNATURE_HEADER)
    if not timestamp or not given:
        return "missing signature headers"
    if not _fresh(timestamp, now):
        return "timestamp missing or outside the accepted window"
    if not given.startswith("sha256="):
        return "unknown signature scheme"
    expected = "sha256=" + signature(secret, timestamp, body)
    if not hmac.compare_digest(given.lower().encode("utf-8", "replace"), expected.encode("ascii")):
        return "bad signature"
    return None


def verify_slack(secret: str, headers: Mapping[str, str], body: bytes, now: float) -> str | None:
    timestamp = headers.get(SLACK_TIMESTAMP_HEADER)
    given = headers.get(SLACK_SIGNATURE_HEADER)
    if not timestamp or not given:
        return "missing Slack signature headers"
    if not _fresh(timestamp, now):
        return "Slack timestamp outside the accepted window"
    base = b"v0:" + timestamp.encode("ascii") + b":" + body
    expected = "v0=" + hmac.new(secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("ascii")):
        return "bad Slack signature"
    return None


def same_token(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))
