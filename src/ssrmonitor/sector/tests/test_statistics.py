"""Reference statistics: the bundled files, the glitch policy, and an idempotent import."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from ssrmonitor.core.models import AuditEvent
from ssrmonitor.sector.models import ReferenceValue
from ssrmonitor.sector.services.reference import import_reference_statistics
from ssrmonitor.sector.statistics import (
    DATA_DIR,
    UNSD_POLICE,
    iso3_of_name,
    read_owid_personnel,
    read_unsd,
    read_wdi,
)
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories_sector import real_country as country

ROOT = Path(__file__).resolve().parents[4]
SHARED = ROOT.parent / "shared" / "data"
FILES = {
    "wdi_MS.MIL.XPND.GD.ZS_2018.csv": "milex/wdi_MS.MIL.XPND.GD.ZS_2018.csv",
    "owid_armed_forces_personnel_wdi_iiss.csv": "milex/owid_armed_forces_personnel_wdi_iiss.csv",
    "unsd_IV_4_female_police.tsv": "gender/unsd_minset/7500__IV_4__Ib3320b80__Sb3320b80.tsv",
    "unsd_IV_5_female_judges.tsv": "gender/unsd_minset/7600__IV_5__I5aac0815__S5aac0815.tsv",
}


def test_wdi_aggregates_are_skipped_and_somalia_glitch_refused() -> None:
    parsed = read_wdi(DATA_DIR / "wdi_MS.MIL.XPND.GD.ZS_2018.csv")
    values = {(iso3, year): value for iso3, year, value in parsed.rows}
    assert parsed.skipped["aggregate or unknown area"] == 49
    assert ("SOM", 2016) not in values
    assert "SOM 2016: 0.0000329489284771008" in parsed.refused
    assert not any(iso3 in {"WLD", "SSF", "FCS"} for iso3, _year in values)
    assert values[("COD", 2016)].quantize(Decimal("0.01")) == Decimal("1.38")
    assert values[("KWT", 1991)] > 100  # the Gulf War: real, kept


def test_owid_names_resolve_to_countries_and_aggregates_do_not() -> None:
    assert iso3_of_name("Democratic Republic of Congo") == "COD"
    assert iso3_of_name("Central African Republic") == "CAF"
    assert iso3_of_name("Sub-Saharan Africa") is None
    parsed = read_owid_personnel(DATA_DIR / "owid_armed_forces_personnel_wdi_iiss.csv")
    values = {(iso3, year): value for iso3, year, value in parsed.rows}
    assert values[("COD", 2015)] == 134250
    assert values[("LBR", 2015)] == 2050
    assert len(parsed.rows) + parsed.skipped["aggregate or unknown area"] == 5746


def test_unsd_female_police_has_no_focus_country() -> None:
    parsed = read_unsd(DATA_DIR / "unsd_IV_4_female_police.tsv", UNSD_POLICE)
    areas = {iso3 for iso3, _year, _value in parsed.rows}
    assert len(parsed.rows) == 754
    assert not areas & {"COD", "CAF", "SSD", "MLI", "SOM", "LBR", "HTI"}
    assert "KEN" in areas


def _small_copy(target: Path) -> None:
    """Real rows of the bundled files for a few areas (headers kept)."""
    wdi = (DATA_DIR / "wdi_MS.MIL.XPND.GD.ZS_2018.csv").read_text(encoding="utf-8-sig")
    lines = wdi.splitlines()
    keep = [line for line in lines[5:] if any(f'"{c}"' in line for c in ("SOM", "LBR", "WLD"))]
    (target / "wdi_MS.MIL.XPND.GD.ZS_2018.csv").write_text(
        "\n".join(lines[:5] + keep), encoding="utf-8"
    )
    for name, words in (
        ("owid_armed_forces_personnel_wdi_iiss.csv", ("Liberia,", "World,")),
        ("unsd_IV_4_female_police.tsv", ("\tKEN\t",)),
        ("unsd_IV_5_female_judges.tsv", ("\tKEN\t",)),
    ):
        rows = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
        body = [row for row in rows[1:] if any(word in row for word in words)]
        (target / name).write_text("\n".join([rows[0], *body]), encoding="utf-8")


@pytest.mark.django_db
def test_import_is_idempotent_and_audited_per_series(tmp_path: Path) -> None:
    for iso2 in ("LR", "SO", "KE"):
        country(iso2)
    _small_copy(tmp_path)
    first = import_reference_statistics(acting_user=SYSTEM, directory=tmp_path)
    assert sum(s.created for s in first) == ReferenceValue.objects.count() > 0
    events = AuditEvent.objects.count()
    second = import_reference_statistics(acting_user=SYSTEM, directory=tmp_path)
    assert sum(s.created + s.updated for s in second) == 0
    assert AuditEvent.objects.count() == events
    somalia = ReferenceValue.objects.filter(
        country__iso3="SOM", series__code="WB:MS.MIL.XPND.GD.ZS"
    )
    assert not somalia.filter(year__in=[2013, 2014, 2015, 2016]).exists()
    assert somalia.filter(year__lt=1989).exists()  # the plausible years are kept


@pytest.mark.django_db
def test_command_reports_what_it_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    country("SO")
    _small_copy(tmp_path)
    call_command("import_statistics", directory=tmp_path)
    out = capsys.readouterr().out
    assert "refused as implausible: SOM 2016" in out


@pytest.mark.parametrize("bundled, shared", FILES.items())
def test_bundled_files_are_verbatim_copies(bundled: str, shared: str) -> None:
    source = SHARED / shared
    if not source.exists():
        pytest.skip("the shared data folder is not beside the repository")
    digest = hashlib.sha256
    assert (
        digest((DATA_DIR / bundled).read_bytes()).digest() == digest(source.read_bytes()).digest()
    )


def test_the_sipri_extract_is_not_bundled() -> None:
    assert not any("sipri" in path.name.lower() for path in DATA_DIR.iterdir())
