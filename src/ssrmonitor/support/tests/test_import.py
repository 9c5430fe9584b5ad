"""The streaming IATI importer on real files: filter, upsert, rollback, defects, hostile XML."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.permissions import Denied
from ssrmonitor.support.codelists import is_ssr_sector
from ssrmonitor.support.iati.errors import ImportAbort, RecordError, UnsupportedVersion
from ssrmonitor.support.models import Activity, ImportRun, SectorAllocation, Transaction
from ssrmonitor.support.services.imports import import_iati_file
from ssrmonitor.support.tests.conftest import SHARED_ACTIVITIES
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country

pytestmark = pytest.mark.django_db(transaction=False)

HAITI_ID = "US-GOV-15-5010-FWR6002R"


def _counts() -> tuple[int, int, int]:
    return Activity.objects.count(), Transaction.objects.count(), SectorAllocation.objects.count()


def test_real_file_is_imported_with_its_money_and_sectors(fixtures: Path, countries: None) -> None:
    summary = import_iati_file(fixtures / "doj-haiti.xml", acting_user=SYSTEM)
    assert (summary.seen, summary.kept, summary.created) == (1, 1, 1)
    activity = Activity.objects.get(iati_identifier=HAITI_ID)
    assert activity.reporting_org.iati_identifier == "US-GOV-15"
    assert activity.title_in("en").startswith("International Narcotics Control")
    assert activity.status == "3"
    assert str(activity.actual_start) == "2015-02-01"
    transaction = activity.transactions.get(ref="8CF443E34F76", transaction_type="3")
    assert (transaction.value, transaction.currency) == (Decimal("12783.00"), "USD")
    assert str(transaction.value_date) == "2015-08-07"
    assert transaction.sectors.filter(vocabulary="1", code="15130").exists()
    assert transaction.recipient_country == "HT"  # declared on the transactions only
    assert set(activity.participants.values_list("role", flat=True)) == {"1", "2", "3", "4"}


def test_reimporting_the_same_file_changes_nothing(fixtures: Path, countries: None) -> None:
    import_iati_file(fixtures / "dod-centralafricanrepublic.xml", acting_user=SYSTEM)
    before = _counts()
    summary = import_iati_file(fixtures / "dod-centralafricanrepublic.xml", acting_user=SYSTEM)
    assert (summary.kept, summary.created, summary.updated, summary.unchanged) == (4, 0, 0, 4)
    assert _counts() == before


def _edited_copy(source: Path, target: Path, *, stamp: str, value: str) -> Path:
    text = source.read_text(encoding="utf-8")
    text = re.sub(r'last-updated-datetime="[^"]*"', f'last-updated-datetime="{stamp}"', text)
    text = text.replace(">12783<", f">{value}<")
    target.write_text(text, encoding="utf-8")
    return target


def test_newer_version_replaces_the_activity_wholly(
    fixtures: Path, countries: None, tmp_path: Path
) -> None:
    import_iati_file(fixtures / "doj-haiti.xml", acting_user=SYSTEM)
    transactions = Transaction.objects.count()
    newer = _edited_copy(
        fixtures / "doj-haiti.xml",
        tmp_path / "doj-haiti.xml",
        stamp="2025-06-01T00:00:00Z",
        value="99",
    )
    summary = import_iati_file(newer, acting_user=SYSTEM)
    assert (summary.updated, summary.created) == (1, 0)
    assert Transaction.objects.count() == transactions  # replaced, not duplicated
    assert Transaction.objects.get(ref="8CF443E34F76", transaction_type="3").value == Decimal(
        "99.00"
    )


def test_older_version_does_not_replace(fixtures: Path, countries: None, tmp_path: Path) -> None:
    import_iati_file(fixtures / "doj-haiti.xml", acting_user=SYSTEM)
    older = _edited_copy(
        fixtures / "doj-haiti.xml", tmp_path / "old.xml", stamp="2020-01-01T00:00:00Z", value="1"
    )
    summary = import_iati_file(older, acting_user=SYSTEM)
    assert summary.unchanged == 1
    assert Transaction.objects.get(ref="8CF443E34F76", transaction_type="3").value == Decimal(
        "12783.00"
    )


def test_broken_file_leaves_the_database_as_it_was(
    fixtures: Path, countries: None, tmp_path: Path
) -> None:
    import_iati_file(fixtures / "doj-haiti.xml", acting_user=SYSTEM)
    before = _counts()
    text = (fixtures / "dod-centralafricanrepublic.xml").read_text(encoding="utf-8")
    values = [m.start() for m in re.finditer(r'<value value-date="[^"]*">', text)]
    cut = text.index(">", values[-1]) + 1
    broken = tmp_path / "dod-car-broken.xml"
    broken.write_text(text[:cut] + "12 thousand" + text[text.index("<", cut) :], encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        import_iati_file(broken, acting_user=SYSTEM)
    error = caught.value
    assert error.file == "dod-car-broken.xml"
    assert error.record.startswith("US-GOV-")
    assert error.field == "transaction/value"
    assert error.line == text[:cut].count("\n") + 1
    assert "12 thousand" in str(error)
    assert _counts() == before
    refused = ImportRun.objects.get(file_name="dod-car-broken.xml")
    assert AuditEvent.objects.filter(action="refuse", object_id=str(refused.pk)).exists()


def test_truncated_file_is_refused_with_its_line(fixtures: Path, tmp_path: Path) -> None:
    text = (fixtures / "dod-centralafricanrepublic.xml").read_bytes()
    cut = tmp_path / "cut.xml"
    cut.write_bytes(text[: len(text) // 2])
    with pytest.raises(RecordError) as caught:
        import_iati_file(cut, acting_user=SYSTEM)
    assert caught.value.field == "XML"
    assert caught.value.line is not None
    assert Activity.objects.count() == 0


def test_version_1_files_are_refused_with_a_clear_message(fixtures: Path) -> None:
    with pytest.raises(UnsupportedVersion) as caught:
        import_iati_file(fixtures / "eu-afghanistan_OIPA-V2.xml", acting_user=SYSTEM)
    assert "IATI version 1.0 is not supported" in str(caught.value)


def test_publisher_defects_are_skipped_with_warnings(fixtures: Path, countries: None) -> None:
    summary = import_iati_file(
        fixtures / "dportal-defects-excerpt.xml", acting_user=SYSTEM, keep_all=True
    )
    assert (summary.seen, summary.kept, summary.created) == (6, 6, 6)
    text = "\n".join(summary.warnings)
    assert "activity XM-DAC-5-7-6614686: <recipient-country> has no code attribute" in text
    assert "activity XM-DAC-6-4-012227-01-0: <sector> has no code attribute" in text
    assert "activity FI-PRO-139407432: <type> is not in the schema here" in text
    assert summary.warning_count == len(summary.warnings)


def test_all_keeps_every_activity_and_country_filters(fixtures: Path, countries: None) -> None:
    summary = import_iati_file(fixtures / "dportal-defects-excerpt.xml", acting_user=SYSTEM)
    assert (summary.seen, summary.kept) == (6, 2)
    assert summary.warning_count == 0  # defects of activities not kept are not reported
    only_haiti = import_iati_file(
        fixtures / "dod-centralafricanrepublic.xml", acting_user=SYSTEM, country=country("HT")
    )
    assert (only_haiti.seen, only_haiti.kept) == (6, 0)


def test_amount_in_exponent_notation_is_read_with_a_warning(fixtures: Path, tmp_path: Path) -> None:
    text = (fixtures / "doj-haiti.xml").read_text(encoding="utf-8").replace(">12783<", ">1e-10<")
    path = tmp_path / "tiny.xml"
    path.write_text(text, encoding="utf-8")
    summary = import_iati_file(path, acting_user=SYSTEM)
    assert any("exponent notation" in w for w in summary.warnings)
    assert Transaction.objects.get(ref="8CF443E34F76", transaction_type="3").value == Decimal(
        "0.00"
    )


def test_percentages_out_of_range_are_ignored_with_a_warning(
    fixtures: Path, tmp_path: Path
) -> None:
    text = (fixtures / "doj-haiti.xml").read_text(encoding="utf-8")
    region = '<recipient-region code="380" percentage="150"/>\n  </iati-activity>'
    path = tmp_path / "percent.xml"
    path.write_text(text.replace("</iati-activity>", region, 1), encoding="utf-8")
    summary = import_iati_file(path, acting_user=SYSTEM)
    assert any("percentage '150' is not a number from 0 to 100" in w for w in summary.warnings)
    kept = Activity.objects.get(iati_identifier=HAITI_ID).regions.get()
    assert (kept.code, kept.percentage) == ("380", None)


def test_an_amount_too_large_for_the_database_refuses_the_file(
    fixtures: Path, tmp_path: Path
) -> None:
    text = (fixtures / "doj-haiti.xml").read_text(encoding="utf-8")
    path = tmp_path / "huge.xml"
    path.write_text(text.replace(">12783<", ">1234567890123456789<"), encoding="utf-8")
    with pytest.raises(RecordError, match="out of range") as caught:
        import_iati_file(path, acting_user=SYSTEM)
    assert caught.value.field == "transaction/value"
    assert Activity.objects.count() == 0


XXE = """<?xml version="1.0"?>
<!DOCTYPE iati-activities [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<iati-activities version="2.03"><iati-activity><iati-identifier>XX-1</iati-identifier>
<reporting-org ref="XX-1"><narrative>&secret;</narrative></reporting-org>
<sector code="15210"/></iati-activity></iati-activities>"""

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<iati-activities version="2.03"><iati-activity><iati-identifier>XX-2</iati-identifier>
<reporting-org ref="XX-2"><narrative>&lol3;</narrative></reporting-org>
<sector code="15210"/></iati-activity></iati-activities>"""


@pytest.mark.parametrize("payload", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_hostile_xml_is_refused_without_expanding_anything(payload: str, tmp_path: Path) -> None:
    path = tmp_path / "hostile.xml"
    path.write_text(payload, encoding="utf-8")
    with pytest.raises(ImportAbort, match="DOCTYPE"):
        import_iati_file(path, acting_user=SYSTEM)
    assert Activity.objects.count() == 0


def test_import_is_audited_once_per_file(fixtures: Path, countries: None, alice: Any) -> None:
    summary = import_iati_file(fixtures / "doj-haiti.xml", acting_user=alice, country=country("HT"))
    event = AuditEvent.objects.get(action="import")
    assert event.actor_name == "alice"
    assert event.country_iso2 == "HT"
    assert event.after["created"] == [HAITI_ID]
    assert event.after["summary"]["kept"] == summary.kept == 1


def test_members_import_only_for_their_country(fixtures: Path, bob: Any, alice: Any) -> None:
    with pytest.raises(Denied):
        import_iati_file(fixtures / "doj-haiti.xml", acting_user=bob, country=country("HT"))
    with pytest.raises(Denied):
        import_iati_file(fixtures / "doj-haiti.xml", acting_user=alice)
    assert Activity.objects.count() == 0


@pytest.mark.parametrize(
    ("vocabulary", "code", "expected"),
    [
        ("1", "15210", True),
        ("", "15130", True),
        ("1", "1513010", True),
        ("1", "1516010", True),
        ("2", "152", True),
        ("2", "151", False),
        ("1", "15110", False),
        ("1", "1516000", False),
        ("99", "15210", False),
    ],
)
def test_ssr_sector_filter(vocabulary: str, code: str, expected: bool) -> None:
    assert is_ssr_sector(vocabulary, code) is expected


def _independent_ssr_count(files: list[Path]) -> set[str]:
    """Plain lxml, no SSR Monitor code: identifiers of 2.0x activities with an SSR sector."""
    codes = {"15210", "15220", "15230", "15240", "15250", "15261", "15130", "15170", "15180"}
    codes |= {"1513010", "1513020", "1513030", "1516010", "1516020", "1520010", "1520020"}
    found: set[str] = set()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for path in files:
        root = etree.parse(str(path), parser).getroot()
        if not root.get("version", "").startswith("2."):
            continue
        for activity in root.iter("iati-activity"):
            for sector in activity.iter("sector"):
                vocabulary, code = sector.get("vocabulary", "1"), sector.get("code", "")
                dac5 = vocabulary == "1" and code in codes
                if dac5 or (vocabulary == "2" and code == "152"):
                    found.add((activity.findtext("iati-identifier") or "").strip())
                    break
    return found


def test_every_shared_file_imports_and_matches_an_independent_count(tmp_path: Path) -> None:
    if not SHARED_ACTIVITIES.is_dir():
        pytest.skip(
            "the shared IATI corpus (shared/data/iati/activities) is not beside the repository"
        )
    files = sorted(SHARED_ACTIVITIES.rglob("*.xml"))
    kept = 0
    refused = []
    for path in files:
        try:
            kept += import_iati_file(path, acting_user=SYSTEM).kept
        except UnsupportedVersion:
            refused.append(path.name)
    expected = _independent_ssr_count(files)
    assert kept == len(expected) == Activity.objects.count()
    assert set(Activity.objects.values_list("iati_identifier", flat=True)) == expected
    assert all("legacy-1.0x" in str(p) for p in files if p.name in refused)
    assert len(refused) == 4


def test_import_command_reports_a_summary_and_refused_files(
    fixtures: Path, countries: None
) -> None:
    import io

    from django.core.management import CommandError, call_command

    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command("import_iati", str(fixtures), stdout=out, stderr=err)
    assert "files: 4  activities seen: 13  kept: 7  created: 7" in out.getvalue()
    assert "REFUSED eu-afghanistan_OIPA-V2.xml" in err.getvalue()
    call_command(
        "import_iati", str(fixtures / "doj-haiti.xml"), "--all", "--country", "HT", stdout=out
    )
    assert "unchanged: 1" in out.getvalue()


def test_export_command_writes_valid_xml(fixtures: Path, countries: None, tmp_path: Path) -> None:
    from django.core.management import call_command

    from ssrmonitor.testing.factories_support import national_activity, partner

    national_activity(country("HT"), partner("XM-NAT"), "1")
    target = tmp_path / "out.xml"
    call_command("export_iati", "--country", "HT", "-o", str(target))
    root = etree.parse(str(target)).getroot()
    assert [a.findtext("iati-identifier") for a in root] == ["XM-NAT-1"]


def test_codes_missing_from_the_codelists_are_kept_with_a_warning(
    fixtures: Path, tmp_path: Path
) -> None:
    text = (fixtures / "doj-haiti.xml").read_text(encoding="utf-8")
    text = text.replace('<activity-status code="3"/>', '<activity-status code="9"/>')
    text = text.replace(
        '<value value-date="2015-08-07">12783',
        '<value currency="ZZZ" value-date="2015-08-07">12783',
    )
    path = tmp_path / "odd-codes.xml"
    path.write_text(text, encoding="utf-8")
    summary = import_iati_file(path, acting_user=SYSTEM)
    assert summary.created == 1
    assert any("ActivityStatus 9 is not in the IATI codelist" in w for w in summary.warnings)
    assert any("Currency ZZZ is not in the IATI codelist" in w for w in summary.warnings)
    assert Activity.objects.get().status == "9"
