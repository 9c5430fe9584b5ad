"""Importing respondent-level files (CSV, SPSS, Stata) through a codebook, and published tables."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.perceptions.models import Estimate, GroupKind, Origin, Respondent, SurveyKind
from ssrmonitor.perceptions.reading import Limits, parse_codebook
from ssrmonitor.perceptions.services.imports import import_published_table, import_respondents
from ssrmonitor.perceptions.tests import kit
from ssrmonitor.testing.actors import SYSTEM

pytestmark = pytest.mark.django_db


def _write_stat(path: Path, rows: list[dict[str, Any]], fmt: str) -> Path:
    import pandas as pd
    import pyreadstat

    frame = pd.DataFrame(rows, columns=kit.COLUMNS)
    (pyreadstat.write_sav if fmt == "sav" else pyreadstat.write_dta)(frame, str(path))
    return path


def _reason(exc: pytest.ExceptionInfo[ValidationFailed]) -> str:
    return exc.value.errors[0].reason


@pytest.mark.parametrize("fmt", ["csv", "sav", "dta"])
def test_each_format_gives_the_same_estimates(tmp_path: Path, fmt: str) -> None:
    rows = kit.synthetic_rows()
    path = tmp_path / f"survey.{fmt}"
    path = kit.write_csv(path, rows) if fmt == "csv" else _write_stat(path, rows, fmt)
    survey = kit.survey(strata_variable="strat", cluster_variable="ea")
    kit.police_question(survey)
    progress: list[tuple[int, int | None]] = []

    count = import_respondents(
        survey, acting_user=SYSTEM, path=path, fmt=fmt, codebook=kit.CODEBOOK,
        progress=lambda done, total: progress.append((done, total)),
    )  # fmt: skip

    substantive = [r for r in rows if r["q_police"] != 9]
    weights = sum(r["wt"] for r in substantive)
    expected = 100 * sum(r["wt"] for r in substantive if r["q_police"] >= 2) / weights
    overall = Estimate.objects.get(question__survey=survey, group_kind=GroupKind.ALL)
    assert count == len(rows) == Respondent.objects.filter(survey=survey).count()
    assert overall.share == Decimal(str(expected)).quantize(Decimal("0.1"))
    assert overall.respondents == len(substantive)
    assert overall.ci_low is not None and overall.ci_low < overall.share < overall.ci_high  # type: ignore[operator]
    kinds = set(
        Estimate.objects.filter(question__survey=survey).values_list("group_kind", "group_value")
    )
    assert {("sex", "woman"), ("sex", "man"), ("age_band", "18-35"), ("age_band", "36+"),
            ("urban_rural", "urban"), ("region", "North")} <= kinds  # fmt: skip
    assert progress[-1][0] == len(rows)
    survey.refresh_from_db()
    assert (survey.weight_variable, survey.strata_variable, survey.cluster_variable) == (
        "wt",
        "strat",
        "ea",
    )
    assert AuditEvent.objects.filter(action="import_respondents").count() == 1


def test_a_bad_weight_names_the_row_and_column_and_changes_nothing(tmp_path: Path) -> None:
    survey = kit.survey()
    kit.police_question(survey)
    import_respondents(
        survey, acting_user=SYSTEM, path=kit.write_csv(tmp_path / "a.csv", kit.synthetic_rows()),
        fmt="csv", codebook=kit.CODEBOOK,
    )  # fmt: skip
    before = list(Estimate.objects.values_list("pk", "share"))
    rows = kit.synthetic_rows()
    rows[41]["wt"] = "heavy"

    with pytest.raises(ValidationFailed) as exc:
        import_respondents(
            survey, acting_user=SYSTEM, path=kit.write_csv(tmp_path / "b.csv", rows), fmt="csv",
            codebook=kit.CODEBOOK,
        )  # fmt: skip

    assert "Row 42, column wt" in _reason(exc)
    assert list(Estimate.objects.values_list("pk", "share")) == before
    assert Respondent.objects.filter(survey=survey).count() == len(rows)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [("gender", 7, "Row 5, column gender"), ("age", "old", "Row 5, column age")],
)
def test_unmapped_codes_and_bad_ages_are_refused(
    tmp_path: Path, column: str, value: Any, message: str
) -> None:
    survey = kit.survey()
    kit.police_question(survey)
    rows = kit.synthetic_rows()
    rows[4][column] = value

    with pytest.raises(ValidationFailed) as exc:
        import_respondents(
            survey, acting_user=SYSTEM, path=kit.write_csv(tmp_path / "c.csv", rows), fmt="csv",
            codebook=kit.CODEBOOK,
        )  # fmt: skip

    assert message in _reason(exc)
    assert not Respondent.objects.exists()


def test_a_column_missing_from_the_file_is_named(tmp_path: Path) -> None:
    survey = kit.survey()
    kit.police_question(survey)
    path = tmp_path / "d.csv"
    path.write_text("wt,gender\n1,1\n")

    with pytest.raises(ValidationFailed) as exc:
        import_respondents(survey, acting_user=SYSTEM, path=path, fmt="csv", codebook=kit.CODEBOOK)

    assert "Column strat" in _reason(exc)


@pytest.mark.parametrize("fmt", ["csv", "sav"])
def test_the_row_limit_is_checked_while_reading(tmp_path: Path, fmt: str) -> None:
    survey = kit.survey()
    kit.police_question(survey)
    rows = kit.synthetic_rows(60)
    path = tmp_path / f"e.{fmt}"
    path = kit.write_csv(path, rows) if fmt == "csv" else _write_stat(path, rows, fmt)

    with pytest.raises(ValidationFailed) as exc:
        import_respondents(
            survey, acting_user=SYSTEM, path=path, fmt=fmt, codebook=kit.CODEBOOK,
            limits=Limits(max_rows=50),
        )  # fmt: skip

    assert "more than 50 rows" in _reason(exc)


def test_a_codebook_without_questions_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        parse_codebook({"weight": "wt"})
    book = parse_codebook(
        {"questions": {"Q1": "q1"}, "sex": {"column": "s", "woman": [2], "man": [1]}}
    )
    assert book.sex_codes == {"woman": ["2"], "man": ["1"]}


TABLE = (
    "question,group,value,share,ci_low,ci_high,respondents\n"
    "Q37G,all,,59.8,56.5,63.1,1171\n"
    "Q37G,sex,woman,57.4,52.7,62.0,578\n"
    "Q37G,region,Kidal,40.0,,,14\n"
)


def test_a_published_table_is_loaded_without_its_small_cells() -> None:
    survey = kit.survey()
    kit.police_question(survey)

    stored, left_out = import_published_table(survey, acting_user=SYSTEM, content=TABLE.encode())

    survey.refresh_from_db()
    assert (stored, left_out) == (2, 1)
    assert survey.kind == SurveyKind.AGGREGATES
    assert set(Estimate.objects.values_list("group_value", "share", "origin")) == {
        ("", Decimal("59.8"), Origin.PUBLISHED),
        ("woman", Decimal("57.4"), Origin.PUBLISHED),
    }


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Q99,all,,50,,,100", "Row 1, column question"),
        ("Q37G,all,,150,,,100", "Row 1, column share"),
        ("Q37G,all,,50,60,70,100", "Row 1, column ci_low"),
        ("Q37G,cohort,x,50,,,100", "Row 1, column group"),
    ],
)
def test_a_bad_table_cell_is_named(line: str, message: str) -> None:
    survey = kit.survey()
    kit.police_question(survey)
    content = f"question,group,value,share,ci_low,ci_high,respondents\n{line}\n".encode()

    with pytest.raises(ValidationFailed) as exc:
        import_published_table(survey, acting_user=SYSTEM, content=content)

    assert message in _reason(exc)
    assert not Estimate.objects.exists()
