"""The perceptions app's long work, run by ``ssrmonitor worker``: importing an uploaded
respondent-level survey file (see :mod:`ssrmonitor.core.jobs` and docs/population.md).

The upload waits for its job in the job inputs folder as received, with mode 0600 (no one but
the server's account reads it), and is deleted when the job has run, whatever the outcome. It
is not encrypted there: the data key and its AES-GCM seal belong to the vetting app, which sits
above this one in the layers (``pyproject.toml``), so this app may not import it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssrmonitor.core.actors import Actor
from ssrmonitor.core.jobs.context import JobContext
from ssrmonitor.core.jobs.inputs import discard_input, input_path, keep_input
from ssrmonitor.core.jobs.registry import JobKind
from ssrmonitor.core.jobs.services import submit_job
from ssrmonitor.core.models import Job
from ssrmonitor.core.permissions import Action, NotFound
from ssrmonitor.perceptions.models import Estimate, Survey
from ssrmonitor.perceptions.reading import parse_codebook
from ssrmonitor.perceptions.services.imports import import_respondents


def import_respondents_upload(ctx: JobContext) -> None:
    """Import the kept file ``params["input"]`` into survey ``params["survey"]``, atomically."""
    name = str(ctx.params["input"])
    try:
        survey = Survey.objects.filter(pk=int(ctx.params["survey"]), country=ctx.country).first()
        if survey is None:
            raise NotFound
        ctx.progress(0, None, _("Reading the file."))
        count = import_respondents(
            survey,
            acting_user=ctx.actor,
            path=input_path(name),
            fmt=str(ctx.params["format"]),
            codebook=parse_codebook(ctx.params["codebook"]),
            progress=lambda done, total: ctx.progress(done, total, _("Reading the file.")),
        )
    finally:
        discard_input(name)
    survey.refresh_from_db()
    ctx.add_fact(_("Respondents imported"), count)
    ctx.add_fact(_("Estimates computed"), Estimate.objects.filter(question__survey=survey).count())
    ctx.link_result(
        survey.get_absolute_url(),
        _("See the survey %(name)s and its estimates") % {"name": survey.name},
    )


IMPORT_RESPONDENTS = JobKind(
    name="perceptions.import_respondents",
    run=import_respondents_upload,
    action=Action.IMPORT_PERCEPTIONS,
    title=gettext_lazy("Import of a survey's respondents"),
)


def submit_respondents_import(
    *,
    acting_user: Actor,
    survey: Survey,
    chunks: Any,
    fmt: str,
    codebook: dict[str, Any],
    file_name: str,
) -> Job:
    """Keep the upload and queue its import; the kept file is discarded if the job is refused.

    Args:
        acting_user: a holder of ``perceptions.import`` in the survey's country.
        survey: the survey the file belongs to.
        chunks: the uploaded file's bytes, chunk by chunk.
        fmt: ``csv``, ``sav`` or ``dta``.
        codebook: the codebook in its JSON form (checked by :func:`parse_codebook`).
        file_name: the uploaded file's name, for the job's title.

    Returns:
        The queued job.
    """
    kept = keep_input(chunks, suffix=f".{fmt}")
    mapping = hashlib.sha256(json.dumps(codebook, sort_keys=True).encode()).hexdigest()[:16]
    try:
        return submit_job(
            acting_user=acting_user,
            kind=IMPORT_RESPONDENTS.name,
            country=survey.country,
            work_key=f"{survey.pk}:{kept.sha256}:{fmt}:{mapping}",
            params={
                "input": kept.name,
                "size": kept.size,
                "survey": survey.pk,
                "format": fmt,
                "codebook": codebook,
            },
            title=_("Import of %(file)s into %(survey)s")
            % {"file": file_name[:100], "survey": survey.name},
        )
    except BaseException:
        discard_input(kept.name)
        raise
