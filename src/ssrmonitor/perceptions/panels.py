"""The perceptions panel of the home page: trust in the police, latest round per country."""

from __future__ import annotations

from typing import Any

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.home import HomePanel
from ssrmonitor.perceptions.models import GroupKind
from ssrmonitor.perceptions.permissions import estimates_visible_to


def trust_context(viewer: Viewer) -> dict[str, Any] | None:
    """Each country's latest visible estimate of trust in the police (none: no panel)."""
    rows = (
        estimates_visible_to(viewer)
        .filter(question__item__key="trust_police", group_kind=GroupKind.ALL)
        .select_related("question__survey__country")
        .order_by("question__survey__country__name", "-question__survey__round_number")
    )
    latest: dict[str, dict[str, Any]] = {}
    for row in rows:
        country = row.question.survey.country
        latest.setdefault(
            country.iso2,
            {"iso2": country.iso2, "name": country.display_name, "share": row.share,
             "low": row.ci_low, "high": row.ci_high},
        )  # fmt: skip
    return {"rows": list(latest.values())} if latest else None


TRUST_PANEL = HomePanel(
    key="perceptions",
    order=60,
    template="perceptions/home_panel.html",
    context=trust_context,
)
