"""Where the code answers otherwise than the README says, pinned until it is corrected.

``(case label, persona) → (status answered today, why)``. The matrix expects the README's
status everywhere else; here it expects today's answer, so that a correction (or a change for
the worse) fails the matrix and this table is updated. A deviation never lets a persona do what
it may not (the runner still checks that a refused write leaves no trace): a persona that could
act where it may not is a failure, never an entry here.
"""

from __future__ import annotations

from collections.abc import Iterable

ANONYMOUS = ("public", "deactivated")


def pin(
    labels: Iterable[str], personas: Iterable[str], status: int, why: str
) -> dict[tuple[str, str], tuple[int, str]]:
    return {(label, persona): (status, why) for label in labels for persona in personas}


DEVIATIONS: dict[tuple[str, str], tuple[int, str]] = {
    **pin(
        ["GET sector:bulk_import [HT]", "POST sector:bulk_import [HT]"],
        ANONYMOUS,
        403,
        "the page has no login_required: the public is refused with 403 instead of being sent "
        "to sign in (nothing is revealed or written)",
    ),
}
