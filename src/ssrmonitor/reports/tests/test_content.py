"""The report says what the data says: numbers in the summary and tables, never a draft."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from typing import Any

import pytest

from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.sections.document import Document, Figure, Paragraph, Table
from ssrmonitor.reports.builder import build_document, collect_country_report
from ssrmonitor.reports.render import render
from ssrmonitor.reports.render.pdf import document_json
from ssrmonitor.testing.factories_reports import (
    DRAFT_VALUE,
    INTERNAL_TITLE,
    SUBMITTED_VALUE,
    ReportWorld,
)

pytestmark = pytest.mark.django_db
PERIOD = ReportingPeriod.parse("2019-H2")


def payload_for(user: Any, world: ReportWorld, audience: str = "internal") -> dict[str, Any]:
    return collect_country_report(user, world.published.country, PERIOD, audience)


def all_text(document: Document) -> str:
    parts = [document.title, document.subtitle, *document.meta, *document.summary]
    for section in [*document.sections, *document.annex]:
        parts.append(section.title)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                parts.append(block.text)
            elif isinstance(block, Table):
                parts += [block.caption, *(c.label for c in block.columns)]
                parts += [cell for row in block.rows for cell in row.cells]
            elif isinstance(block, Figure):
                parts += [block.title, block.alt, block.svg]
    return "\n".join(parts)


def table_row(document: Document, starts: str) -> list[str]:
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Table):
                for row in block.rows:
                    if row.cells[0].startswith(starts):
                        return row.cells
    raise AssertionError(f"no row starting with {starts!r}")


def docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("word/document.xml").decode()


def test_summary_counts_match_the_data(alice: Any, world: ReportWorld) -> None:
    document = build_document(payload_for(alice, world), "en")
    summary = document.summary[0]
    # 4 benchmarks: police on track, prisons off track, the internal one (1.35 of 1.3→1.4 by
    # Oct 2019, judged mid-2019) off track, the host commitment without an approved value.
    assert summary.startswith(
        "Of the 4 benchmarks, 1 is on track, 2 are off track and 1 has no approved data yet."
    )
    assert "Progress is measured by 4 indicators. 3 of them have an approved value" in summary
    assert "1 benchmark is a commitment of the host country (0 on track)" in summary


def test_progress_table_shows_baseline_target_latest_rating_trend(
    alice: Any, world: ReportWorld
) -> None:
    document = build_document(payload_for(alice, world), "en")
    police = table_row(document, "1.1 Police officers")
    assert police[1].startswith("1.3 (")
    assert police[2].startswith("1.4 (")
    assert police[3] == "1.4 (2019-H2)"
    assert police[4:] == ["On track", "Improving"]
    prisons = table_row(document, "2.1 Pre-trial")
    assert prisons[1:4] == ["75 (2 May 2018)", "60 (15 October 2019)", "74 (2019-H1)"]
    assert prisons[4] == "Off track"


def test_host_commitments_are_a_section_of_their_own(alice: Any, world: ReportWorld) -> None:
    document = build_document(payload_for(alice, world), "en")
    keys = [section.key for section in document.sections]
    assert keys.index("benchmarks") < keys.index("host_commitments")
    host = next(s for s in document.sections if s.key == "host_commitments")
    rows = [row.cells[0] for block in host.blocks if isinstance(block, Table) for row in block.rows]
    # No approved value yet: listed in the section's table of indicators without one.
    assert rows == ["MINUJUSTH exit strategy benchmarks", "3.1 Police law adopted"]
    main = next(s for s in document.sections if s.key == "benchmarks")
    assert "Adoption of the police law" not in all_text(Document("en", "", "", [], [], [main]))


def test_obstacles_and_annex_chart_each_indicator_with_a_course(
    alice: Any, world: ReportWorld
) -> None:
    """Issue 14: a chart for each indicator with two approved values or more; those with one
    are named (their value is in the progress table), those with none have no chart at all."""
    document = build_document(payload_for(alice, world), "en")
    assert "1.1 (2019-H2): Recruitment froze for two months." in all_text(document)
    charts = next(section for section in document.annex if section.key == "charts")
    assert len(charts.blocks) == 2
    note = charts.blocks[0]
    assert isinstance(note, Paragraph) and "single approved value are not charted" in note.text
    assert sorted(note.text.rsplit(": ", 1)[1].rstrip(".").split(", ")) == ["2.1", "9.1"]
    assert "3.1" not in note.text  # no approved value: in the table of indicators without one
    figure = charts.blocks[1]
    assert isinstance(figure, Figure)
    assert figure.svg.startswith("<svg") and 'role="img"' in figure.svg
    assert "2018-H2: 1.32; 2019-H1: 1.38; 2019-H2: 1.4" in figure.alt
    sources = next(section for section in document.annex if section.key == "sources")
    assert "HNP personnel database" in all_text(Document("en", "", "", [], [], [sources]))
    assert "S/2019/563" in all_text(Document("en", "", "", [], [], [sources]))


def test_french_report_uses_french_words_plurals_and_numbers(
    alice: Any, world: ReportWorld
) -> None:
    document = build_document(payload_for(alice, world), "fr")
    summary = document.summary[0]
    assert summary.startswith(
        "Sur les 4 critères de référence, 1 est en bonne voie, 2 sont en retard"
    )
    assert "31 décembre 2019" in summary
    police = table_row(document, "1.1 Police officers")
    assert police[1].startswith("1,3 (")
    assert police[4] == "En bonne voie"


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_values_not_approved_never_appear(alice: Any, world: ReportWorld, fmt: str) -> None:
    payload = payload_for(alice, world)
    document = build_document(payload, "en")
    text = json.dumps(payload) + all_text(document) + document_json(document)
    for value in (DRAFT_VALUE, SUBMITTED_VALUE, "987.65", "876.54", "987,65"):
        assert value not in text
    content = render(document, fmt).content  # type: ignore[arg-type]
    readable = docx_text(content) if fmt == "docx" else content.decode("latin-1")
    assert "987.65" not in readable and "876.54" not in readable
    if fmt == "pdf" and shutil.which("pdftotext"):
        command = [str(shutil.which("pdftotext")), "-", "-"]
        out = subprocess.run(command, input=content, capture_output=True, check=True)  # noqa: S603
        text_of_pdf = out.stdout.decode()
        assert "987" not in text_of_pdf and "Police officers per 1,000" in text_of_pdf


def test_public_edition_has_published_frameworks_only(world: ReportWorld) -> None:
    payload = payload_for(None, world, "public")
    text = all_text(build_document(payload, "en"))
    assert "MINUJUSTH exit strategy benchmarks" in text
    assert INTERNAL_TITLE not in text
    assert "Public edition" in text
    assert payload["narrative"] == {}


def test_values_after_the_period_are_left_out(alice: Any, world: ReportWorld) -> None:
    early = collect_country_report(
        alice, world.published.country, ReportingPeriod.parse("2019-H1"), "internal"
    )
    document = build_document(early, "en")
    assert table_row(document, "1.1 Police officers")[3] == "1.38 (2019-H1)"


def test_every_format_renders_with_arabic_names(alice: Any, world: ReportWorld) -> None:
    world.police.definition = "عدد ضباط الشرطة لكل 1000 نسمة"
    world.police.save(update_fields=["definition"])
    document = build_document(payload_for(alice, world), "en")
    for fmt in ("html", "pdf", "docx"):
        content = render(document, fmt).content  # type: ignore[arg-type]
        assert len(content) > 1000
    assert "عدد ضباط الشرطة" in docx_text(render(document, "docx").content)


def test_word_charts_are_pictures_with_alt_text(alice: Any, world: ReportWorld) -> None:
    document = build_document(payload_for(alice, world), "en")
    with zipfile.ZipFile(io.BytesIO(render(document, "docx").content)) as archive:
        media = [name for name in archive.namelist() if name.startswith("word/media/")]
        xml = archive.read("word/document.xml").decode()
        assert all(
            archive.getinfo(name).date_time == (1980, 1, 1, 0, 0, 0) for name in archive.namelist()
        )
    assert len(media) == 1  # the only indicator with two approved values or more
    assert 'descr="Baseline 1.3. Target 1.4. Approved values: 2018-H2: 1.32' in xml
    assert 'name="Chart 1"' in xml and 'name="Chart 2"' not in xml
