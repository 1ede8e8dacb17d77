"""The assembly state as plain data, read straight from the database (a running bot may be
using it: SQLite in WAL mode lets this read while the bot writes)."""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

from core.i18n import translate
from core.proposal_handlers import (
    SHOWN_REASONS,
    outcome_words,
    reason_words,
    results_words,
    version_words,
)
from core.proposals import Method, Status
from core.render import colon, display, when
from core.scheduling.slots import Slot, format_slot
from storage.models import (
    AssemblyRow,
    AuditRow,
    MembershipRow,
    ObjectionRow,
    PositionRow,
    ProposalRow,
)
from storage.scheduling_repositories import export_scheduling
from storage.tension_repository import export_tensions


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


async def export_state() -> dict[str, Any]:
    assemblies = []
    everyone = await AssemblyRow.all().order_by("id")
    for assembly in everyone:
        if assembly.part_of is not None:
            continue  # a room federated into another assembly: listed among that one's rooms
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
            "title": assembly.title or None,
            # the rooms federated into this assembly (`!federate`), besides its own
            "rooms": [{"platform": r.platform, "room": r.room, "title": r.title or None}
                      for r in everyone if r.part_of == assembly.id],
            "language": assembly.language,
            "timezone": assembly.timezone,
            # the welcome text said to newcomers (`!welcome`): the assembly's, not a member's
            "welcome": None if assembly.welcome_text is None else {
                "text": assembly.welcome_text, "set_by": assembly.welcome_by, "set_at": _iso(assembly.welcome_at)},
            "members": [{"member": m.member, "roles": list(m.roles), "active": m.active,
                         "mandates": _mandates(m.mandates, m.roles)} for m in members],
            "proposals": proposals,
            "meetings": scheduling[0],
            "polls": scheduling[1],
            "tensions": await export_tensions(assembly.id),
            "audit": [
                {"subject": a.subject, "number": a.number, "kind": a.kind, "member": a.member,
                 "version": a.version, "at": _iso(a.at), "data": a.data}
                for a in audit
            ],
        })
    return {"assemblies": assemblies}


def _mandates(stored: Any, roles: list[str]) -> dict[str, dict[str, Any]]:
    """The roles a member holds for a term: role → when it ends, since when, given by whom."""
    return {role: {"ends": held["ends"], "since": held["since"], "by": held.get("by")}
            for role, held in sorted((stored or {}).items()) if role in roles}


def to_markdown(state: dict[str, Any], now: datetime | None = None) -> str:
    """The register of each assembly, for reading or publishing: decisions, what is under way,
    meetings and time polls, in the assembly's language, dates in its time zone, members by
    name. Anonymous rounds show counts only; hidden results stay hidden until the close."""
    now = now or datetime.now(UTC)
    return "\n".join(line for assembly in state["assemblies"] for line in _assembly_markdown(assembly, now))


def _assembly_markdown(assembly: dict[str, Any], now: datetime) -> list[str]:
    lang, tz = assembly["language"], assembly["timezone"]

    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    def at(value: str) -> str:
        return when(datetime.fromisoformat(value), tz, lang)

    name = assembly.get("title") or assembly["room"]
    active = sum(1 for m in assembly["members"] if m["active"])
    lines = [t("export.title", name=name), "",
             t("export.summary", date=when(now, tz, lang), zone=tz, members=active,
               platform=assembly["platform"], room=assembly["room"]), ""]
    closed = [p for p in assembly["proposals"] if p["status"] != "open"]
    open_ = [p for p in assembly["proposals"] if p["status"] == "open"]
    for heading, proposals in (("export.decisions", closed), ("export.under_way", open_)):
        if proposals:
            lines += [t(heading, count=len(proposals)), ""]
            for proposal in proposals:
                lines += _proposal_markdown(proposal, t, at, lang) + [""]
    mandates = sorted(((held["ends"], m["member"], role, held) for m in assembly["members"] if m["active"]
                       for role, held in m.get("mandates", {}).items()), key=lambda item: item[:3])
    if mandates:
        lines += [t("export.mandates", count=len(mandates)), ""]
        lines += [t("export.mandate", member=display(member), role=t(f"role.{role}"), end=at(ends),
                    since=at(held["since"]), by=display(held["by"]) if held.get("by") else "—")
                  for ends, member, role, held in mandates]
        lines.append("")
    if assembly.get("meetings"):
        lines += [t("export.meetings", count=len(assembly["meetings"])), ""]
        for meeting in assembly["meetings"]:
            lines += _meeting_markdown(meeting, t, lang) + [""]
    if assembly.get("polls"):
        lines += [t("export.polls", count=len(assembly["polls"])), ""]
        for poll in assembly["polls"]:
            lines += _poll_markdown(poll, t, lang) + [""]
    if assembly.get("tensions"):
        lines += [t("export.tensions", count=len(assembly["tensions"])), ""]
        for tension in assembly["tensions"]:
            lines += _tension_markdown(tension, t, at) + [""]
    return lines


