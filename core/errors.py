"""One error tree.

`DomainError` is shown to users: it carries an i18n key and parameters, never a sentence.
Transport errors (`RetryAfter`, `PermanentDeliveryError`) are raised by adapters when
sending and handled by the outbox sender. ORM exceptions never leave `storage/`.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule of the assembly said no. Rendered to the user through the i18n catalogs."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __repr__(self) -> str:
        return f"DomainError({self.key!r}, {self.params!r})"


class TransportError(Exception):
    """Base class of delivery problems raised by adapters."""


class RetryAfter(TransportError):
    """The network asked us to slow down; try the same message again after `delay` seconds."""

    def __init__(self, delay: float, reason: str = "") -> None:
        super().__init__(reason or f"retry after {delay}s")
        self.delay = delay


class TemporaryDeliveryError(TransportError):
    """The network is unreachable for now; retry with backoff."""


class PermanentDeliveryError(TransportError):
    """The message can never be delivered (bot removed from the room, room gone)."""
