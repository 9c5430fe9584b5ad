"""Personnel returns collected with ODK or KoboToolbox: the XLSForm and the submissions."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from lxml import etree

from ssrmonitor.core.fieldwork import SubmissionsRefused
from ssrmonitor.core.fieldwork.xlsform import to_xform
from ssrmonitor.core.models import AuditEvent, FieldSubmission
from ssrmonitor.core.permissions import Denied
from ssrmonitor.sector.fieldwork import import_personnel_submissions, personnel_form
from ssrmonitor.sector.models import Institution, PersonnelCount, PersonnelReturn
from ssrmonitor.testing.factories_sector import make_institution

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
XF = {"h": "http://www.w3.org/2002/xforms"}


def _export(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _cells(institution: Institution, period: str) -> dict[tuple[str, str], int]:
    found = PersonnelCount.objects.filter(
        personnel_return__institution=institution, personnel_return__period=period
    )
    return {(c.rank, c.sex): c.count for c in found}


def test_the_form_asks_women_and_men_of_each_rank_as_whole_numbers() -> None:
    xform = etree.fromstring(to_xform(personnel_form(make_institution())).encode())

    binds = {b.get("nodeset") or "": b for b in xform.iterfind(".//h:bind", XF)}
    cell = binds["/data/rank_nco/nco_female"]
    assert (cell.get("type"), cell.get("constraint"), cell.get("required")) == (
        "int", ". >= 0", "true()",
    )  # fmt: skip
    assert "regex" in (binds["/data/period"].get("constraint") or "")
    assert len([n for n in binds if n.startswith("/data/rank_")]) == 6
    # the fixtures' question columns are the form's, as each server names them
    questions = [n.removeprefix("/data/") for n in binds if "/meta/" not in n]
    for name, separator in (("odk_central_personnel.csv", "-"), ("kobo_personnel.csv", "/")):
        header = _export(name).decode().split("\n", 1)[0].split(",")
        asked = [c.replace(separator, "/") for c in header if c == "period" or "rank_" in c]
        assert asked == questions


def test_odk_central_submissions_become_returns_and_a_reimport_changes_nothing(
    alice: User,
) -> None:
    institution = make_institution()
    content = _export("odk_central_personnel.csv")

    first = import_personnel_submissions(institution, acting_user=alice, content=content)

    assert len(first.new) == 2
    assert _cells(institution, "2026-Q2")[("officer", "female")] == 41
    assert _cells(institution, "2026-Q1")[("other", "male")] == 9902
    returned = PersonnelReturn.objects.get(institution=institution, period="2026-Q2")
    assert returned.source == "ODK Central uuid:5e2b7c1d-3a4f-4b8e-9d6c-0f1a2b3c4d5e"
    kept = FieldSubmission.objects.get(submission_key="uuid:5e2b7c1d-3a4f-4b8e-9d6c-0f1a2b3c4d5e")
    assert kept.object_id == str(returned.pk)
    events = AuditEvent.objects.count()

    again = import_personnel_submissions(institution, acting_user=alice, content=content)

    assert (again.new, again.changed, again.unchanged) == ([], [], 2)
    assert AuditEvent.objects.count() == events
    assert PersonnelReturn.objects.filter(institution=institution).count() == 2


def test_an_edited_kobo_submission_replaces_its_return_and_is_reported(alice: User) -> None:
    institution = make_institution()
    content = _export("kobo_personnel.csv")
    import_personnel_submissions(institution, acting_user=alice, content=content)

    result = import_personnel_submissions(
        institution, acting_user=alice, content=content.replace(b",41,388,", b",44,388,")
    )

    assert result.changed == ["d41c7e2a-6b3f-4a8d-9e1c-2f5a7b8c9d0e"]
    assert _cells(institution, "2026-Q2")[("officer", "female")] == 44
    assert PersonnelReturn.objects.filter(institution=institution).count() == 1


def test_another_submission_for_a_period_already_returned_is_refused(alice: User) -> None:
    institution = make_institution()
    import_personnel_submissions(
        institution, acting_user=alice, content=_export("odk_central_personnel.csv")
    )

    with pytest.raises(SubmissionsRefused) as caught:
        import_personnel_submissions(
            institution, acting_user=alice, content=_export("kobo_personnel.csv")
        )

    (problem,) = caught.value.problems
    assert (problem.submission, problem.field) == ("d41c7e2a-6b3f-4a8d-9e1c-2f5a7b8c9d0e", "period")
    assert "uuid:5e2b7c1d" in problem.reason


def test_every_bad_cell_is_named_and_nothing_is_written(alice: User) -> None:
    institution = make_institution()
    content = _export("odk_central_personnel.csv").replace(b"2026-Q2,41,388", b"2026-Q7,-4,388")

    with pytest.raises(SubmissionsRefused) as caught:
        import_personnel_submissions(institution, acting_user=alice, content=content)

    assert {(p.row, p.field) for p in caught.value.problems} == {
        (2, "period"),
        (2, "officer_female"),
    }
    assert not PersonnelReturn.objects.exists() and not FieldSubmission.objects.exists()


def test_a_count_int_cannot_read_or_the_column_cannot_hold_is_named_not_a_crash(
    alice: User,
) -> None:
    """A superscript two passes isdigit(), not int(); 10**10 overflows the column (review1)."""
    institution = make_institution()
    content = _export("odk_central_personnel.csv").replace(
        b"2026-Q2,41,388", "2026-Q2,4\u00b2,10000000000".encode()
    )

    with pytest.raises(SubmissionsRefused) as caught:
        import_personnel_submissions(institution, acting_user=alice, content=content)

    reasons = {p.field: p.reason for p in caught.value.problems}
    assert set(reasons) == {"officer_female", "officer_male"}
    assert "whole number" in reasons["officer_female"]
    assert "At most" in reasons["officer_male"]
    assert not PersonnelReturn.objects.exists() and not FieldSubmission.objects.exists()


def test_only_importers_of_the_country_may_import(bob: User) -> None:
    with pytest.raises(Denied):
        import_personnel_submissions(
            make_institution(), acting_user=bob, content=_export("kobo_personnel.csv")
        )


def test_the_pages_serve_the_form_and_take_the_upload(alice: User, victor: User) -> None:
    institution = make_institution()
    client = Client()
    client.force_login(alice)
    upload = SimpleUploadedFile("export.csv", _export("kobo_personnel.csv"), "text/csv")

    page = client.get(f"/sector/institutions/{institution.pk}/")
    form = client.get(f"/sector/institutions/{institution.pk}/xlsform.xlsx")
    done = client.post(f"/sector/institutions/{institution.pk}/submissions/", {"file": upload})

    assert b"/xlsform.xlsx" in page.content and b"/submissions/" in page.content
    assert form.status_code == 200 and "rank_officer" in to_xform(form.content)
    assert done.status_code == 302 and PersonnelReturn.objects.count() == 1
    client.force_login(victor)
    assert client.get(f"/sector/institutions/{institution.pk}/xlsform.xlsx").status_code == 403
