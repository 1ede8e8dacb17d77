"""The assembly state as plain data, read straight from the database (a running bot may be
using it: SQLite in WAL mode lets this read while the bot writes)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from storage.models import (
    AssemblyRow,
    AuditRow,
    MembershipRow,
    ObjectionRow,
    PositionRow,
    ProposalRow,
)
from storage.scheduling_repositories import export_scheduling


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


async def export_state() -> dict[str, Any]:
    assemblies = []
    for assembly in await AssemblyRow.all().order_by("id"):
        proposals = []
        for row in await ProposalRow.filter(assembly_id=assembly.id).order_by("number"):
            positions = await PositionRow.filter(proposal_id=row.id).order_by("version", "id")
            objections = await ObjectionRow.filter(proposal_id=row.id).order_by("id")
            proposals.append({
                "number": row.number,
                "title": row.title,
                "body": row.body,
                "author": row.author,
                "status": row.status,
                "method": row.method,
                "phase": row.phase,
                "version": row.version,
                "options": list(row.options),
                "deadline": _iso(row.deadline),
                "quorum": str(Fraction(row.quorum)) if row.quorum else None,
                "threshold": row.threshold,
                "anonymous": row.anonymous,
                "hide_results": row.hide_results,
                "electorate": list(row.electorate),
                "positions": [
                    {
                        "member": p.member,
                        "position": p.stance,
                        "reason": p.reason,
                        "option": p.option or None,
                        "version": p.version,
                        "at": _iso(p.at),
                        "recorded_by": p.recorded_by,
                    }
                    for p in positions
                ],
                "objections": [
                    {"member": o.member, "reason": o.reason, "status": o.status, "version": o.version,
                     "resolved_version": o.resolved_version}
                    for o in objections
                ],
                "outcome": row.outcome or None,
                "decided_at": _iso(row.decided_at),
                "review_at": _iso(row.review_at),
                "created_at": _iso(row.created_at),
            })
        scheduling = await export_scheduling(assembly.id)
        members = await MembershipRow.filter(assembly_id=assembly.id).order_by("id")
        audit = await AuditRow.filter(assembly_id=assembly.id).order_by("id")
        assemblies.append({
            "id": assembly.id,
            "platform": assembly.platform,
            "room": assembly.room,
            "language": assembly.language,
            "timezone": assembly.timezone,
            "members": [{"member": m.member, "roles": list(m.roles), "active": m.active} for m in members],
            "proposals": proposals,
            "meetings": scheduling[0],
            "polls": scheduling[1],
            "audit": [
                {"subject": a.subject, "number": a.number, "kind": a.kind, "member": a.member,
                 "version": a.version, "at": _iso(a.at), "data": a.data}
                for a in audit
            ],
        })
    return {"assemblies": assemblies}


def to_markdown(state: dict[str, Any]) -> str:
    lines: list[str] = []
    for assembly in state["assemblies"]:
        lines.append(f"# {assembly['platform']} — {assembly['room']}")
        lines.append("")
        lines.append(f"{len([m for m in assembly['members'] if m['active']])} members")
        lines.append("")
        for p in assembly["proposals"]:
            lines.append(f"## #{p['number']} {p['title']} — {p['status']} ({p['method']}, v{p['version']})")
            if p["outcome"]:
                lines.append(f"Outcome: {p['outcome']}")
            if p["decided_at"]:
                lines.append(f"Decided at: {p['decided_at']}")
            current = [x for x in p["positions"] if x["version"] == p["version"]]
            for x in current:
                extra = f" — {x['reason']}" if x["reason"] else (f" — {x['option']}" if x["option"] else "")
                lines.append(f"- {x['member']}: {x['position']}{extra}")
            for o in p["objections"]:
                lines.append(f"- objection by {o['member']} ({o['status']}): {o['reason']}")
            lines.append("")
        for section in ("meetings", "polls"):
            for item in assembly.get(section, []):
                lines.append(f"## {section[:-1]} #{item.get('number')} {item.get('title', '')}")
        lines.append("")
    return "\n".join(lines)


def to_csv(state: dict[str, Any]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["platform", "room", "number", "title", "status", "method", "version", "member", "position",
                     "option", "reason", "position_version"])
    for assembly in state["assemblies"]:
        for p in assembly["proposals"]:
            rows = p["positions"] or [None]
            for x in rows:
                writer.writerow([
                    assembly["platform"], assembly["room"], p["number"], p["title"], p["status"], p["method"],
                    p["version"], x["member"] if x else "", x["position"] if x else "", (x["option"] or "") if x else "",
                    x["reason"] if x else "", x["version"] if x else "",
                ])
    return buffer.getvalue()
