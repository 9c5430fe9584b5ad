"""What the engine screens and answers: entries, thresholds, bands, hits, prepared entries.

An :class:`Entry` is a person or a record as the engine sees it; :func:`prepare` normalises it
once (name tokens and their index keys, years and exact days of birth, place, sex …) into the
:class:`Prepared` form the :class:`~ssrmonitor.vetting.matching.engine.Screener` compares.
Pure Python (no Django).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from ssrmonitor.vetting.matching.dates import BirthDate, Precision
from ssrmonitor.vetting.matching.index import token_keys
from ssrmonitor.vetting.matching.normalise import fold, name_tokens
from ssrmonitor.vetting.matching.score import Evidence, norm_country, norm_sex, place_tokens


class Band(StrEnum):
    PROBABLE = "probable"
    POSSIBLE = "possible"
    NO_MATCH = "no_match"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Score from which a pair is a *probable* and a *possible* match (probable > possible)."""

    probable: float
    possible: float

    def __post_init__(self) -> None:
        if not self.probable > self.possible:
            raise ValueError("the probable threshold must be above the possible threshold")

    @classmethod
    def default(cls) -> Thresholds:
        """Defaults tuned on the benchmark (docs/vetting-screening.md explains how to set them)."""
        return cls(probable=26.0, possible=16.0)

    def band(self, score: float) -> Band:
        if score >= self.probable:
            return Band.PROBABLE
        if score >= self.possible:
            return Band.POSSIBLE
        return Band.NO_MATCH


@dataclass(frozen=True, slots=True)
class Entry:
    """A person or a record as the engine sees it: names and the facts that identify them."""

    id: str
    names: tuple[str, ...]
    weak_names: tuple[str, ...] = ()
    birth_dates: tuple[BirthDate, ...] = ()
    place_of_birth: str = ""
    sex: str = ""
    nationality: str = ""
    unit: str = ""


@dataclass(frozen=True, slots=True)
class Hit:
    """A scored (person, record) pair at or above the possible band, with its evidence."""

    person_id: str
    record_id: str
    score: float
    band: Band
    evidence: tuple[Evidence, ...]
    posterior: float | None = None  # match probability under the calibrated model
    match_weight: float | None = None  # its log2 odds (prior + the fields' Bayes factors)

    @property
    def explanation(self) -> str:
        """``names: +8.1 (ABUBAKAR≈BOUBACAR, SANI=SANI); date of birth: +2.0 (…); …;
        match probability: 0.97``"""
        text = "; ".join(str(e) for e in self.evidence)
        if self.posterior is not None:
            text += f"; match probability: {self.posterior:.3f}"
        return text


@dataclass(slots=True)
class Prepared:
    """An entry with its normalised fields, computed once."""

    entry: Entry
    names: tuple[tuple[str, ...], ...]
    weak: tuple[tuple[str, ...], ...]
    place: tuple[str, ...]
    sex: str
    nationality: str
    unit: tuple[str, ...]
    all_names: tuple[tuple[str, ...], ...] = field(default=())
    name_keys: tuple[frozenset[str], ...] = field(default=())  # index keys of each of all_names
    shortest: int = 0  # tokens in the shortest name (weak aliases aside)
    years: tuple[int, int] | None = None  # first and last possible year of birth
    days: frozenset[int] = frozenset()  # exact dates of birth (ordinals), 1 January excluded
    exact: tuple[date, ...] = ()  # the dates of birth if all are exact days (not 1 January)
    fields: int = 0  # which of place, nationality, unit are known (bits 1, 2, 4)


def prepare(entry: Entry) -> Prepared:
    names = tuple(dict.fromkeys(t for t in map(name_tokens, entry.names) if t))
    weak = tuple(
        t for t in dict.fromkeys(map(name_tokens, entry.weak_names)) if t and t not in names
    )
    return Prepared(
        entry=entry,
        names=names,
        weak=weak,
        place=place_tokens(entry.place_of_birth) if entry.place_of_birth else (),
        sex=norm_sex(entry.sex),
        nationality=norm_country(entry.nationality),
        unit=tuple(fold(entry.unit).split()) if entry.unit else (),
        all_names=names + weak,
        name_keys=tuple(frozenset(k for t in n for k in token_keys(t)) for n in names + weak),
        shortest=min((len(n) for n in names), default=0),
        years=(
            (
                min(d.earliest.year for d in entry.birth_dates),
                max(d.latest.year for d in entry.birth_dates),
            )
            if entry.birth_dates
            else None
        ),
        exact=tuple(d.earliest for d in entry.birth_dates)
        if entry.birth_dates
        and all(d.precision is Precision.DAY and not d.is_placeholder for d in entry.birth_dates)
        else (),
        fields=(1 if entry.place_of_birth else 0)
        | (2 if entry.nationality else 0)
        | (4 if entry.unit else 0),
        days=frozenset(
            d.earliest.toordinal()
            for d in entry.birth_dates
            if d.precision is Precision.DAY and not d.is_placeholder
        ),
    )