def _proposal_markdown(p: dict[str, Any], t: Any, at: Any, lang: str) -> list[str]:
    method, status = Method(p["method"]), Status(p["status"])
    lines = [t("export.proposal_head", number=p["number"], title=_one_line(p["title"]), status=t(f"status.{p['status']}"))]
    version_note = version_words(t, method, p["version"])
    opened = bool(p["electorate"])  # the decision round opened (an expiry may come before it)
    if p["decided_at"]:
        closed_on = {Status.WITHDRAWN: "export.withdrawn", Status.EXPIRED: "export.expired"}.get(status, "export.decided")
        lines.append(t(closed_on, date=at(p["decided_at"]), method=t(f"method.{p['method']}"),
                       version_note=version_note))
    else:
        deadline = at(p["deadline"]) if p["deadline"] else "—"
        lines.append(t("export.open_line", phase=t(f"phase.{p['phase']}"), method=t(f"method.{p['method']}"),
                       version_note=version_note, deadline=deadline))
    outcome = _one_line(outcome_words(t, method, status, p["outcome"], opened=opened))
    if outcome:
        lines.append(f"- {outcome}")
    if p["review_at"]:
        lines.append(f"- {t('proposal.review_on', date=at(p['review_at'])).strip()}")
    if p["body"]:
        lines.append(t("export.text", text=_one_line(p["body"])))
    if not opened or (not p["decided_at"] and p["phase"] != "decision"):
        return lines  # no round (yet): nobody is called, nothing to count
    current = [x for x in p["positions"] if x["version"] == p["version"]]
    electorate = len(p["electorate"])
    if not p["decided_at"] and p["hide_results"]:
        lines.append(f"- {t('tally.hidden', participated=len(current), electorate=electorate)}")
        return lines
    counts: dict[str, int] = {}
    for x in current:  # counted as the core counts them: a vote by its option, the rest by stance
        key = x["option"] if x["position"] == "vote" and x["option"] else x["position"]
        counts[key] = counts.get(key, 0) + 1
    lines.append(f"- {results_words(t, method, counts, len(current), electorate)}")
    if not p["anonymous"]:
        for x in current:
            choice = x["option"] if x["position"] == "vote" and x["option"] else t(f"stance.{x['position']}")
            reason = f" — {_one_line(x['reason'])}" if x["reason"] else ""
            marked = t("export.recorded_by", member=display(x["recorded_by"])) if x.get("recorded_by") else ""
            lines.append(f"  - {display(x['member'])}{colon(lang)} {choice}{reason}{marked}")
    else:  # the reasons of blocks and the advice stay readable, without who gave them
        for stance, heading in SHOWN_REASONS.items():
            given = [x for x in current if x["position"] == stance.value and x["reason"]]
            if given:
                lines.append(t(heading.replace("status.", "export.")))
                lines += [f"  - {reason_words(x['member'], _one_line(x['reason']), anonymous=True, lang=lang)}"
                          for x in given]
    if p["objections"]:
        lines.append(t("export.objections"))
        for o in p["objections"]:
            who = t("export.someone") if p["anonymous"] else display(o["member"])
            lines.append(t("export.objection", member=who, version=o["version"],
                           status=t(f"export.objection_{o['status']}"), reason=_one_line(o["reason"])))
    return lines


