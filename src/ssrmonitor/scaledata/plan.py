"""How much scale data to generate: the full plan and its ``--scale`` fractions.

At scale 1: 40 countries, 400 frameworks (10 per country) of 6 benchmarks with 5 indicators
each (12,000 indicators), 24 quarterly values per indicator (2020-Q1 to 2025-Q4: 288,000
values), 50,000 IATI activities copied from the bundled real ones and 100,000 persons on the
vetting rosters. A smaller scale shrinks every count (at least one of each), never the shape
of a framework.
"""

from __future__ import annotations

from dataclasses import dataclass

# Countries with a UN peace operation, a special political mission or SSR support today or
# recently, Haiti and South Sudan first (the demo accounts' countries).
COUNTRIES = (
    "HT", "SS", "CF", "CD", "ML", "SO", "LY", "LR", "SL", "AF",
    "BF", "NE", "GW", "CI", "SD", "IQ", "LB", "MZ", "TL", "BA",
    "CO", "GT", "SV", "HN", "YE", "SY", "UA", "GE", "MM", "NP",
    "BI", "RW", "UG", "KE", "ET", "TD", "CM", "NG", "GN", "TG",
)  # fmt: skip

FULL_FRAMEWORKS = 400
FULL_ACTIVITIES = 50_000
FULL_PERSONS = 100_000
BENCHMARKS_PER_FRAMEWORK = 6
INDICATORS_PER_BENCHMARK = 5
PERIODS = 24  # quarters, 2020-Q1 to 2025-Q4
FIRST_YEAR = 2020
PREFIX = "SCALE-"  # every generated identifier starts with it
MARK = "Illustrative"  # every generated title or text starts with it


@dataclass(frozen=True)
class ScalePlan:
    """The counts for one run."""

    countries: tuple[str, ...]
    frameworks: int
    activities: int
    persons: int

    @classmethod
    def at(cls, scale: float) -> ScalePlan:
        """The plan at ``scale`` (1 = the full dataset of the module docstring)."""
        if not 0 < scale <= 1:
            raise ValueError("the scale is a fraction in (0, 1]")
        count = max(1, min(len(COUNTRIES), round(len(COUNTRIES) * scale)))
        return cls(
            countries=COUNTRIES[:count],
            frameworks=max(count, round(FULL_FRAMEWORKS * scale)),
            activities=max(1, round(FULL_ACTIVITIES * scale)),
            persons=max(count, round(FULL_PERSONS * scale)),
        )

    @property
    def indicators(self) -> int:
        return self.frameworks * BENCHMARKS_PER_FRAMEWORK * INDICATORS_PER_BENCHMARK

    @property
    def measurements(self) -> int:
        return self.indicators * PERIODS

    def frameworks_of(self, index: int) -> int:
        """How many frameworks the ``index``-th country gets (spread evenly)."""
        share, extra = divmod(self.frameworks, len(self.countries))
        return share + (1 if index < extra else 0)

    def persons_of(self, index: int) -> int:
        """How many persons the ``index``-th country's roster holds (spread evenly)."""
        share, extra = divmod(self.persons, len(self.countries))
        return share + (1 if index < extra else 0)
