"""The reader of ODK Central and KoboToolbox submissions exports (both CSV dialects)."""

from __future__ import annotations

import pytest

from ssrmonitor.core.fieldwork import SubmissionsRefused, read_submissions
from ssrmonitor.core.models import FieldSource

ODK = (
    "SubmissionDate,period,rank_officer-officer_female,meta-instanceID,KEY,SubmitterID,"
    "SubmitterName,AttachmentsPresent,AttachmentsExpected,Status,ReviewState,DeviceID,Edits,"
    "FormVersion\n"
    "2026-07-08T10:21:44.105Z,2026-Q2,41,uuid:v2,uuid:root,21,Grace,0,0,,rejected,collect:R,1,1\n"
)
KOBO = (
    "start;end;period;rank_officer/officer_female;meta/rootUuid;_id;_uuid;_submission_time;"
    "_validation_status;_notes;_status;_submitted_by;__version__;_tags;_index\n"
    "2026-07-08T10:15:02;2026-07-08T10:21:40;2026-Q2;41;uuid:root-1;201;edited-2;"
    "2026-07-08T10:21:44;;;submitted_via_web;gk;vR8;;1\n"
)


def test_odk_central_groups_joined_with_dashes_and_the_key_kept_across_edits() -> None:
    read = read_submissions(ODK.encode())

    assert read.source == FieldSource.ODK_CENTRAL
    (only,) = read.submissions
    assert only.key == "uuid:root"  # KEY, not the latest version's meta-instanceID
    assert only.answers == {"period": "2026-Q2", "officer_female": "41"}
    assert only.submitted_at == "2026-07-08T10:21:44.105Z"
    assert only.rejected is True
    assert only.meta["FormVersion"] == "1"


def test_kobo_semicolons_slashes_and_the_root_uuid_over_the_edited_uuid() -> None:
    read = read_submissions(KOBO.encode("utf-8-sig"))

    assert read.source == FieldSource.KOBOTOOLBOX
    (only,) = read.submissions
    assert only.key == "root-1"
    assert only.answers == {"period": "2026-Q2", "officer_female": "41"}  # start/end are metadata
    assert not only.rejected


def test_kobo_without_root_uuid_takes_its_uuid() -> None:
    text = "q;_id;_uuid;_submission_time\n4;17;abc-1;2026-01-01T00:00:00\n"

    assert read_submissions(text.encode()).submissions[0].key == "abc-1"


def test_the_digest_follows_the_answers_only() -> None:
    first = read_submissions(KOBO.encode()).submissions[0]
    moved = read_submissions(KOBO.replace(";1\n", ";7\n").encode()).submissions[0]
    edited = read_submissions(KOBO.replace(";41;", ";42;").encode()).submissions[0]

    assert first.digest == moved.digest  # _index is the server's, not an answer
    assert first.digest != edited.digest


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("name,age\nA,3\n", "header", "not a submissions export"),
        ("q,KEY,PARENT_KEY\n1,a,b\n", "PARENT_KEY", "repeat group"),
        ("SubmissionDate,q,KEY\n2026,1,\n", "KEY", "No submission id"),
        ("SubmissionDate,g-q,h-q,KEY\n2026,1,2,a\n", "h-q", "appears twice"),
        # the ledger keeps 200 characters: a longer id would be new at every import (review1)
        (f"SubmissionDate,q,KEY\n2026,1,uuid:{'a' * 200}\n", "KEY", "longer than 200"),
    ],
)
def test_a_file_that_is_not_a_usable_export_is_refused(text: str, field: str, words: str) -> None:
    with pytest.raises(SubmissionsRefused) as caught:
        read_submissions(text.encode())

    assert caught.value.problems[0].field == field
    assert words in caught.value.problems[0].reason


def test_the_same_submission_twice_names_both_rows() -> None:
    text = "SubmissionDate,q,KEY\n2026,1,uuid:a\n2026,2,uuid:a\n"

    with pytest.raises(SubmissionsRefused) as caught:
        read_submissions(text.encode())

    (problem,) = caught.value.problems
    assert (problem.row, problem.submission, problem.field) == (3, "uuid:a", "KEY")
    assert "row 2" in problem.reason


def test_binary_content_is_refused() -> None:
    with pytest.raises(SubmissionsRefused):
        read_submissions(b"\x00\x01\x02PK\x03\x04")
