"""Field submissions of a period's XLSForm (ODK Central, KoboToolbox) into draft values."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from lxml import etree

from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.fieldwork import import_period_submissions
from ssrmonitor.benchmarks.models import Indicator, IndicatorKind, Measurement, MeasurementStatus
from ssrmonitor.benchmarks.xlsform import field_name, period_form, to_xform
from ssrmonitor.core.fieldwork import SubmissionsRefused
from ssrmonitor.core.models import AuditEvent, FieldSubmission
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import BenchmarkFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
PERIOD = "2019-Q1"
XF = {"h": "http://www.w3.org/2002/xforms"}


def _indicators() -> tuple[Indicator, Indicator]:
    benchmark = BenchmarkFactory()
    share = services.create_indicator(
        benchmark, acting_user=SYSTEM, code="1.1", definition="Women among police officers",
        kind=IndicatorKind.PERCENTAGE, unit="%",
    )  # fmt: skip
    count = services.create_indicator(
        benchmark, acting_user=SYSTEM, code="1.2", definition="Police stations open",
        kind=IndicatorKind.QUANTITATIVE, minimum=Decimal(0),
    )  # fmt: skip
    return share, count


def _export(name: str, share: Indicator, count: Indicator) -> bytes:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return text.replace("{share}", str(share.pk)).replace("{count}", str(count.pk)).encode()


def _values(share: Indicator) -> list[tuple[int, int, Decimal, str]]:
    found = Measurement.objects.filter(indicator__benchmark=share.benchmark).order_by("pk")
    return [(m.pk, m.indicator_id, m.value, m.status) for m in found]


def test_the_period_form_round_trips_through_an_odk_central_export(alice: User) -> None:
    share, count = _indicators()
    framework = share.benchmark.framework
    xform = etree.fromstring(
        to_xform(period_form(framework, ReportingPeriod.parse(PERIOD))).encode()
    )
    content = _export("odk_central_period.csv", share, count)
    # the export's question columns are the form's questions, as ODK Central names them
    nodes = [b.get("nodeset") or "" for b in xform.iterfind(".//h:bind", XF)]
    questions = [n.removeprefix("/data/") for n in nodes if "/meta/" not in n]
    header = content.decode().split("\n", 1)[0].split(",")
    assert header[1:3] == [field_name(share), field_name(count)] == questions

    first = import_period_submissions(framework, acting_user=alice, period=PERIOD, content=content)

    values = _values(share)
    assert [(v[1], v[2], v[3]) for v in values] == [
        (share.pk, Decimal("9.5"), MeasurementStatus.DRAFT),
        (count.pk, Decimal(412), MeasurementStatus.DRAFT),
    ]
    assert first.source == "ODK Central"
    assert len(first.new) == 2 and first.unchanged == 0
    assert first.rejected == ["uuid:a1f3c2d4-7b6e-4e0a-9c3d-5e8f7a6b4c2d"]  # its 55 is not kept
    assert set(FieldSubmission.objects.values_list("submission_key", flat=True)) == set(first.new)
    assert AuditEvent.objects.filter(action="import_field_submissions").count() == 1
    events = AuditEvent.objects.count()

    again = import_period_submissions(framework, acting_user=alice, period=PERIOD, content=content)

    assert _values(share) == values
    assert (again.new, again.changed, again.unchanged) == ([], [], 2)
    assert AuditEvent.objects.count() == events  # nothing changed, nothing recorded


def test_a_kobo_submission_edited_on_the_server_is_reported_and_replaces_its_value(
    alice: User,
) -> None:
    share, count = _indicators()
    framework = share.benchmark.framework
    content = _export("kobo_period.csv", share, count)
    import_period_submissions(framework, acting_user=alice, period=PERIOD, content=content)
    # Kobo gives the edited submission a new _uuid; meta/rootUuid stays
    edited = content.replace(b"9.5;;uuid:3f6c", b"10.5;;uuid:3f6c").replace(
        b"187340211;3f6c1b2a-8d4e-4a9f-b7c1-2e5d8f9a0b13", b"187340211;77e0aa10-new-version"
    )

    result = import_period_submissions(framework, acting_user=alice, period=PERIOD, content=edited)

    assert result.changed == ["3f6c1b2a-8d4e-4a9f-b7c1-2e5d8f9a0b13"] and result.unchanged == 1
    assert [(v[1], v[2]) for v in _values(share)] == [
        (share.pk, Decimal("10.5")),
        (count.pk, Decimal(412)),
    ]  # the same draft changed, no second value
    kept = FieldSubmission.objects.get(submission_key="3f6c1b2a-8d4e-4a9f-b7c1-2e5d8f9a0b13")
    assert kept.changes == 1 and kept.source == "kobotoolbox"


def test_a_value_out_of_range_refuses_the_file_naming_submission_and_field(alice: User) -> None:
    share, count = _indicators()
    content = _export("odk_central_period.csv", share, count).replace(b",9.5,", b",140,")

    with pytest.raises(SubmissionsRefused) as caught:
        import_period_submissions(
            share.benchmark.framework, acting_user=alice, period=PERIOD, content=content
        )

    (problem,) = caught.value.problems
    assert problem.row == 2
    assert problem.submission == "uuid:6b1d0f6e-2f4a-4c1e-9a57-1f0b9c3e7d21"
    assert problem.field == field_name(share)
    assert not Measurement.objects.exists() and not FieldSubmission.objects.exists()


def test_two_submissions_giving_one_indicator_and_another_periods_form_are_refused(
    alice: User,
) -> None:
    share, count = _indicators()
    content = _export("odk_central_period.csv", share, count)
    content = content.replace(b",,412,", b",3,412,").replace(
        b"0,2019-Q1\n2026-04-05", b"0,2019-Q2\n2026-04-05"
    )

    with pytest.raises(SubmissionsRefused) as caught:
        import_period_submissions(
            share.benchmark.framework, acting_user=alice, period=PERIOD, content=content
        )

    found = {(p.row, p.field) for p in caught.value.problems}
    assert found == {(3, field_name(share)), (3, "FormVersion")}
    assert not Measurement.objects.exists()


def test_the_upload_page_lists_problems_and_saves_drafts(alice: User) -> None:
    share, count = _indicators()
    framework = share.benchmark.framework
    client = Client()
    client.force_login(alice)
    url = f"/frameworks/{framework.pk}/period/submissions/"
    good = _export("odk_central_period.csv", share, count)

    page = client.get(url, {"period": PERIOD})
    bad = client.post(url, {"period": PERIOD, "file": _upload(good.replace(b",9.5,", b",x,"))})
    done = client.post(url, {"period": PERIOD, "file": _upload(good)})

    assert page.status_code == 200 and b"xlsform.xlsx" in page.content
    assert bad.status_code == 422
    assert b"uuid:6b1d0f6e-2f4a-4c1e-9a57-1f0b9c3e7d21" in bad.content
    assert field_name(share).encode() in bad.content
    assert done.status_code == 302 and Measurement.objects.count() == 2


def test_the_upload_page_needs_an_editor(rachel: User) -> None:
    share, _count = _indicators()
    client = Client()
    client.force_login(rachel)

    response = client.get(f"/frameworks/{share.benchmark.framework.pk}/period/submissions/")

    assert response.status_code == 403


def _upload(content: bytes) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("submissions.csv", content, content_type="text/csv")
