"""JSON API routes of the reports app (mounted under /api/v1/reports/).

Reports come as files (``format`` = html, pdf or docx) or as the JSON payload they are built
from. The same rules as the pages apply: an internal report needs ``reports.generate`` in the
country (404 otherwise), a public report is open to anonymous readers for countries with a
published framework.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from ssrmonitor.core.api_support import ERRORS, READ_AUTH, WRITE_AUTH, actor_of, viewer_of
from ssrmonitor.core.permissions import NotFound
from ssrmonitor.core.schemas import InputSchema
from ssrmonitor.reports import generate, services
from ssrmonitor.reports.diff import diff_snapshots
from ssrmonitor.reports.permissions import access_country_report, access_snapshot_by_id

router = Router(tags=["reports"])
_FILE = {"schema": {"type": "string", "format": "binary"}}
_FILE_DOC: dict[str, Any] = {
    "responses": {
        200: {
            "description": "The report file.",
            "content": {"text/html": _FILE, "application/pdf": _FILE,
                        "application/vnd.openxmlformats-officedocument."
                        "wordprocessingml.document": _FILE},
        }
    }
}  # fmt: skip


class ReportQuery(Schema):
    period: str = Field(..., description="Reporting period.", examples=["2026-H1"])
    format: Literal["html", "pdf", "docx"] = Field("pdf", examples=["pdf"])
    lang: Literal["en", "fr", "ar", "pt", "es"] = Field("en", examples=["fr"])
    audience: Literal["internal", "public"] = Field("internal", examples=["internal"])


class PayloadQuery(Schema):
    period: str = Field(..., examples=["2026-H1"])
    audience: Literal["internal", "public"] = Field("internal", examples=["public"])


class FileQuery(Schema):
    format: Literal["html", "pdf", "docx"] = Field("pdf", examples=["docx"])
    lang: Literal["en", "fr", "ar", "pt", "es"] = Field("en", examples=["en"])


class NarrativeIn(InputSchema):
    period: str = Field(..., examples=["2026-H1"])
    key: Literal["introduction", "analysis", "obstacles", "observations"] = Field(
        ..., examples=["analysis"]
    )
    text: str = Field(..., max_length=services.MAX_NARRATIVE,
                      examples=["The police grew by 4 % in the half-year."])  # fmt: skip


class NarrativeOut(Schema):
    key: str = Field(..., examples=["analysis"])
    period: str = Field(..., examples=["2026-H1"])
    version: int = Field(..., examples=[3])
    text: str


class SnapshotIn(InputSchema):
    period: str = Field(..., examples=["2026-H1"])
    title: str = Field(..., max_length=services.MAX_TITLE, examples=["Input to S/2026/512"])
    audience: Literal["internal", "public"] = Field("internal", examples=["internal"])


class SnapshotOut(Schema):
    id: int = Field(..., examples=[7])
    country: str = Field(..., examples=["HT"])
    period: str = Field(..., examples=["2026-H1"])
    audience: str = Field(..., examples=["internal"])
    title: str = Field(..., examples=["Input to S/2026/512"])
    digest: str = Field(..., description="SHA-256 of the frozen content.")
    created_at: str = Field(..., examples=["2026-06-30T12:00:00+00:00"])


class ChangeOut(Schema):
    item: str = Field(..., examples=["MINUJUSTH exit strategy benchmarks / 1.1"])
    aspect: str = Field(..., examples=["rating"])
    before: str = Field(..., examples=["At risk"])
    after: str = Field(..., examples=["On track"])


def _file(payload: dict[str, Any], fmt: str, lang: str, snapshot: Any = None) -> HttpResponse:
    result = generate.rendered(payload, fmt, lang)
    response = HttpResponse(result.content, content_type=result.content_type)
    name = generate.file_name(payload, lang, result.extension, snapshot)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _snapshot_out(snapshot: Any) -> dict[str, Any]:
    return {
        "id": snapshot.pk, "country": snapshot.country.iso2, "period": str(snapshot.period),
        "audience": snapshot.audience, "title": snapshot.title, "digest": snapshot.digest,
        "created_at": snapshot.created_at.isoformat(),
    }  # fmt: skip


@router.get("/countries/{iso2}/report", response=ERRORS, auth=READ_AUTH,
            openapi_extra=_FILE_DOC, summary="A country report as a file")  # fmt: skip
def country_report(request: HttpRequest, iso2: str, query: Query[ReportQuery]) -> HttpResponse:
    """The country report of ``period`` in ``format`` and ``lang`` (approved values only)."""
    payload = generate.country_payload(viewer_of(request), iso2, query.period, query.audience)
    return _file(payload, query.format, query.lang)


@router.get("/countries/{iso2}/payload", response={200: dict[str, Any], **ERRORS},
            auth=READ_AUTH, summary="The data a country report is built from")  # fmt: skip
def country_payload(request: HttpRequest, iso2: str, query: Query[PayloadQuery]) -> Any:
    """The JSON payload of the report (what a snapshot freezes)."""
    return generate.country_payload(viewer_of(request), iso2, query.period, query.audience)


@router.post("/countries/{iso2}/narrative", response={201: NarrativeOut, **ERRORS},
             auth=WRITE_AUTH, summary="Save a new version of a narrative block")  # fmt: skip
def save_narrative(request: HttpRequest, iso2: str, payload: NarrativeIn) -> Status[Any]:
    """Each call adds a version; the previous ones are kept."""
    user = actor_of(request)
    country = access_country_report(user, iso2, "internal")
    period = generate.parse_period(payload.period)
    block = services.save_narrative(country, period, payload.key, payload.text, acting_user=user)
    return Status(201, {"key": block.key, "period": str(block.period),
                        "version": block.version, "text": block.text})  # fmt: skip


@router.post("/countries/{iso2}/snapshots", response={201: SnapshotOut, **ERRORS},
             auth=WRITE_AUTH, summary="Freeze a snapshot of a country report")  # fmt: skip
def create_snapshot(request: HttpRequest, iso2: str, payload: SnapshotIn) -> Status[Any]:
    """Freeze the data and narrative as they are now, for an official submission."""
    user = actor_of(request)
    country = access_country_report(user, iso2, "internal")
    period = generate.parse_period(payload.period)
    snapshot = services.freeze_snapshot(country, period, title=payload.title,
                                        audience=payload.audience, acting_user=user)  # fmt: skip
    return Status(201, _snapshot_out(snapshot))


@router.get("/snapshots/{snapshot_id}", response={200: SnapshotOut, **ERRORS},
            summary="A snapshot")  # fmt: skip
def get_snapshot(request: HttpRequest, snapshot_id: int) -> Any:
    return _snapshot_out(access_snapshot_by_id(viewer_of(request), snapshot_id))


@router.get("/snapshots/{snapshot_id}/report", response=ERRORS, openapi_extra=_FILE_DOC,
            summary="A snapshot's report as a file (identical on every call)")  # fmt: skip
def snapshot_report(
    request: HttpRequest, snapshot_id: int, query: Query[FileQuery]
) -> HttpResponse:
    """Regenerated from the snapshot alone: byte-for-byte the same whenever it is asked for."""
    snapshot = access_snapshot_by_id(viewer_of(request), snapshot_id)
    return _file(snapshot.payload, query.format, query.lang, snapshot)


@router.get("/snapshots/{snapshot_id}/diff/{other_id}", response={200: list[ChangeOut], **ERRORS},
            summary="Differences between two snapshots")  # fmt: skip
def snapshot_diff(request: HttpRequest, snapshot_id: int, other_id: int) -> Any:
    """From ``snapshot_id`` (before) to ``other_id`` (after), in the request's language."""
    user = viewer_of(request)
    old, new = access_snapshot_by_id(user, snapshot_id), access_snapshot_by_id(user, other_id)
    if old.country_id != new.country_id:
        raise NotFound
    return [change.__dict__ for change in diff_snapshots(old.payload, new.payload)]


@router.get("/thematic", response=ERRORS, auth=READ_AUTH, openapi_extra=_FILE_DOC,
            summary="The thematic report across countries (OP 25)")  # fmt: skip
def thematic_report(request: HttpRequest, query: Query[ReportQuery]) -> HttpResponse:
    """Internal: the countries where you hold reports.generate; public: published data."""
    payload = generate.thematic_payload(viewer_of(request), query.period, query.audience)
    return _file(payload, query.format, query.lang)
