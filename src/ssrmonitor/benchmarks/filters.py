"""The framework page's filters (component, owner, rating) and the folding of its benchmarks.

The form is a :class:`ssrmonitor.core.filters.FilterForm`: GET parameters, so a link keeps
them, and a value that does not validate is ignored and shown beside its field.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any, Protocol, TypeVar, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ssrmonitor.benchmarks.models import Benchmark, Component, Owner
from ssrmonitor.core.filters import FilterForm, choices_with_any
from ssrmonitor.core.progress import Progress, Rating

#: A framework with more benchmarks than this opens folded (unless filtered or asked otherwise).
FOLD_ABOVE = 6


class _Row(Protocol):
    """A benchmark row of the framework page (``benchmarks.views.pages.BenchmarkRow``)."""

    @property
    def view(self) -> Any: ...  # a BenchmarkView

    @property
    def rows(self) -> Sequence[Any]: ...  # IndicatorRow: .indicator, .progress


R = TypeVar("R", bound=_Row)


class FrameworkFilters(FilterForm):
    """Benchmarks by SSR component and owner, indicators by rating; folded or open."""

    component = forms.ChoiceField(label=_("SSR component"))
    owner = forms.ChoiceField(label=_("Owner"), choices=choices_with_any(Owner.choices))
    rating = forms.ChoiceField(
        label=_("Indicator rating"),
        choices=choices_with_any((r.value, r.label) for r in Rating),
    )
    fold = forms.ChoiceField(
        label=_("Benchmarks"),
        choices=[("", _("Folded when many")), ("open", _("All open")), ("folded", _("All folded"))],
    )

    def __init__(self, params: Any, *, components: Iterable[str] = ()) -> None:
        super().__init__(params)
        present = set(components)
        field = cast(forms.ChoiceField, self.fields["component"])
        field.choices = choices_with_any(
            (value, label) for value, label in Component.choices if value in present
        )


def _matches(benchmark: Benchmark, selected: dict[str, Any]) -> bool:
    if selected.get("component") and benchmark.component != selected["component"]:
        return False
    return not (selected.get("owner") and benchmark.owner != selected["owner"])


def filter_rows(rows: Iterable[R], selected: dict[str, Any]) -> list[R]:
    """The benchmark rows the filters keep; with a rating, only the indicators of that rating.

    A benchmark none of whose indicators has the rating asked for is left out.
    """
    kept = []
    for row in rows:
        if not _matches(row.view.benchmark, selected):
            continue
        if selected.get("rating"):
            wanted = Rating(selected["rating"])
            indicators = [item for item in row.rows if _rating(item.progress) == wanted]
            if not indicators:
                continue
            row = replace(row, rows=indicators)  # type: ignore[type-var]
        kept.append(row)
    return kept


def _rating(progress: Progress) -> Rating:
    return Rating(progress.rating)


def is_folded(selected: dict[str, Any], benchmark_count: int, *, filtered: bool) -> bool:
    """Whether benchmarks open folded: asked for, or many of them and no filter given."""
    if selected.get("fold") == "open":
        return False
    if selected.get("fold") == "folded":
        return True
    return benchmark_count > FOLD_ABOVE and not filtered
