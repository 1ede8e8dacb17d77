"""A meeting's date typed the way people write it, in the console: the forms a time poll
accepts work for !reunion too, and what is not understood is named."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from .conftest import PARIS, Cli, replies


def day_month(days: int) -> str:
    return f"{(datetime.now(UTC) + timedelta(days=days)).astimezone(PARIS):%d/%m}"


def test_meetings_typed_like_poll_slots(cli: Cli) -> None:
    dm = day_month(20)
    lines = [
        "alice: !rejoindre",
        f"alice: !reunion AG {dm} de 14h à 16h",
        f"alice: !reunion AG2 le {dm} à 14h",
        "alice: !reunion AG3 demain soir",
        f'alice: !planifier P3 --creneaux "le {dm} à 14h-16h | le {dm} à 18h-20h"',
        f'alice: !planifier P6 --creneaux "{dm} 14h-16h ; {dm} 18h-20h"',
    ]
    out = cli.script(lines)
    assert replies(out, lines[1]).startswith("» 📅 Réunion #1 « AG » (programmée par alice)")
    assert replies(out, lines[2]).startswith("» 📅 Réunion #2 « AG2 » (programmée par alice)")
    assert replies(out, lines[3]).startswith("» Je ne trouve pas l'heure de la réunion : « demain soir »")
    assert replies(out, lines[4]).startswith("» 📅 Sondage de dates #3 : « P3 »")
    assert "Séparez les créneaux par |" in replies(out, lines[5])
    (assembly,) = cli.export()["assemblies"]
    starts = {m["title"]: (m["start"], m["end"]) for m in assembly["meetings"]}
    assert starts["AG"] == starts["AG2"]  # 14:00–16:00 both (two hours by default)
    start, end = (datetime.fromisoformat(t).astimezone(PARIS) for t in starts["AG"])
    assert (f"{start:%d/%m %H:%M}", f"{end:%H:%M}") == (f"{dm} 14:00", "16:00")
    assert [p["number"] for p in assembly["polls"]] == [3]
