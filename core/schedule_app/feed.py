"""!calendar: whether the assembly's calendar feed is public (its address works without the
token) or private (only the address with the token works), and its address."""

from __future__ import annotations

from dataclasses import replace

from core.commands import Command
from core.context import Context
from core.errors import DomainError
from core.schedule_app.common import FeedLink, feed_link, require_organiser
from core.scheduling.texts import plain, quote

# Compared after `plain` (lower case, no accents): "Privée" and "privee" are the same word.
PUBLIC_WORDS = frozenset({"public", "publique", "publics", "publiques"})
PRIVATE_WORDS = frozenset({"private", "prive", "privee", "prives", "privees"})


async def calendar(ctx: Context, cmd: Command) -> None:
    """!calendar (the feed's state and address) · !calendar public · !calendar private"""
    text = cmd.text.strip()
    if not text:
        feed = await feed_link(ctx.uow.meetings, ctx.assembly.id)
        await _say_state(ctx, "calendar.is_public" if feed.public else "calendar.is_private", feed)
        return
    await ctx.require_member()
    require_organiser(ctx, cmd)
    word = plain(text)
    if word in PUBLIC_WORDS:
        public = True
    elif word in PRIVATE_WORDS:
        public = False
    else:
        raise DomainError("calendar.bad_word_ics" if cmd.verb == "ics" else "calendar.bad_word",
                          word=cmd.word, value=quote(text))
    settings = await ctx.uow.meetings.settings(ctx.assembly.id)
    if public == settings.public_feed:
        feed = await feed_link(ctx.uow.meetings, ctx.assembly.id)
        await _say_state(ctx, "calendar.already_public" if public else "calendar.already_private", feed)
        return
    await ctx.uow.meetings.save_settings(ctx.assembly.id, replace(settings, public_feed=public))
    await ctx.uow.meetings.record_event(ctx.assembly.id, "calendar", 0, "public" if public else "private",
                                        ctx.member, ctx.now, {"public_feed": public})
    feed = await feed_link(ctx.uow.meetings, ctx.assembly.id)  # read back: the address as saved
    await _say_state(ctx, "calendar.made_public" if feed.public else "calendar.made_private", feed)


async def _say_state(ctx: Context, key: str, feed: FeedLink) -> None:
    """The feed's state with its address; without an address yet (no http.public_url), the
    state and what the person running the bot must do, with no sentence that promises one."""
    if feed.url is None:
        await ctx.say(f"{key}_no_url", setting=ctx.t("calendar.no_public_url"))
    else:
        await ctx.say(key, url=feed.url)
