"""Typed ids used across the core."""

from __future__ import annotations

from typing import NewType

AssemblyId = NewType("AssemblyId", int)
MemberId = NewType("MemberId", str)  # stable platform id: "console:alice", "@alice:example.org"
Number = NewType("Number", int)  # proposal / poll / meeting number inside one assembly
