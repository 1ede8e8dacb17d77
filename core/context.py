"""What one command runs with: the unit of work, the assembly, the sender, the clock reading,
and the replies it produces (each written to the outbox in the same transaction)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from core.assemblies import Assembly, MembershipMode, Role
from core.errors import DomainError
from core.federation import Room, network_of
from core.i18n import translate
from core.ids import MemberId
from core.messages import (
    ROUND_REDRAWS,
    Button,
    Inbound,
    Outbound,
    OutboundKind,
    Platform,
    RoomId,
    UserId,
)
from core.ports import UnitOfWork
from core.render import display


@dataclass(slots=True)
class Context:
    uow: UnitOfWork
    inbound: Inbound
    assembly: Assembly
    now: datetime
    sent: list[Outbound] = field(default_factory=list)
    # what is said goes to every room of a federated assembly (`!federate`), not only to the
    # room the event came from: off for answers meant for the sender alone (help, reads, refusals)
    fan_out: bool = True
    _other_rooms: list[Room] | None = None
    _names: dict[str, tuple[str, str]] | None = None  # member → (as the core shows them, their name)

    @property
    def member(self) -> MemberId:
        """The member the sender is: their identity, or the one it was linked to (`!link`)."""
        return self.assembly.acting_as or MemberId(self.inbound.sender)

    @property
    def platform(self) -> str:
        """The network of the room the event came from (a federated assembly spans several)."""
        return self.inbound.platform

    async def other_rooms(self) -> list[Room]:
        """The assembly's rooms other than the one the event came from (read once)."""
        if not self.assembly.federated:
            return []
        if self._other_rooms is None:
            here = (self.inbound.platform, self.inbound.room)
            self._other_rooms = [room for room in await self.uow.federation.rooms(self.assembly.id)
                                 if (room.platform, room.room) != here]
        return self._other_rooms

    async def redraws_rounds(self) -> bool:
        """Whether a round's message may carry buttons in one of the assembly's rooms."""
        outbox = self.uow.outbox
        return outbox.redraws_rounds(self.platform) or any(
            outbox.redraws_rounds(room.platform) for room in await self.other_rooms())

    @property
    def lang(self) -> str:
        return self.assembly.language

    @property
    def tz(self) -> str:
        return self.assembly.timezone

    def t(self, key: str, **params: Any) -> str:
        return translate(key, self.lang, **params)

    @property
    def in_home_room(self) -> bool:
        """The event came from the room the assembly began in (in a federated assembly, the
        others are rooms that joined it)."""
        return (self.inbound.platform, self.inbound.room) == (self.assembly.platform, self.assembly.room)

    @property
    def room_is_membership(self) -> bool:
        """The room's members are the members (Matrix): joining and leaving are the network's.
        In a federated assembly, only for the events of rooms on the network it began on."""
        return self.assembly.mode is MembershipMode.ROOM and self.inbound.platform == self.assembly.platform

    @property
    def is_facilitator(self) -> bool:
        # a network's room administrator facilitates the assembly of their room, not one that
        # their room joined: that assembly's facilitators did not choose them
        admin = self.inbound.is_admin and self.in_home_room
        return admin or self.assembly.has_role(self.member, Role.FACILITATOR)

    @property
    def is_catalyser(self) -> bool:
        return self.is_facilitator or self.assembly.has_role(self.member, Role.CATALYSER)

    async def members(self) -> tuple[MemberId, ...]:
        """Every active member (loads the whole list once)."""
        if not self.assembly.members_complete:
            await self.uow.assemblies.load_members(self.assembly)
        return self.assembly.active_members()

    async def join(self) -> int | None:
        """The sender joins; the number of active members after, or None if they were one
        already. In a large room only the members are counted, not read (the whole list
        is read only when nobody else is active: the first member facilitates)."""
        if self.assembly.is_member(self.member):
            return None
        if self.assembly.members_complete:
            others = len(self.assembly.active_members())
        else:
            others = await self.uow.assemblies.count_active(self.assembly.id)
            if not others:
                await self.members()
        if not self.assembly.join(self.member, self.now, others_active=others > 0):
            return None
        self.assembly.dirty = True
        return others + 1

    async def require_member(self) -> None:
        if self.assembly.is_member(self.member):
            return
        if self.room_is_membership:
            # On networks that list room members, speaking in the room is membership.
            await self.join()
            return
        raise DomainError("member.not_member")

    def require_facilitator(self) -> None:
        if not self.is_facilitator:
            raise DomainError("member.not_facilitator")

    async def say(
        self,
        key: str,
        *,
        thread: str | None = None,
        kind: OutboundKind = OutboundKind.MESSAGE,
        buttons: tuple[Button, ...] = (),
        poll_options: tuple[str, ...] = (),
        mentions: tuple[MemberId, ...] = (),
        reply: bool = True,
        extra: dict[str, str] | None = None,
        attachment: tuple[str, str] | None = None,
        **params: Any,
    ) -> Outbound:
        return await self.send_text(
            self.t(key, **params),
            thread=thread,
            kind=kind,
            buttons=buttons,
            poll_options=poll_options,
            mentions=mentions,
            reply=reply,
            extra=extra,
            attachment=attachment,
        )

    async def send_text(
        self,
        text: str,
        *,
        thread: str | None = None,
        kind: OutboundKind = OutboundKind.MESSAGE,
        buttons: tuple[Button, ...] = (),
        poll_options: tuple[str, ...] = (),
        mentions: tuple[MemberId, ...] = (),
        reply: bool = True,
        extra: dict[str, str] | None = None,
        attachment: tuple[str, str] | None = None,
        here: bool = True,
    ) -> Outbound:
        """`here`: False for what is meant for the assembly's other rooms only (the redraw of a
        round's message after a press: the pressed one is redrawn by the press's answer)."""
        details = dict(extra or {})
        details.setdefault("lang", self.lang)
        if self.inbound.thread and "thread" not in details:
            details["thread"] = self.inbound.thread
        message = said = Outbound(
            platform=Platform(self.inbound.platform),
            room=RoomId(self.inbound.room),
            text=text,
            kind=kind,
            thread_key=thread,
            # an edited command is answered under the message as the room shows it: the original
            reply_to=(self.inbound.edits or self.inbound.event_id) if reply else None,
            mentions=tuple(UserId(m) for m in mentions),
            buttons=buttons,
            poll_options=poll_options,
            attachment_name=attachment[0] if attachment else None,
            attachment=attachment[1] if attachment else None,
            extra=details,
        )
        if self.assembly.federated:
            message = await self._for_room(message, message, message.platform)
        outbox = self.uow.outbox
        if here and (message.kind is not OutboundKind.ROUND_TALLY or outbox.redraws_rounds(message.platform)):
            await outbox.add(message)
            self.sent.append(message)
        if self.fan_out and self.assembly.federated:
            await self._fan_out(said)
        return message

    async def _fan_out(self, message: Outbound) -> None:
        """Copies of `message` for the assembly's other rooms: not as a reply (the event it
        answers is in another room), nor in the thread the event was typed in."""
        extra = {key: value for key, value in message.extra.items() if key != "thread"}
        for room in await self.other_rooms():
            if message.kind in ROUND_REDRAWS and not self.uow.outbox.redraws_rounds(room.platform):
                continue
            copy = replace(message, platform=Platform(room.platform), room=RoomId(room.room), reply_to=None, extra=extra)
            await self.uow.outbox.add(await self._for_room(copy, message, room.platform))

    async def _for_room(self, message: Outbound, said: Outbound, platform: str) -> Outbound:
        """`said` as a room on `platform` shows it: the members of other networks by their name
        (that network's adapter would show their bare id), mentioning only its own network's."""
        if self._names is None:
            members = await self.members()
            named = await self.uow.names.names_of(list(members))
            if self.inbound.display_name:  # the sender's, as their network gives it with this event
                named[self.member] = self.inbound.display_name
            self._names = {m: (display(m), name) for m, name in named.items() if name and name != display(m)}
        text = said.text
        for member, (shown, name) in self._names.items():
            if shown in text and network_of(member) != platform:
                text = re.sub(rf"(?<![\w@:.#/]){re.escape(shown)}(?!\w)", name.replace("\\", r"\\"), text)
        mentions = tuple(m for m in said.mentions if network_of(m) == platform)
        if text == message.text and mentions == message.mentions:
            return message
        return replace(message, text=text, mentions=mentions)
