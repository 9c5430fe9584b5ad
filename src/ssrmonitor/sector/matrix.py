"""The roles matrix: which institution leads or supports which security function.

Two problems are flagged (resolution 2553, OP 10: "a clear delineation of roles and
responsibilities"):

* an **overlap** is a function with two or more lead institutions — nobody knows who answers
  for it;
* a **gap** is a function with no lead institution at all (support roles alone do not fill it).

Only the roles of institutions that exist at the date of the matrix count: a dissolved or
merged institution no longer leads anything. That filtering is the caller's job; this module
is pure and takes plain codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

LEAD = "lead"
SUPPORT = "support"


@dataclass(frozen=True)
class Assignment:
    """An institution's role in a function, by code."""

    function: str
    institution: str
    role: str


@dataclass
class MatrixAnalysis:
    """Leads per function, and the functions with an overlap or a gap."""

    leads: dict[str, list[str]] = field(default_factory=dict)
    supports: dict[str, list[str]] = field(default_factory=dict)
    overlaps: dict[str, list[str]] = field(default_factory=dict)
    gaps: list[str] = field(default_factory=list)

    def status_of(self, function: str) -> str:
        """``overlap``, ``gap`` or ``ok``."""
        if function in self.overlaps:
            return "overlap"
        if function in self.gaps:
            return "gap"
        return "ok"


def analyse(functions: Sequence[str], assignments: Iterable[Assignment]) -> MatrixAnalysis:
    """Find overlaps (two or more leads) and gaps (no lead) for every function.

    Args:
        functions: every function of the country, in display order (a function nobody
            was assigned to is a gap).
        assignments: the roles of institutions that exist at the date considered.
    """
    result = MatrixAnalysis(
        leads={code: [] for code in functions}, supports={code: [] for code in functions}
    )
    for item in assignments:
        if item.function not in result.leads:
            continue
        bucket = result.leads if item.role == LEAD else result.supports
        bucket[item.function].append(item.institution)
    for code in functions:
        leads = sorted(result.leads[code])
        result.leads[code] = leads
        result.supports[code] = sorted(result.supports[code])
        if len(leads) > 1:
            result.overlaps[code] = leads
        elif not leads:
            result.gaps.append(code)
    return result
