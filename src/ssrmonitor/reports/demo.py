"""Demo of the reports app: nothing to load — reports are built from the benchmark demo data.

The reports app holds only what people write (narrative blocks) and freeze (snapshots); the
demo invents neither. :func:`load_demo` checks which demo countries have a report and says
where to find it, writing nothing (so it is idempotent by construction).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from ssrmonitor.core.actors import Actor
from ssrmonitor.core.sections import Audience, report_countries


def load_demo(*, acting_user: Actor) -> dict[str, Any]:
    """The countries with a public report and the URL of each country's reports page."""
    codes = sorted(report_countries(Audience.PUBLIC).values_list("iso2", flat=True))
    return {
        "created": 0,
        "countries_with_reports": len(codes),
        "pages": {code: reverse("reports:country", args=[code]) for code in codes},
    }
