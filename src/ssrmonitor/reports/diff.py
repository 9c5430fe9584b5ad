"""What changed between two snapshots: ratings, latest values, summary counts and narrative."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ssrmonitor.core.progress import Rating, Trend
from ssrmonitor.core.sections import formatting as fmt
from ssrmonitor.reports.models import NarrativeKey

Data = dict[str, Any]


@dataclass(frozen=True)
class Change:
    """One difference: where (``item``), what (``aspect``), and the two values as shown."""

    item: str
    aspect: str
    before: str
    after: str


def _latest(ind: Data) -> str:
    latest = ind.get("latest")
    return "—" if not latest else f"{fmt.number(latest['value'])} ({latest['period']})"


def _indicators(payload: Data) -> dict[str, Data]:
    found: dict[str, Data] = {}
    section = payload.get("sections", {}).get("benchmarks") or {"frameworks": []}
    for framework in section["frameworks"]:
        for bench in framework["benchmarks"]:
            found[f"{framework['title']} / {bench['code']}"] = {"kind": "benchmark", **bench}
            for ind in bench["indicators"]:
                found[f"{framework['title']} / {ind['code']}"] = {"kind": "indicator", **ind}
    return found


def _compare(label: str, old: Data | None, new: Data | None) -> Iterator[Change]:
    if old is None or new is None:
        gone = _("not in the report")
        kept = _("in the report")
        yield Change(label, _("presence"), gone if old is None else kept,
                     gone if new is None else kept)  # fmt: skip
        return
    if old["rating"] != new["rating"]:
        yield Change(label, _("rating"), Rating(old["rating"]).label, Rating(new["rating"]).label)
    if new["kind"] == "indicator":
        if _latest(old) != _latest(new):
            yield Change(label, _("latest approved value"), _latest(old), _latest(new))
        if old["trend"] != new["trend"]:
            yield Change(label, _("trend"), Trend(old["trend"]).label, Trend(new["trend"]).label)


def _narrative(old: Data, new: Data) -> Iterator[Change]:
    for key in NarrativeKey:
        before = old.get("narrative", {}).get(str(key), {})
        after = new.get("narrative", {}).get(str(key), {})
        if before.get("text", "") != after.get("text", ""):
            yield Change(
                str(key.label),
                _("narrative"),
                _("version %s") % before["version"] if before else "—",
                _("version %s") % after["version"] if after else "—",
            )


def diff_snapshots(old: Data, new: Data) -> list[Change]:
    """The differences from ``old`` to ``new`` payload, in a stable order (built in a language)."""
    changes: list[Change] = []
    if old.get("period") != new.get("period"):
        changes.append(Change(_("Report"), _("period"), old["period"], new["period"]))
    before, after = _indicators(old), _indicators(new)
    for label in sorted(set(before) | set(after)):
        changes += _compare(label, before.get(label), after.get(label))
    changes += _narrative(old, new)
    return changes
