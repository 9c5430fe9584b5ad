"""Anchoring the audit chain's head: a truncated tail and a forged anchor are detected."""

from __future__ import annotations

import re
import stat
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from ssrmonitor.core.audit import check_anchors, head_anchor
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.services import save_organisation
from ssrmonitor.testing.actors import SYSTEM

pytestmark = pytest.mark.django_db

LINE = re.compile(
    r"^ssrm-audit-anchor/1 seq=(\d+) hash=([0-9a-f]{64}) at=(\S+) sig=([0-9a-f]{64})$"
)


def _events(*names: str) -> None:
    for name in names:
        save_organisation(acting_user=SYSTEM, name=name, iati_identifier=f"XM-{name}")


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _refused(*args: str) -> tuple[CommandError, str]:
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(*args, stdout=StringIO(), stderr=err)
    return raised.value, err.getvalue()


def _delete_newest(count: int) -> None:
    """What an intruder with the database does: drop the triggers, delete the last rows."""
    newest = list(AuditEvent.objects.order_by("-id").values_list("id", flat=True)[:count])
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER core_auditevent_no_delete")
        else:
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")
        cursor.execute(
            f"DELETE FROM core_auditevent WHERE id IN ({', '.join(['%s'] * len(newest))})",  # noqa: S608
            newest,
        )


def _anchor_file(tmp_path: Path, *lines: str) -> str:
    path = tmp_path / "anchors.txt"
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return str(path)


def test_the_anchor_names_the_head_and_is_signed() -> None:
    _events("UNDP", "UNOPS")
    head = AuditEvent.objects.order_by("-id").first()
    assert head is not None
    out, _err = _run("audit_anchor")
    found = LINE.match(out.strip())
    assert found is not None, out
    assert (int(found[1]), found[2]) == (head.pk, head.hash)
    assert found[3].endswith("+00:00")
    assert check_anchors([out]) == (1, [])


def test_an_empty_log_is_anchored_at_zero() -> None:
    line = head_anchor()
    assert " seq=0 " in line
    _events("UNDP")
    assert check_anchors([line]) == (1, [])


def test_verify_with_anchors_passes_on_an_intact_log(tmp_path: Path) -> None:
    _events("UNDP")
    first = head_anchor()
    _events("UNOPS", "DCAF")
    anchors = _anchor_file(tmp_path, "# daily anchors", first, "", head_anchor())
    out, err = _run("verify_audit_chain", "--anchor", anchors)
    assert "Audit chain intact: 3 events verified." in out
    assert "2 anchors match." in out
    assert err == ""


def test_deleting_the_newest_rows_passes_the_chain_but_not_the_anchor(tmp_path: Path) -> None:
    _events("UNDP", "UNOPS", "DCAF")
    anchors = _anchor_file(tmp_path, head_anchor())
    head = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    _delete_newest(2)

    out, _err = _run("verify_audit_chain")  # the chain alone cannot see it
    assert "Audit chain intact: 1 event verified." in out

    error, err = _refused("verify_audit_chain", "--anchor", anchors)
    assert error.returncode == 1
    assert "1 of 1 anchor line fails" in str(error)
    assert f"anchor line 1: anchored event #{head} is missing" in err


def _as_first_event(line: str) -> str:
    """The head rewritten to the oldest event, as after deleting the others, without the key."""
    first = AuditEvent.objects.order_by("id").first()
    assert first is not None
    line = re.sub(r"seq=\d+", f"seq={first.pk}", line)
    return re.sub(r"hash=[0-9a-f]+", f"hash={first.hash}", line)


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(_as_first_event, id="earlier-head"),
        pytest.param(lambda line: re.sub(r"seq=(\d+)", r"seq=\g<1>0", line), id="later-seq"),
        pytest.param(lambda line: line.replace(" at=20", " at=19"), id="other-time"),
        pytest.param(lambda line: line[:-1] + ("1" if line.endswith("0") else "0"), id="other-sig"),
    ],
)
def test_a_forged_anchor_line_is_refused(tmp_path: Path, forge: Any) -> None:
    _events("UNDP", "UNOPS")
    line = head_anchor()
    forged = forge(line)
    assert forged != line
    error, err = _refused("verify_audit_chain", "--anchor", _anchor_file(tmp_path, forged))
    assert error.returncode == 1
    assert "anchor line 1: the signature does not match" in err


def test_an_anchor_signed_with_another_key_is_refused(settings: Any) -> None:
    _events("UNDP")
    real_key = settings.AUDIT_HMAC_KEY
    settings.AUDIT_HMAC_KEY = "someone else's key"
    forged = head_anchor()
    settings.AUDIT_HMAC_KEY = real_key
    count, problems = check_anchors([forged])
    assert count == 1
    assert [(p.line, p.reason[:30]) for p in problems] == [(1, "the signature does not match: ")]


def test_a_line_that_is_no_anchor_and_a_file_without_anchors(tmp_path: Path) -> None:
    _events("UNDP")
    error, err = _refused("verify_audit_chain", "--anchor", _anchor_file(tmp_path, "hello"))
    assert "anchor line 1: not an anchor line" in err
    error, _err = _refused("verify_audit_chain", "--anchor", _anchor_file(tmp_path, "# none"))
    assert "holds no anchor line" in str(error)
    error, _err = _refused("verify_audit_chain", "--anchor", str(tmp_path / "missing.txt"))
    assert "Cannot read" in str(error)


def test_append_adds_one_line_per_run_to_a_private_file(tmp_path: Path) -> None:
    target = tmp_path / "anchors.txt"
    _events("UNDP")
    first, _err = _run("audit_anchor", "--append", str(target))
    _events("UNOPS")
    second, _err = _run("audit_anchor", "--append", str(target))
    assert target.read_text(encoding="utf-8").splitlines() == [first.strip(), second.strip()]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "2 anchors match." in _run("verify_audit_chain", "--anchor", str(target))[0]


def test_a_broken_chain_is_not_anchored() -> None:
    _events("UNDP", "UNOPS", "DCAF")
    middle = AuditEvent.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER core_auditevent_no_delete")
        else:
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [middle.pk])
    error, _err = _refused("audit_anchor")
    assert error.returncode == 1
    assert "is not anchored" in str(error)
    assert _run("audit_anchor", "--skip-verify")[0].startswith("ssrm-audit-anchor/1 ")
