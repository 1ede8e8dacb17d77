"""Fixtures of the Discord adapter tests (see discord_harness)."""

from discord_harness import discord, fake_api, signing_key

__all__ = ["discord", "fake_api", "signing_key"]
