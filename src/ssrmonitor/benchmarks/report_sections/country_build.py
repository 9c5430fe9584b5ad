"""Building the benchmark section from its collected data (no database: snapshots use it too).

Snapshots taken before values knew what they cover have no coverage in their data: every key
added since is read with a default (a level at the end of its period, compared as it is).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ssrmonitor.benchmarks.report_sections.unvalued import (
    has_value,
    short,
    unvalued_table,
    with_day,
)
from ssrmonitor.core.charts import ChartPoint, ChartSpec, render_chart
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.progress import Point, Rating, Trend, covered_days
from ssrmonitor.core.sections import SectionParts
from ssrmonitor.core.sections import formatting as fmt
from ssrmonitor.core.sections.document import Column, Figure, Paragraph, Row, Section, Table

Data = dict[str, Any]
CHARTED_FROM = 2  # approved values an indicator needs to be charted in the annex


def _benchmarks(data: Data, host: bool | None = None) -> Iterator[Data]:
    for framework in data["frameworks"]:
        for bench in framework["benchmarks"]:
            if host is None or bench["host"] == host:
                yield bench


def _indicators(data: Data) -> Iterator[Data]:
    for bench in _benchmarks(data):
        yield from bench["indicators"]


def rating_counts(ratings: list[str]) -> dict[Rating, int]:
    """How many of each rating (every rating present, in the order of :class:`Rating`)."""
    return {rating: ratings.count(str(rating)) for rating in Rating}


def _rating_phrase(rating: Rating, n: int) -> str:
    if rating is Rating.ON_TRACK:
        phrase = ngettext("%(count)s is on track", "%(count)s are on track", n)
    elif rating is Rating.AT_RISK:
        phrase = ngettext("%(count)s is at risk", "%(count)s are at risk", n)
    elif rating is Rating.OFF_TRACK:
        phrase = ngettext("%(count)s is off track", "%(count)s are off track", n)
    else:
        phrase = ngettext(
            "%(count)s has no approved data yet", "%(count)s have no approved data yet", n
        )
    return phrase % {"count": fmt.count(n)}


def _rating_sentence(benchmarks: list[Data]) -> str:
    counts = rating_counts([bench["rating"] for bench in benchmarks])
    parts = [_rating_phrase(rating, n) for rating, n in counts.items() if n]
    # Translators: the start of "Of the 11 benchmarks, 4 are on track, 3 are at risk …".
    opening = ngettext("Of the %(count)s benchmark", "Of the %(count)s benchmarks", len(benchmarks))
    start = opening % {"count": fmt.count(len(benchmarks))}
    return f"{start}, {fmt.enumeration(parts)}."


def _indicator_sentences(data: Data, period_end: str) -> list[str]:
    indicators = list(_indicators(data))
    measured = sum(1 for ind in indicators if ind["latest"] is not None)
    first = ngettext(
        "Progress is measured by %(count)s indicator.",
        "Progress is measured by %(count)s indicators.",
        len(indicators),
    ) % {"count": fmt.count(len(indicators))}
    second = ngettext(
        "%(count)s of them has an approved value by %(date)s.",
        "%(count)s of them have an approved value by %(date)s.",
        measured,
    ) % {"count": fmt.count(measured), "date": fmt.day(period_end)}
    return [first, second] if indicators else []


def _trend_sentence(data: Data) -> str:
    trends = [ind["trend"] for ind in _indicators(data)]
    better, worse = trends.count(Trend.IMPROVING), trends.count(Trend.WORSENING)
    if not better and not worse:
        return ""
    parts = []
    if better:
        parts.append(ngettext(
            "%(count)s indicator is improving", "%(count)s indicators are improving", better
        ) % {"count": fmt.count(better)})  # fmt: skip
    if worse:
        parts.append(ngettext(
            "%(count)s indicator is worsening", "%(count)s indicators are worsening", worse
        ) % {"count": fmt.count(worse)})  # fmt: skip
    return _("Over the last three approved values, %(trends)s.") % {
        "trends": fmt.enumeration(parts)
    }


def _host_sentence(data: Data) -> str:
    host = list(_benchmarks(data, host=True))
    if not host:
        return ""
    counts = rating_counts([bench["rating"] for bench in host])
    return ngettext(
        "%(count)s benchmark is a commitment of the host country (%(on_track)s on track); "
        "it is shown separately.",
        "%(count)s benchmarks are commitments of the host country (%(on_track)s on track); "
        "they are shown separately.",
        len(host),
    ) % {"count": fmt.count(len(host)), "on_track": fmt.count(counts[Rating.ON_TRACK])}


def summary_sentences(data: Data, period_end: str) -> list[str]:
    """The generated summary: ratings of the benchmarks, indicators measured, trends, host."""
    benchmarks = list(_benchmarks(data))
    if not benchmarks:
        return [_("No benchmark has been adopted for this country yet.")]
    sentences = [_rating_sentence(benchmarks), *_indicator_sentences(data, period_end)]
    sentences += [s for s in (_trend_sentence(data), _host_sentence(data)) if s]
    return [" ".join(sentences)]


def _columns() -> list[Column]:
    return [
        Column(_("Benchmark and indicators")),
        Column(_("Baseline"), numeric=True),
        Column(_("Target"), numeric=True),
        Column(_("Latest approved value"), numeric=True),
        Column(_("Rating")),
        Column(_("Trend")),
    ]


def _rounded(text: str) -> str:
    """An annualised value as it is read: whole from 10 up, to one decimal below."""
    value = Decimal(text)
    return fmt.number(str(value.quantize(Decimal(1) if abs(value) >= 10 else Decimal("0.1"))))


def span(start: str, end: str) -> str:
    """The dates a value covers: ``Oct 2017–Aug 2019`` for whole months, else to the day."""
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    months = first.day == 1 and (last + timedelta(days=1)).day == 1
    pattern = "MMM y" if months else "d MMM y"
    shown = [format_date(day, pattern, locale=fmt.locale()) for day in (first, last)]
    return shown[0] if shown[0] == shown[1] else f"{shown[0]}–{shown[1]}"


def _when(point: Data) -> str:
    """What a value covers, for a table cell: the span, the day of a level, or its period."""
    day, start = point.get("day"), point.get("start")
    if day and start:
        return span(start, day)
    if day and date.fromisoformat(day) != ReportingPeriod.parse(point["period"]).end:
        return _("as at %s") % fmt.day(day)
    return str(point["period"])


def value_cell(point: Data | None) -> str:
    """A value with what it covers and how it was compared, e.g. ``1,382 (Oct 2017–Aug 2019,
    ≈721 a year)``; ``—`` without a value."""
    if point is None:
        return "—"
    details = [_when(point)]
    if point.get("annualised") and point.get("compared") is not None:
        details.append(_("≈%s a year") % _rounded(point["compared"]))
    elif "compared" in point and point["compared"] is None:
        details.append(_("not compared"))
    return f"{fmt.number(point['value'])} ({', '.join(details)})"


def _indicator_row(ind: Data) -> Row:
    value = value_cell(ind["latest"])
    label = f"{ind['code']} {ind['definition']}".strip()
    if ind["unit"]:
        label += f" [{ind['unit']}]"
    return Row([
        label,
        with_day(ind["baseline"], ind["baseline_text"], ind["baseline_date"]),
        with_day(ind["target"], ind["target_text"], ind["target_date"]),
        value,
        Rating(ind["rating"]).label,
        Trend(ind["trend"]).label,
    ])  # fmt: skip


def comparison_notes(benchmarks: list[Data]) -> list[Paragraph]:
    """Notes under a progress table: how values were annualised, and each value not compared
    with its target, with the reason (those values are shown but not rated)."""
    indicators = [ind for bench in benchmarks for ind in bench["indicators"]]
    notes = []
    if any((ind["latest"] or {}).get("annualised") for ind in indicators):
        notes.append(Paragraph(_(
            "≈ … a year: a total over the dates it covers, annualised (× 365 / days covered) "
            "to compare it with a yearly target."
        ), style="note"))  # fmt: skip
    left_out = [
        f"{ind['code']} {point['period']}: {value_cell(point)} — {point.get('reason', '')}"
        for ind in indicators
        for point in ind["points"]
        if "compared" in point and point["compared"] is None
    ]
    if left_out:
        notes.append(Paragraph(
            _("Not compared with the target, so not rated: %s") % "; ".join(left_out),
            style="note",
        ))  # fmt: skip
    return notes


def progress_table(caption: str, benchmarks: list[Data]) -> Table:
    """Each benchmark (a group row with its rolled-up rating) followed by its indicators that
    have an approved value; a benchmark none of whose indicators has one is left to
    :func:`unvalued_table`."""
    rows: list[Row] = []
    for bench in benchmarks:
        valued = [ind for ind in bench["indicators"] if has_value(ind)]
        if not valued:
            continue
        text = f"{bench['code']} {bench['text']}".strip()
        rows.append(Row([text, "", "", "", Rating(bench["rating"]).label, ""], group=True))
        rows += [_indicator_row(ind) for ind in valued]
    return Table(caption, _columns(), rows)


def _framework_note(framework: Data) -> Paragraph:
    parts = [framework["title"]]
    if framework["source_document"] and framework["source_document"] not in framework["title"]:
        parts.append(framework["source_document"])
    if framework["adoption_date"]:
        parts.append(_("adopted %s") % fmt.day(framework["adoption_date"]))
    overall = _("overall rating: %s") % Rating(framework["rating"]).label
    return Paragraph(" — ".join([*parts, overall]), style="heading")


def _progress_sections(data: Data) -> list[Section]:
    un_blocks: list[Any] = []
    host_blocks: list[Any] = []
    for framework in data["frameworks"]:
        for host, blocks in ((False, un_blocks), (True, host_blocks)):
            benches = [b for b in framework["benchmarks"] if b["host"] == host]
            if any(has_value(ind) for b in benches for ind in b["indicators"]):
                blocks += [_framework_note(framework),
                           progress_table(framework["title"], benches),
                           *comparison_notes(benches)]  # fmt: skip
    for host, blocks in ((False, un_blocks), (True, host_blocks)):
        unvalued = unvalued_table(data, host)
        if unvalued is not None:
            blocks.append(unvalued)
    sections = []
    if un_blocks:
        sections.append(Section("benchmarks", _("Progress against the benchmarks"), un_blocks))
    if host_blocks:
        title = _("Commitments of the host country")
        sections.append(Section("host_commitments", title, host_blocks))
    return sections


def _obstacles_section(data: Data) -> Section | None:
    blocks: list[Any] = [
        Paragraph(f"{ind['code']} ({ind['latest']['period']}): {ind['obstacles']}")
        for ind in _indicators(data)
        if ind["obstacles"] and ind["latest"]
    ]
    if not blocks:
        return None
    return Section("obstacles_recorded", _("Obstacles recorded with the latest values"), blocks)


def _chart_point(p: Data) -> ChartPoint:
    """A value as compared with the target, drawn over its span; annualised, the note says so."""
    day, start = date.fromisoformat(p["day"]), p.get("start")
    first = date.fromisoformat(start) if start else None
    note = ""
    if p.get("annualised"):
        days = covered_days(Point(day, Decimal(p["value"]), first)) or 0
        note = _("annualised from %(value)s over %(days)d days") % {
            "value": fmt.number(p["value"]), "days": days}  # fmt: skip
    value = Decimal(p.get("compared") or p["value"])
    return ChartPoint(day, value, p["period"], p["illustrative"], start=first, note=note)


def chart_spec(ind: Data) -> ChartSpec:
    """The chart of one indicator, from collected data (the same spec in every format): the
    values compared with the target; those that cannot be are named in ``left_out``."""
    drawn = [p for p in ind["points"] if "compared" not in p or p["compared"] is not None]
    left_out = [
        f"{p['period']}: {fmt.number(p['value'])} ({p.get('reason', '')})"
        for p in ind["points"]
        if p not in drawn
    ]
    points = [_chart_point(p) for p in drawn]
    return ChartSpec(
        title=f"{ind['code']} {ind['definition']}".strip(),
        unit=ind["unit"],
        points=points,
        baseline=None if ind["baseline"] is None else Decimal(ind["baseline"]),
        baseline_date=date.fromisoformat(ind["baseline_date"]) if ind["baseline_date"] else None,
        target=None if ind["target"] is None else Decimal(ind["target"]),
        target_date=date.fromisoformat(ind["target_date"]) if ind["target_date"] else None,
        increase=ind["increase"],
        left_out=left_out,
    )


def chart_alt(ind: Data) -> str:
    """Alt text: what the chart shows, in words (the values are also in the progress table)."""
    values = "; ".join(f"{p['period']}: {fmt.number(p['value'])}" for p in ind["points"])
    parts = [
        _("Baseline %s.") % fmt.number(ind["baseline"]),
        _("Target %s.") % fmt.number(ind["target"]),
        (_("Approved values: %s.") % values) if values else _("No approved value yet."),
    ]
    return " ".join(parts)


def _charts_section(data: Data) -> Section | None:
    """A chart of each indicator with at least :data:`CHARTED_FROM` approved values: a single
    value has no course to draw, and the progress table gives it with baseline and target."""
    figures: list[Any] = []
    charted = [ind for ind in _indicators(data) if len(ind["points"]) >= CHARTED_FROM]
    for index, ind in enumerate(charted, start=1):
        spec = chart_spec(ind)
        svg = str(render_chart(spec, element_id=f"chart-{index}", width=640, height=280))
        figures.append(Figure(spec.title, chart_alt(ind), svg))
    if not figures:
        return None
    single = [ind["code"] for ind in _indicators(data) if len(ind["points"]) == 1]
    if single:
        figures.insert(0, Paragraph(_(
            "Indicators with a single approved value are not charted; the progress table gives "
            "the value with its baseline and target: %s."
        ) % ", ".join(single), style="note"))  # fmt: skip
    return Section("charts", _("Annex: approved values of each indicator"), figures)


def _sources_section(data: Data) -> Section:
    blocks: list[Any] = []
    for framework in data["frameworks"]:
        source = " ".join(p for p in (framework["source_document"], framework["source_title"]) if p)
        blocks.append(Paragraph(f"{framework['title']}: {source or '—'}"))
    rows = [
        Row([short(f"{ind['code']} {ind['definition']}".strip()), ind["data_source"] or "—",
             ", ".join(ind["documents"]) or "—"])
        for ind in _indicators(data)
        if ind["points"]
    ]  # fmt: skip
    columns = [Column(_("Indicator")), Column(_("Data source")), Column(_("Reported in"))]
    if rows:
        blocks.append(Table(_("Sources of the indicators"), columns, rows))
    return Section("sources", _("Annex: data sources"), blocks)


def build_benchmarks(data: Data) -> SectionParts:
    """Summary sentences, progress tables (host commitments apart), obstacles and the annex."""
    body = _progress_sections(data)
    obstacles = _obstacles_section(data)
    if obstacles is not None:
        body.append(obstacles)
    annex = [section for section in (_charts_section(data), _sources_section(data)) if section]
    return SectionParts(
        summary=summary_sentences(data, data.get("period_end", "")),
        body=body,
        annex=annex,
    )
