"""Imports of survey data and the estimates computed from them (atomic, audited).

``import_respondents`` reads a respondent-level file (CSV, SPSS .sav, Stata .dta) through a
codebook, replaces the survey's respondents and recomputes its estimates, all in one
transaction: a file refused on any row leaves the survey as it was. ``import_published_table``
loads a published aggregates table instead. Both take a ``progress`` callback so that a
background job can wrap them (see docs/population.md).
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.feeds import SURVEY, FeedChange, fed_data_changed
from ssrmonitor.core.writes import require
from ssrmonitor.perceptions.models import Estimate, Origin, Respondent, Survey, SurveyKind
from ssrmonitor.perceptions.permissions import can_import
from ssrmonitor.perceptions.reading import (
    Codebook,
    Limits,
    Progress,
    read_respondents,
    read_text_csv,
)
from ssrmonitor.perceptions.tables import EstimateRow, estimates_of, published_rows

DESIGN_FIELDS = ("weight_variable", "strata_variable", "cluster_variable")


def _replace_estimates(survey: Survey, rows: list[EstimateRow]) -> int:
    Estimate.objects.filter(question__survey=survey).delete()
    Estimate.objects.bulk_create(
        Estimate(
            question=r.question,
            group_kind=r.group_kind,
            group_value=r.group_value,
            share=r.share,
            ci_low=r.ci_low,
            ci_high=r.ci_high,
            respondents=r.respondents,
            origin=r.origin,
        )
        for r in rows
    )
    fed_data_changed(FeedChange(SURVEY, survey.country_id, survey.pk))
    return len(rows)


def import_respondents(
    survey: Survey,
    *,
    acting_user: Actor,
    path: Path,
    fmt: str,
    codebook: Codebook,
    progress: Progress | None = None,
    limits: Limits | None = None,
) -> int:
    """Replace the survey's respondents with a file's, then recompute its estimates.

    The file is read and checked in full before the transaction opens; the first bad row
    refuses it (``ValidationFailed`` naming the row and the column). The survey's design
    (weight, strata and cluster variables) becomes the codebook's, which the intervals use.

    Args:
        survey: the survey the file belongs to.
        acting_user: a holder of ``perceptions.import`` in the survey's country.
        path: the file on disk.
        fmt: ``csv``, ``sav`` or ``dta``.
        codebook: which column holds what.
        progress: called with (rows read, rows in the file) while reading.
        limits: size, row and column limits.

    Returns:
        The number of respondents imported.
    """
    require(can_import(acting_user, survey.country_id))
    categories = {q.code: {str(c["code"]) for c in q.categories} for q in survey.questions.all()}
    rows = read_respondents(path, fmt, codebook, categories, progress=progress, limits=limits)
    with transaction.atomic(durable=True):
        survey = Survey.objects.select_for_update().select_related("country").get(pk=survey.pk)
        survey.respondents.all().delete()
        Respondent.objects.bulk_create(
            (
                Respondent(
                    survey=survey,
                    row=r.row,
                    weight=r.weight,
                    stratum=r.stratum,
                    cluster=r.cluster,
                    sex=r.sex,
                    age=r.age,
                    region=r.region,
                    area=r.area,
                    answers=r.answers,
                )
                for r in rows
            ),
            batch_size=2000,
        )
        fields = ["respondent_count", "kind", *DESIGN_FIELDS]
        before = {name: getattr(survey, name) for name in fields}
        survey.respondent_count = len(rows)
        survey.kind = SurveyKind.MICRODATA
        # the design the intervals were computed with is the codebook's
        for name, column in zip(
            DESIGN_FIELDS, (codebook.weight, codebook.stratum, codebook.cluster), strict=True
        ):
            setattr(survey, name, column)
        survey.save(update_fields=fields)
        estimates = _replace_estimates(survey, estimates_of(survey))
        audit.record(
            actor=acting_user,
            action="import_respondents",
            obj=survey,
            country_iso2=survey.country.iso2,
            before=before,
            after={
                **{name: getattr(survey, name) for name in fields},
                "estimates": estimates,
                "format": fmt,
            },
        )
    return len(rows)


@transaction.atomic(durable=True)
def compute_estimates(survey: Survey, *, acting_user: Actor) -> int:
    """Recompute the survey's estimates from its respondents (after a change of questions).

    Args:
        survey: a survey holding respondent-level data.
        acting_user: a holder of ``perceptions.import`` in the survey's country.

    Returns:
        The number of estimates stored.
    """
    require(can_import(acting_user, survey.country_id))
    count = _replace_estimates(survey, estimates_of(survey))
    audit.record(
        actor=acting_user,
        action="compute_estimates",
        obj=survey,
        country_iso2=survey.country.iso2,
        after={"estimates": count},
    )
    return count


@transaction.atomic(durable=True)
def import_published_table(
    survey: Survey,
    *,
    acting_user: Actor,
    content: bytes,
    progress: Progress | None = None,
    origin: str = Origin.PUBLISHED,
) -> tuple[int, int]:
    """Replace the survey's estimates with a published table (aggregates only).

    Rows of fewer than 30 unweighted respondents are left out, never stored.

    Args:
        survey: the survey the table belongs to.
        acting_user: a holder of ``perceptions.import`` in the survey's country.
        content: the CSV file (see :func:`ssrmonitor.perceptions.tables.published_rows`).
        progress: called with (rows read, rows in the table) once read.
        origin: ``published`` (a table as its producer published it) or ``computed`` (estimates
            computed elsewhere from the respondents, such as the bundled demo's).

    Returns:
        The estimates stored and the rows left out.
    """
    require(can_import(acting_user, survey.country_id))
    cells = read_text_csv(content)
    rows, left_out = published_rows(cells, survey, origin=origin)
    if progress is not None:
        progress(len(cells), len(cells))
    survey.respondents.all().delete()
    stored = _replace_estimates(survey, rows)
    before = {"kind": survey.kind, "respondent_count": survey.respondent_count}
    Survey.objects.filter(pk=survey.pk).update(kind=SurveyKind.AGGREGATES, respondent_count=0)
    survey.refresh_from_db()
    audit.record(
        actor=acting_user,
        action="import_published_table",
        obj=survey,
        country_iso2=survey.country.iso2,
        before=before,
        after={"estimates": stored, "left_out": left_out},
    )
    return stored, left_out