def _meeting_markdown(m: dict[str, Any], t: Any, lang: str) -> list[str]:
    slot = Slot(datetime.fromisoformat(m["start"]), datetime.fromisoformat(m["end"]))
    lines = [t("export.meeting_head", number=m["number"], title=_one_line(m["title"]),
               when=format_slot(slot, m["timezone"], lang),
               status=f" ({t('meeting.status_' + m['status'])})" if m["status"] != "scheduled" else "")]
    if m["place"]:
        lines.append(t("export.place", place=_one_line(m["place"])))
    if m["rrule"]:
        lines.append(t("export.recurring"))
    one_off = [r for r in m["rsvps"] if not r["occurrence"]]
    if one_off:
        by = {a: [display(r["member"]) for r in one_off if r["answer"] == a] for a in ("yes", "maybe", "no")}
        lines.append(t("export.rsvps", yes=len(by["yes"]), maybe=len(by["maybe"]), no=len(by["no"]),
                       names=", ".join(by["yes"]) or "—"))
    if m["agenda"]:
        lines.append(t("export.agenda"))
        lines += [f"  {i}. {_one_line(item['title'])}" for i, item in enumerate(m["agenda"], start=1)]
    if m["notes"]:
        lines.append(t("export.notes"))
        lines += [f"  - {display(n['author'])}{colon(lang)} {_one_line(n['text'])}" for n in m["notes"]]
    return lines


def _poll_markdown(poll: dict[str, Any], t: Any, lang: str) -> list[str]:
    status = (t("export.poll_finalized", meeting=poll["meeting"]) if poll["meeting"] is not None
              else t(f"export.poll_{poll['status']}"))
    lines = [t("export.poll_head", number=poll["number"], title=_one_line(poll["title"]), status=status),
             t("export.poll_answers", count=len(poll["answers"]))]
    for index, raw in enumerate(poll["slots"]):
        slot = Slot(datetime.fromisoformat(raw["start"]), datetime.fromisoformat(raw["end"]))
        said = [a["choices"][index] for a in poll["answers"] if index < len(a["choices"])]
        lines.append(f"  {index + 1}. {format_slot(slot, poll['timezone'], lang)} — "
                     f"✅ {said.count('yes')} · 🤷 {said.count('maybe')} · ❌ {said.count('no')}")
    return lines


def _tension_markdown(x: dict[str, Any], t: Any, at: Any) -> list[str]:
    first = x["text"].splitlines()[0] if x["text"] else ""
    lines = [t("export.tension_head", number=x["number"], text=_one_line(first),
               status=t(f"tension.status_{x['status']}")),
             t("export.tension_noted", member=display(x["member"]), date=at(x["created_at"]))]
    if x["meeting"] is not None:
        lines.append(t("export.tension_agenda", meeting=x["meeting"]))
    if x["proposal"] is not None and x["resolved_by"] is None:
        lines.append(t("export.tension_proposal", proposal=x["proposal"]))
    note = f" — {_one_line(x['note'])}" if x["note"] else ""
    closed = at(x["closed_at"]) if x["closed_at"] else "—"
    if x["resolved_by"] is not None:
        lines.append(t("export.tension_resolved_by", proposal=x["resolved_by"], date=closed))
    elif x["status"] in ("resolved", "dropped"):
        lines.append(t(f"export.tension_{x['status']}", member=display(x["closed_by"] or ""), date=closed, note=note))
    if _one_line(x["text"]) != _one_line(first):
        lines.append(t("export.tension_text", text=_one_line(x["text"])))
    return lines


def _one_line(text: str) -> str:
    """Text members typed, kept on one Markdown line (a title or body could start a heading)."""
    return " ".join(text.split())


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
