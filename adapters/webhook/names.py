"""The names people go by, shown in place of their ids in what the bot sends.

The core shows a webhook member by their id without the platform (`quartier:carol`,
`mattermost/slash:8x7d…`): the only stable identity. A JSON message may carry a
`display_name`, a slash command its `user_name`; the adapter remembers the last one
given for each member (in bounded memory, as the Telegram adapter does) and writes it
in place of the id in the texts it sends. The identity stays the id: a name is only
shown, never read back. Members' names are also kept in the database and given back at
start-up (`WebhookAdapter.recall_names`); a member whose name the bot has never heard is
shown by id.
"""

from __future__ import annotations

import html
import re

from adapters.bounded import BoundedMap
from adapters.webhook.identity import SLASH_SUFFIX
from core.messages import UserId

NAMES_KEPT = 10_000
_PREFIX = "webhook:"


class MemberNames:
    def __init__(self, capacity: int = NAMES_KEPT) -> None:
        self._names: BoundedMap[str, str] = BoundedMap(capacity)
        self._patterns: dict[str, re.Pattern[str]] = {}

    def remember(self, member: UserId, name: str | None) -> None:
        shown = " ".join((name or "").split())
        if not shown or not member.startswith(_PREFIX):
            return
        key = member[len(_PREFIX) :]
        self._names.put(key, shown)

    def get(self, member: UserId) -> str | None:
        return self._names.get(member.removeprefix(_PREFIX))

    def forget(self, member: UserId) -> None:
        self._names.pop(member.removeprefix(_PREFIX))

    def holders(self, among: str, name: str) -> list[UserId]:
        """The members whose ids start with `among` (`webhook:quartier/slash:`) and who go by
        `name`, whatever its case: whom `@bob` names where people are mentioned by username."""
        wanted = name.casefold()
        start = among.removeprefix(_PREFIX)
        return [UserId(_PREFIX + key) for key, shown in self._names.items()
                if key.startswith(start) and shown.casefold() == wanted]

    def shown(self, text: str, integration: str, *, markup: bool = False) -> str:
        """`text` with this integration's members named: 'quartier:carol' → 'Carole'.

        An id written as part of another id (`webhook:quartier:carol`) or as a mention to
        type (`@quartier:carol`) is left as it is. In `markup` (HTML) names are escaped.
        """
        if not self._names or integration not in text:
            return text
        pattern = self._patterns.get(integration)
        if pattern is None:
            pattern = re.compile(
                rf"(?<![\w@:/.\-]){re.escape(integration)}(?:{re.escape(SLASH_SUFFIX)})?:(\S+)"
            )
            self._patterns[integration] = pattern
        return pattern.sub(lambda match: self._name_of(match, markup), text)

    def _name_of(self, match: re.Match[str], markup: bool) -> str:
        head = match.group(0)[: match.start(1) - match.start(0)]
        token = match.group(1)
        # the longest known id the token starts with, up to a non-word character:
        # 'quartier:carol,' is carol, 'quartier:carole' is not
        for end in range(len(token), 0, -1):
            if end < len(token) and (token[end].isalnum() or token[end] == "_"):
                continue
            name = self._names.get(head + token[:end])
            if name is not None:
                return (html.escape(name, quote=False) if markup else name) + token[end:]
        return match.group(0)
