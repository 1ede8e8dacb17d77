"""Ed25519 check of Discord interaction requests, done before the body is parsed.

Discord signs `X-Signature-Timestamp + raw body` with the application's key and sends
the signature as hex in `X-Signature-Ed25519`. A request whose timestamp is more than
`MAX_SKEW` seconds away from our clock is refused too, so a captured request cannot be
replayed later.
"""

from __future__ import annotations

import binascii
from collections.abc import Mapping

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

MAX_SKEW = 300.0
SIGNATURE_HEADER = "X-Signature-Ed25519"
TIMESTAMP_HEADER = "X-Signature-Timestamp"


class InteractionVerifier:
    def __init__(self, public_key_hex: str) -> None:
        self._key = VerifyKey(bytes.fromhex(public_key_hex))

    def verify(self, headers: Mapping[str, str], body: bytes, now: float) -> str | None:
        """None if the request is authentic and fresh, else a short reason for the log."""
        signature_hex = headers.get(SIGNATURE_HEADER)
        timestamp = headers.get(TIMESTAMP_HEADER)
        if not signature_hex or not timestamp:
            return "missing signature headers"
        if len(timestamp) > 20 or not timestamp.isascii() or not timestamp.isdigit():
            return "malformed timestamp"
        if abs(now - int(timestamp)) > MAX_SKEW:
            return "timestamp outside the accepted window"
        if len(signature_hex) != 128:
            return "malformed signature"
        try:
            signature = bytes.fromhex(signature_hex)
        except (ValueError, binascii.Error):
            return "malformed signature"
        try:
            self._key.verify(timestamp.encode("ascii") + body, signature)
        except BadSignatureError:
            return "bad signature"
        return None
